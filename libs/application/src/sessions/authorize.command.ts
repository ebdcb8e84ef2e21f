import { IsString, MaxLength } from 'class-validator';
import type { RequestContext } from '../shared/request-context';

/** auth.Authorize: resume a session with its session token or a JWT access token. */
export class AuthorizeCommand {
  @IsString()
  @MaxLength(2048)
  readonly token: string;

  constructor(
    token: string,
    readonly context: RequestContext,
  ) {
    this.token = token;
  }
}
