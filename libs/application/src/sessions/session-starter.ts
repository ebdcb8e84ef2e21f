import { Inject, Injectable } from '@nestjs/common';
import type { SessionMethod } from '@tangle/contracts';
import {
  CLOCK,
  GEO_LOCATOR,
  ID_GENERATOR,
  SESSION_TOKENS,
  type Clock,
  type GeoLocator,
  type GlobalPosition,
  type IdGenerator,
  type SessionTokens,
} from '../ports';
import { metadataFor, type ClientDevice, type RequestContext } from '../shared/request-context';
import { AccountStream } from '../accounts/account-stream';
import { SessionStream } from './session-stream';

export interface StartedSession {
  sessionId: string;
  token: string;
  position: GlobalPosition;
}

/** Opens a session for a user who has just proved who they are. */
@Injectable()
export class SessionStarter {
  constructor(
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(SESSION_TOKENS) private readonly tokens: SessionTokens,
    @Inject(GEO_LOCATOR) private readonly geo: GeoLocator,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly accounts: AccountStream,
    private readonly sessions: SessionStream,
  ) {}

  /**
   * Links the session to the account first (refused if the password changed since
   * `verifiedPasswordHash` was checked), then starts it: a password reset reads
   * the account's links and so finds every session, even one being opened.
   */
  async start(
    userId: string,
    method: SessionMethod,
    device: ClientDevice,
    context: RequestContext,
    options: { verifiedPasswordHash?: string | null; sessionId?: string } = {},
  ): Promise<StartedSession> {
    const sessionId = options.sessionId ?? this.ids.nextId();
    const { token, tokenHash } = this.tokens.mint(sessionId);
    const where = device.geo ?? this.geo.locate(device.ip);
    const now = this.clock.now();
    const metadata = metadataFor(
      { ...context, actorUserId: userId, actorSessionId: sessionId },
      now,
    );
    await this.accounts.decide(
      userId,
      {
        kind: 'link-session',
        sessionId,
        verifiedPasswordHash: options.verifiedPasswordHash ?? null,
        at: now,
      },
      metadata,
    );
    const decision = await this.sessions.decide(
      sessionId,
      {
        kind: 'start',
        sessionId,
        userId,
        tokenHash,
        method,
        at: now,
        clientId: device.clientId,
        deviceType: device.deviceType,
        deviceVersion: device.deviceVersion,
        appName: device.appName,
        appVersion: device.appVersion,
        country: where.country,
        region: where.region,
      },
      metadata,
    );
    return { sessionId, token, position: decision.appended!.position };
  }
}
