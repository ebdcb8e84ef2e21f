import { IsString, MaxLength } from 'class-validator';
import type { RequestContext } from '../shared/request-context';

/** Spend a refresh token for a new pair (the gateway API's POST /auth/refresh). */
export class RefreshSessionCommand {
  @IsString()
  @MaxLength(256)
  readonly refreshToken: string;

  constructor(
    refreshToken: string,
    readonly context: RequestContext,
  ) {
    this.refreshToken = refreshToken;
  }
}
