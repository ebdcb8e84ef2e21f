import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { RequestContext } from '../shared/request-context';

/** auth.ResetPassword: ask for a code (email only), or confirm with the code and a new password. */
export class ResetPasswordCommand {
  @IsString()
  @MaxLength(1024)
  readonly email: string;

  @IsOptional()
  @IsString()
  @MaxLength(32)
  readonly code: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(4096)
  readonly newPassword: string | null;

  constructor(
    fields: {
      email: string;
      confirm?: { code?: string | null; newPassword?: string | null } | null;
    },
    readonly locale: string,
    readonly context: RequestContext,
  ) {
    this.email = fields.email;
    this.code = fields.confirm ? (fields.confirm.code ?? '') : null;
    this.newPassword = fields.confirm ? (fields.confirm.newPassword ?? '') : null;
  }
}
