import { Inject, Injectable, Optional } from '@nestjs/common';
import { CODE_COOLDOWN_MS, CODE_DIGITS } from '@tangle/domain';
import {
  IDENTIFIER_KEYS,
  SECRET_GENERATOR,
  SECRET_SEALER,
  type IdentifierKeys,
  type SecretGenerator,
  type SecretSealer,
} from '../ports';

/** The wait between two codes for one purpose (CODE_RESEND_COOLDOWN_MS); the domain's default otherwise. */
export const CODE_COOLDOWN = Symbol('CodeCooldownMs');

export type CodePurpose =
  'email-verification' | 'password-reset' | 'password-setup' | 'email-change';

export interface IssuedCode {
  /** Only for tests and the mail; never stored or logged by the service. */
  code: string;
  codeHash: string;
  sealedCode: string;
}

/** Draws a code, and gives its keyed hash (to check) and its sealed form (to mail). */
@Injectable()
export class OneTimeCodes {
  constructor(
    @Inject(SECRET_GENERATOR) private readonly secrets: SecretGenerator,
    @Inject(IDENTIFIER_KEYS) private readonly keys: IdentifierKeys,
    @Inject(SECRET_SEALER) private readonly sealer: SecretSealer,
    @Optional() @Inject(CODE_COOLDOWN) readonly cooldownMs: number = CODE_COOLDOWN_MS,
  ) {}

  issue(purpose: CodePurpose, userId: string): IssuedCode {
    const code = this.secrets.numericCode(CODE_DIGITS);
    return { code, codeHash: this.hash(purpose, userId, code), sealedCode: this.sealer.seal(code) };
  }

  hash(purpose: CodePurpose, userId: string, code: string): string {
    return this.keys.secretHash(purpose, userId, code.trim());
  }
}
