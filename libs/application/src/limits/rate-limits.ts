import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuthError } from '@tangle/contracts';
import { CLOCK, RATE_LIMIT_STORE, type Clock, type RateLimitStore } from '../ports';
import { clientAddressKey } from './client-address-key';
import {
  RATE_LIMIT_CONFIG,
  scopesOf,
  type RateLimitAction,
  type RateLimitConfig,
  type RateLimitRule,
  type RateLimitScope,
} from './rate-limit-rules';

/** Who is trying: each limit of the action applies when its part is known. */
export interface RateLimitSubject {
  /** The client address (RequestContext.clientIp); null or absent: no address limit. */
  address?: string | null;
  /**
   * The account tried: its user id, or for an account that does not exist a stable keyed
   * value (an identifier key), never an email in clear. Null or absent: no account limit.
   */
  account?: string | null;
}

export interface RateLimitDecision {
  allowed: boolean;
  /** When refused, how long until the first refusing limit's window ends; 0 when allowed. */
  retryAfterMs: number;
  /** Tries left under the tightest limit after this one (Infinity when nothing limits it). */
  remaining: number;
}

/** One limit that applies: its store key and rule. */
export interface AppliedRateLimit {
  scope: RateLimitScope;
  key: string;
  rule: RateLimitRule;
}

const ALLOWED: RateLimitDecision = {
  allowed: true,
  retryAfterMs: 0,
  remaining: Number.POSITIVE_INFINITY,
};

/**
 * The rate limits of every door, over the RateLimitStore. A try is reserved before the work
 * it limits (before the password is verified, the code compared, the mail queued), so tries
 * sent in parallel cannot get past the limit; a success then clears the account's count.
 */
@Injectable()
export class RateLimits {
  private readonly logger = new Logger('RateLimits');

  constructor(
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
    @Inject(RATE_LIMIT_CONFIG) private readonly config: RateLimitConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    if (!config.enabled) {
      this.logger.warn(
        'RATE_LIMITS=off: sign-in, sign-up, codes and mail requests are not rate limited',
      );
    }
  }

  /** The limits `action` has for `subject`, address first. */
  limitsFor(action: RateLimitAction, subject: RateLimitSubject): AppliedRateLimit[] {
    if (!this.config.enabled) return [];
    const applied: AppliedRateLimit[] = [];
    for (const scope of scopesOf(action)) {
      const rule = this.config.rules[action][scope];
      const value = scope === 'addr' ? subject.address : subject.account;
      if (!rule || value === null || value === undefined || value === '') continue;
      const part = scope === 'addr' ? clientAddressKey(value) : value;
      applied.push({ scope, key: `${action}:${scope}:${part}`, rule });
    }
    return applied;
  }

  /**
   * Reserves one try of `action` against each of its limits, atomically per limit. The address
   * limit is asked first; a try refused there does not count against the account.
   */
  async attempt(action: RateLimitAction, subject: RateLimitSubject): Promise<RateLimitDecision> {
    let remaining = Number.POSITIVE_INFINITY;
    for (const { key, rule } of this.limitsFor(action, subject)) {
      const now = this.clock.now();
      const { count, resetAt } = await this.store.hit(key, rule.count, rule.windowMs, now);
      if (count > rule.count) {
        return { allowed: false, retryAfterMs: Math.max(1, resetAt - now), remaining: 0 };
      }
      remaining = Math.min(remaining, rule.count - count);
    }
    return remaining === Number.POSITIVE_INFINITY ? ALLOWED : { ...ALLOWED, remaining };
  }

  /** `attempt`, refused with RATE_LIMIT_EXCEEDED ("try again in N s", `retryAfterMs` set). */
  async enforce(action: RateLimitAction, subject: RateLimitSubject): Promise<RateLimitDecision> {
    const decision = await this.attempt(action, subject);
    if (!decision.allowed) throw rateLimitExceeded(decision.retryAfterMs);
    return decision;
  }

  /**
   * Clears the account's count for `action` (a right password clears the failed sign-ins; a
   * confirmed password reset may clear them too). Address counts are never cleared: a
   * success on one account must not buy an address more tries on others.
   */
  async reset(action: RateLimitAction, account: string): Promise<void> {
    for (const { key } of this.limitsFor(action, { account })) await this.store.reset(key);
  }
}

/** The refusal every transport shows: 429 with Retry-After, or RATE_LIMIT_EXCEEDED. */
export function rateLimitExceeded(retryAfterMs: number): AuthError {
  const wait = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new AuthError('RATE_LIMIT_EXCEEDED', `try again in ${wait} s`, {
    retryAfterMs: Math.max(1, retryAfterMs),
  });
}
