import { createHash, timingSafeEqual } from 'node:crypto';
import { Inject, Optional } from '@nestjs/common';
import {
  CommandHandler,
  QueryHandler,
  type ICommandHandler,
  type IQueryHandler,
} from '@nestjs/cqrs';
import { AuthError } from '@tangle/contracts';
import { TAKEOUT_LINK_TTL_MS, currentTakeout } from '@tangle/domain';
import { AccountStream } from '../accounts/account-stream';
import { RateLimits } from '../limits/rate-limits';
import {
  CLOCK,
  IDENTIFIER_KEYS,
  READ_MODEL_STORE,
  SECRET_GENERATOR,
  SECRET_SEALER,
  type Clock,
  type IdentifierKeys,
  type ReadModelQueries,
  type SecretGenerator,
  type SecretSealer,
  type SecurityHistoryEntry,
} from '../ports';
import { metadataFor } from '../shared/request-context';
import { HISTORY_MAX_PAGE_SIZE } from './security-history-cursor';
import {
  GetTakeoutQuery,
  RequestTakeoutCommand,
  parseTakeoutToken,
  takeoutToken,
  type TakeoutExport,
} from './takeout.commands';

const PURPOSE = 'takeout';
/** TAKEOUT_LINK_TTL_MS: how long a takeout link works. */
export const TAKEOUT_LINK_TTL = Symbol('TakeoutLinkTtlMs');
/** The most security-history entries an export carries (the newest). */
export const TAKEOUT_MAX_HISTORY = 10_000;

/**
 * Mails the owner a link to an export of their data. The link's token names the account and
 * carries a 256-bit secret; the account stream keeps only its keyed hash (and the token sealed
 * for the mailer). The newest link replaces the others; it works for TAKEOUT_LINK_TTL_MS.
 */
@CommandHandler(RequestTakeoutCommand)
export class RequestTakeoutHandler implements ICommandHandler<RequestTakeoutCommand, void> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SECRET_GENERATOR) private readonly secrets: SecretGenerator,
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    @Inject(SECRET_SEALER) private readonly sealer: SecretSealer,
    private readonly accounts: AccountStream,
    private readonly limits: RateLimits,
    @Optional() @Inject(TAKEOUT_LINK_TTL) private readonly ttlMs: number = TAKEOUT_LINK_TTL_MS,
  ) {}

  async execute(command: RequestTakeoutCommand): Promise<void> {
    const { userId } = command;
    await this.limits.enforce('takeout', {
      address: command.context.clientIp,
      account: userId,
    });
    const secret = this.secrets.urlToken(32);
    const now = this.clock.now();
    await this.accounts.decide(
      userId,
      {
        kind: 'request-takeout',
        tokenHash: this.keys.secretHash(PURPOSE, userId, secret),
        sealedToken: this.sealer.seal(takeoutToken(userId, secret)),
        locale: command.locale,
        at: now,
        ttlMs: this.ttlMs,
      },
      metadataFor({ ...command.context, actorUserId: userId }, now),
    );
  }
}

/**
 * The export behind a takeout link: only the account's newest link, before it expires, opens
 * it, and every other token (malformed, old, expired, another account's) answers the same
 * INVALID_TOKEN. Tries are limited per address.
 */
@QueryHandler(GetTakeoutQuery)
export class GetTakeoutHandler implements IQueryHandler<GetTakeoutQuery, TakeoutExport> {
  constructor(
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelQueries,
    private readonly accounts: AccountStream,
    private readonly limits: RateLimits,
  ) {}

  async execute(query: GetTakeoutQuery): Promise<TakeoutExport> {
    await this.limits.enforce('takeout-download', {
      address: query.context.clientIp,
      account: null,
    });
    const parsed = parseTakeoutToken(query.token);
    if (parsed === null) throw new AuthError('INVALID_TOKEN');
    const now = this.clock.now();
    const account = await this.accounts.state(parsed.userId);
    const pending = currentTakeout(account, now);
    const presented = this.keys.secretHash(PURPOSE, parsed.userId, parsed.secret);
    if (pending === null || !sameSecret(pending.tokenHash, presented)) {
      throw new AuthError('INVALID_TOKEN');
    }
    if (account.status !== 'registered') throw new AuthError('INVALID_TOKEN');
    const [sessions, history] = await Promise.all([
      this.readModels.listActiveSessions(account.userId),
      this.history(account.userId),
    ]);
    return {
      exportedAt: now,
      account: {
        userId: account.userId,
        name: account.name,
        username: account.username,
        email: account.email,
        emailVerified: account.emailVerified,
        hasPassword: account.passwordHash !== null,
        registeredAt: account.registeredAt,
        lastLoginAt: account.lastLoginAt,
        ...account.profile,
      },
      sessions: sessions.map((s) => ({
        sessionId: s.sessionId,
        deviceType: s.deviceType,
        deviceVersion: s.deviceVersion,
        appName: s.appName,
        appVersion: s.appVersion,
        method: s.method,
        startedAt: s.startedAt,
        lastActive: s.lastActive,
        country: s.country,
        region: s.region,
      })),
      securityHistory: history.map((e) => ({
        kind: e.kind,
        at: e.at,
        sessionId: e.sessionId,
        device: e.device,
        country: e.country,
        region: e.region,
        detail: e.detail,
      })),
    };
  }

  private async history(userId: string): Promise<SecurityHistoryEntry[]> {
    const all: SecurityHistoryEntry[] = [];
    while (all.length < TAKEOUT_MAX_HISTORY) {
      const before = all.length === 0 ? null : all[all.length - 1].position;
      const page = await this.readModels.listSecurityHistory(userId, {
        before,
        limit: HISTORY_MAX_PAGE_SIZE,
      });
      all.push(...page);
      if (page.length < HISTORY_MAX_PAGE_SIZE) break;
    }
    return all.slice(0, TAKEOUT_MAX_HISTORY);
  }
}

/** Constant-time equality of two hashes of any length. */
function sameSecret(expected: string, actual: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(expected), digest(actual));
}
