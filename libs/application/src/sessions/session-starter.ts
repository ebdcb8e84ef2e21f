import { Inject, Injectable, Optional } from '@nestjs/common';
import type { SessionMethod } from '@tangle/contracts';
import { sessionExpiresAt, type LinkedSecondFactor } from '@tangle/domain';
import {
  ACCESS_TOKENS,
  CLOCK,
  GEO_LOCATOR,
  ID_GENERATOR,
  REFRESH_TOKENS,
  SESSION_TOKENS,
  type AccessTokens,
  type Clock,
  type GeoLocator,
  type GlobalPosition,
  type IdGenerator,
  type IssuedAccessToken,
  type RefreshTokens,
  type SessionTokens,
} from '../ports';
import { metadataFor, type ClientDevice, type RequestContext } from '../shared/request-context';
import { AccountStream } from '../accounts/account-stream';
import {
  SESSION_POLICY,
  SESSION_TOKEN_GRANT,
  type SessionGrant,
  type SessionPolicy,
} from './session-policy';
import { SessionStream } from './session-stream';

export interface StartedSession {
  sessionId: string;
  /** The session token, or the first refresh token of a token-pair session. */
  token: string;
  /** Token-pair sessions only. */
  access?: IssuedAccessToken;
  expiresAt: number;
  position: GlobalPosition;
}

/** NEW_SIGN_IN_NOTICES: whether a sign-in from a new device class and country mails a notice. */
export const NEW_SIGN_IN_NOTICES = Symbol('NewSignInNotices');

/** Opens a session for a user who has just proved who they are. */
@Injectable()
export class SessionStarter {
  constructor(
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
    @Inject(SESSION_TOKENS) private readonly sessionTokens: SessionTokens,
    @Inject(REFRESH_TOKENS) private readonly refreshTokens: RefreshTokens,
    @Inject(ACCESS_TOKENS) private readonly accessTokens: AccessTokens,
    @Inject(GEO_LOCATOR) private readonly geo: GeoLocator,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SESSION_POLICY) private readonly policy: SessionPolicy,
    private readonly accounts: AccountStream,
    private readonly sessions: SessionStream,
    @Optional() @Inject(NEW_SIGN_IN_NOTICES) private readonly notices: boolean = true,
  ) {}

  /**
   * Links the session to the account first (refused if the password changed since
   * `verifiedPasswordHash` was checked, and with MFA_REQUIRED when the account has TOTP on
   * and no `secondFactor` is given), then starts it: a password reset reads the account's
   * links and so finds every session, even one being opened.
   */
  async start(
    userId: string,
    method: SessionMethod,
    device: ClientDevice,
    context: RequestContext,
    options: {
      verifiedPasswordHash?: string | null;
      sessionId?: string;
      grant?: SessionGrant;
      /**
       * The second factor verified for this sign-in (SecondFactors, or a QR approval), if any:
       * with TOTP on, the account's link refuses MFA_REQUIRED without one.
       */
      secondFactor?: LinkedSecondFactor | null;
      /** The signed-in session that approved this one (a QR login). */
      approvedBySession?: string | null;
    } = {},
  ): Promise<StartedSession> {
    const sessionId = options.sessionId ?? this.ids.nextId();
    const grant = options.grant ?? SESSION_TOKEN_GRANT;
    const pair = grant.kind === 'token-pair';
    const minted = (pair ? this.refreshTokens : this.sessionTokens).mint(sessionId);
    const where = device.geo ?? this.geo.locate(device.ip);
    const now = this.clock.now();
    const expiresAt = sessionExpiresAt(this.policy, now, pair ? grant.remembered : true);
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
        secondFactor: options.secondFactor ?? null,
        origin: {
          deviceType: device.deviceType,
          deviceVersion: device.deviceVersion,
          country: where.country,
          region: where.region,
          notify: this.notices,
        },
        expiresAt,
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
        tokenHash: pair ? '' : minted.tokenHash,
        refreshTokenHash: pair ? minted.tokenHash : null,
        method,
        at: now,
        expiresAt,
        clientId: device.clientId,
        deviceType: device.deviceType,
        deviceVersion: device.deviceVersion,
        appName: device.appName,
        appVersion: device.appVersion,
        country: where.country,
        region: where.region,
        approvedBySession: options.approvedBySession ?? null,
      },
      metadata,
    );
    return {
      sessionId,
      token: minted.token,
      ...(pair ? { access: await this.accessTokens.issue({ userId, sessionId }) } : {}),
      expiresAt,
      position: decision.appended!.position,
    };
  }
}
