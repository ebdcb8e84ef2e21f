import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { ClientDevice, RequestContext } from '../shared/request-context';
import { SESSION_TOKEN_GRANT, type SessionGrant } from '../sessions/session-policy';

/** auth.SignIn: email and password (and, later, a TOTP or backup code). */
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
  ) {
    this.email = fields.email;
    this.password = fields.password;
    this.totp = fields.totp ? fields.totp : null;
  }
}
