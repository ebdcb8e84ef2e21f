import { Inject, Injectable } from '@nestjs/common';
import { Streams, type SessionMethod } from '@tangle/contracts';
import { accountDecider, sessionDecider } from '@tangle/domain';
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
import { ACCOUNT_CACHE, type AccountCache } from '../accounts/account-cache';
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
    @Inject(ACCOUNT_CACHE) private readonly accounts: AccountCache,
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
    const link = await decideAndAppend(
      this.store,
      Streams.account(userId),
      accountDecider,
      () => ({
        kind: 'link-session' as const,
        sessionId,
        verifiedPasswordHash: options.verifiedPasswordHash ?? null,
        at: now,
      }),
      metadata,
      () => this.accounts.known(userId),
    );
    for (const event of link.recorded) this.accounts.apply(event);
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
      metadata,
    );
    for (const event of decision.recorded) this.sessions.apply(event);
    return { sessionId, token, position: decision.appended!.position };
  }
}
