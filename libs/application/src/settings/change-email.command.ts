import { IsString, MaxLength } from 'class-validator';
import type { RequestContext } from '../shared/request-context';

/** settings.changeEmail: mails a code to the new address; auth.verifyEmail then confirms it. */
export class ChangeEmailCommand {
  @IsString()
  @MaxLength(1024)
  readonly newEmail: string;

  constructor(
    newEmail: string,
    readonly userId: string,
    readonly locale: string,
    readonly context: RequestContext,
  ) {
    this.newEmail = newEmail;
  }
}
