import { IsString, MaxLength } from 'class-validator';
import type { RequestContext } from '../shared/request-context';

/** auth.VerifyEmail: the address and the code mailed to it. */
export class VerifyEmailCommand {
  @IsString()
  @MaxLength(1024)
  readonly email: string;

  @IsString()
  @MaxLength(32)
  readonly code: string;

  constructor(
    email: string,
    code: string,
    readonly context: RequestContext,
  ) {
    this.email = email;
    this.code = code;
  }
}
