import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import {
  assertPasswordPolicy,
  blocklistCandidates,
  breachedPasswordError,
  type PasswordPolicy,
} from '@tangle/domain';
import {
  COMMON_PASSWORD_LIST,
  PWNED_PASSWORDS,
  type CommonPasswordList,
  type PwnedPasswords,
} from '../ports';

/** The password policy in force (PASSWORD_POLICY, PASSWORD_MIN_LENGTH). */
export const PASSWORD_POLICY = Symbol('PasswordPolicy');

/**
 * The password policy, applied the same way wherever a password is set (sign-up, password
 * reset). Two steps, so that a handler can put its rate limit between them:
 *
 * 1. `assertAcceptable`: the profile's length and composition rules, then the offline list of
 *    common and breached passwords. Memory only, so it runs before the rate limit and a refused
 *    password costs no try.
 * 2. `assertNotPwned`: the Pwned Passwords range check, when one is configured. It calls out,
 *    so it runs after the rate limit, which then also bounds what a flood can send to the
 *    service. When the service does not answer in time the password is accepted and a warning
 *    logged (fail open: docs/decisions/0013-password-policy.md).
 */
@Injectable()
export class PasswordScreening {
  private readonly logger = new Logger('PasswordPolicy');

  constructor(
    @Inject(PASSWORD_POLICY) readonly policy: PasswordPolicy,
    @Inject(COMMON_PASSWORD_LIST) private readonly common: CommonPasswordList,
    @Optional() @Inject(PWNED_PASSWORDS) private readonly pwned: PwnedPasswords | null = null,
  ) {}

  /** Throws WEAK_PASSWORD naming the first rule the (normalised) password breaks. */
  async assertAcceptable(password: string): Promise<void> {
    assertPasswordPolicy(password, this.policy);
    if (await this.common.includesAny(blocklistCandidates(password, this.policy))) {
      throw breachedPasswordError();
    }
  }

  /** Throws WEAK_PASSWORD when the configured range service has seen the password. */
  async assertNotPwned(password: string): Promise<void> {
    if (!this.pwned) return;
    let seen: number;
    try {
      seen = await this.pwned.timesSeen(password);
    } catch (error) {
      this.logger.warn(
        `breached-password check unavailable, password accepted without it: ${(error as Error).message}`,
      );
      return;
    }
    if (seen > 0) throw breachedPasswordError();
  }
}
