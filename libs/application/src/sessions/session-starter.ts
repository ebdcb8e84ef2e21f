import { Inject, Injectable } from '@nestjs/common';
import { Streams, type SessionMethod } from '@tangle/contracts';
import { sessionDecider } from '@tangle/domain';
import {
  CLOCK,
  EVENT_STORE,
  GEO_LOCATOR,
  ID_GENERATOR,
  SESSION_TOKENS,
  type Clock,
  type EventStore,
  type GeoLocator,
  type GlobalPosition,
  type IdGenerator,
  type SessionTokens,
} from '../ports';
import { metadataFor, type ClientDevice, type RequestContext } from '../shared/request-context';
import { decideAndAppend } from '../shared/stream-decision';
import { SESSION_CACHE, type SessionCache } from './session-cache';

export interface StartedSession {
  sessionId: string;
  token: string;
  position: GlobalPosition;
}

/** Opens a session for a user who has just proved who they are. */
@Injectable()
export class SessionStarter {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(SESSION_TOKENS) private readonly tokens: SessionTokens,
    @Inject(GEO_LOCATOR) private readonly geo: GeoLocator,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SESSION_CACHE) private readonly sessions: SessionCache,
  ) {}

  async start(
    userId: string,
    method: SessionMethod,
    device: ClientDevice,
    context: RequestContext,
  ): Promise<StartedSession> {
    const sessionId = this.ids.nextId();
    const { token, tokenHash } = this.tokens.mint(sessionId);
    const where = device.geo ?? this.geo.locate(device.ip);
    const now = this.clock.now();
    const decision = await decideAndAppend(
      this.store,
      Streams.session(sessionId),
      sessionDecider,
      () => ({
        kind: 'start' as const,
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
      }),
      metadataFor({ ...context, actorUserId: userId, actorSessionId: sessionId }, now),
    );
    for (const event of decision.recorded) this.sessions.apply(event);
    return { sessionId, token, position: decision.appended!.position };
  }
}
