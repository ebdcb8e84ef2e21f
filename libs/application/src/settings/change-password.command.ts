import { IsBoolean, IsString, MaxLength } from 'class-validator';
import type { RequestContext } from '../shared/request-context';

/**
 * settings.changePassword. For an account with a password, `currentPassword` is that password;
 * for a passwordless account it is empty (a code is mailed) or the mailed code.
 */
export class ChangePasswordCommand {
  @IsString()
  @MaxLength(4096)
  readonly currentPassword: string;

  @IsString()
  @MaxLength(4096)
  readonly newPassword: string;

  @IsBoolean()
  readonly revokeSessions: boolean;

  constructor(
    input: { currentPassword: string; newPassword: string; revokeSessions: boolean },
    readonly userId: string,
    readonly sessionId: string,
    readonly locale: string,
    readonly context: RequestContext,
  ) {
    this.currentPassword = input.currentPassword;
    this.newPassword = input.newPassword;
    this.revokeSessions = input.revokeSessions;
  }
}
