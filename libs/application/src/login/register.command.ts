import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { ClientDevice, RequestContext } from '../shared/request-context';

/** Registration by username: a passwordless account and its first session. */
export class RegisterCommand {
  @IsString()
  @MaxLength(256)
  readonly username: string;

  @IsOptional()
  @IsString()
  @MaxLength(1024)
  readonly email: string | null;

  constructor(
    fields: { username: string; email?: string | null },
    readonly device: ClientDevice,
    readonly locale: string,
    readonly context: RequestContext,
  ) {
    this.username = fields.username;
    this.email = fields.email ? fields.email : null;
  }
}
