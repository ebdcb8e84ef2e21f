import { Inject, Injectable, Logger } from '@nestjs/common';
import { SignInFailed, Streams, type SignInFailedData } from '@tangle/contracts';
import {
  CLOCK,
  EVENT_STORE,
  GEO_LOCATOR,
  SECRET_GENERATOR,
  type Clock,
  type EventStore,
  type GeoLocator,
  type SecretGenerator,
} from '../ports';
import { metadataFor, type ClientDevice, type RequestContext } from '../shared/request-context';

/**
 * Records a wrong password given for an existing account (`signin.failed.v1` on the account's
 * `signin-<userId>` stream), for its security history. The record is written after the answer,
 * never awaited by it: a sign-in refused for an existing account costs what one refused for an
 * unknown address costs, so timing does not tell them apart. The sign-in limits (per address
 * and per account, checked before the password) bound how many one account can get.
 */
@Injectable()
export class SignInFailures {
  private readonly logger = new Logger('SignInFailures');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(GEO_LOCATOR) private readonly geo: GeoLocator,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SECRET_GENERATOR) private readonly secrets: SecretGenerator,
  ) {}

  /** Starts recording; resolves when the record is written (or its failure logged), never rejects. */
  record(userId: string, device: ClientDevice, context: RequestContext): Promise<void> {
    const at = this.clock.now();
    const where = device.geo ?? this.geo.locate(device.ip);
    const data: SignInFailedData = {
      userId,
      at,
      deviceType: device.deviceType,
      deviceVersion: device.deviceVersion,
      country: where.country,
      region: where.region,
    };
    return this.store
      .append(
        Streams.signInFailures(userId),
        [
          {
            eventId: this.secrets.uuid(),
            type: SignInFailed,
            data,
            metadata: metadataFor(context, at),
          },
        ],
        'any',
      )
      .then(
        () => undefined,
        (error: unknown) =>
          this.logger.warn(`failed sign-in of ${userId} not recorded: ${String(error)}`),
      );
  }
}
