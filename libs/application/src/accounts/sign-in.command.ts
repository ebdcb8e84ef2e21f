import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { ClientDevice, RequestContext } from '../shared/request-context';
import { SESSION_TOKEN_GRANT, type SessionGrant } from '../sessions/session-policy';

/**
 * What a sign-in whose account needs a second factor does without one: `refuse` with
 * MFA_REQUIRED (the Osmium protocol: the client asks again with `totp`), or answer a `ticket`
 * that `POST /auth/login/mfa` completes (the gateway API).
 */
export type MissingFactor = 'refuse' | 'ticket';

/** auth.SignIn: email and password, and a TOTP or backup code when the account has TOTP on. */
export class SignInCommand {
  @IsString()
  @MaxLength(1024)
  readonly email: string;

  @IsString()
  @MaxLength(4096)
  readonly password: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  readonly totp: string | null;

  constructor(
    fields: { email: string; password: string; totp?: string | null },
    readonly device: ClientDevice,
    readonly context: RequestContext,
    readonly grant: SessionGrant = SESSION_TOKEN_GRANT,
    readonly missingFactor: MissingFactor = 'refuse',
  ) {
    this.email = fields.email;
    this.password = fields.password;
    this.totp = fields.totp ? fields.totp : null;
  }
}
