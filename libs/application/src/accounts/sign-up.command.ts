import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { ClientDevice, RequestContext } from '../shared/request-context';
import { SESSION_TOKEN_GRANT, type SessionGrant } from '../sessions/session-policy';

/** auth.SignUp: a name, and optionally an email and a password. */
export class SignUpCommand {
  @IsString()
  @MaxLength(1024)
  readonly name: string;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  readonly email: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(4096)
  readonly password: string | null;

  constructor(
    fields: { name: string; email?: string | null; password?: string | null },
    readonly device: ClientDevice,
    /** The language of the verification mail (the service's default locale). */
    readonly locale: string,
    readonly context: RequestContext,
    readonly grant: SessionGrant = SESSION_TOKEN_GRANT,
  ) {
    this.name = fields.name;
    // Empty strings count as absent: proto3 clients often cannot tell them apart.
    this.email = fields.email ? fields.email : null;
    this.password = fields.password ? fields.password : null;
  }
}
