import { IsString, MaxLength } from 'class-validator';
import type { ClientDevice, RequestContext } from '../shared/request-context';

/** `POST /auth/login/mfa`: an MFA ticket and a TOTP or backup code open the session. */
export class CompleteMfaSignInCommand {
  @IsString()
  @MaxLength(256)
  readonly ticket: string;

  @IsString()
  @MaxLength(64)
  readonly code: string;

  constructor(
    fields: { ticket: string; code: string },
    /** Where the completing client is: the session's address and geo. */
    readonly address: Pick<ClientDevice, 'ip' | 'geo'>,
    readonly context: RequestContext,
  ) {
    this.ticket = fields.ticket;
    this.code = fields.code;
  }
}
