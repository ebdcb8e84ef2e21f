import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { RequestContext } from '../shared/request-context';

/** auth.ResendEmailVerification: a new code to the given address, or to the signed-in user's. */
export class ResendEmailVerificationCommand {
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  readonly email: string | null;

  constructor(
    email: string | null | undefined,
    /** The signed-in user, if any. */
    readonly userId: string | null,
    readonly locale: string,
    readonly context: RequestContext,
  ) {
    this.email = email ? email : null;
  }
}
