import { IsString, Matches, MaxLength } from 'class-validator';
import type { RequestContext } from '../shared/request-context';

/** The old address's link: restores it as the account's address (within the undo window). */
export class UndoEmailChangeCommand {
  @Matches(/^[1-9][0-9]{0,19}$/, { message: 'the account id must be a snowflake' })
  readonly userId: string;

  @IsString()
  @MaxLength(128)
  readonly token: string;

  constructor(
    userId: string,
    token: string,
    readonly context: RequestContext,
  ) {
    this.userId = userId;
    this.token = token;
  }
}

/** Whether an undo link can still be used (for the page that asks before it acts). */
export class DescribeEmailUndoQuery {
  constructor(
    readonly userId: string,
    readonly token: string,
  ) {}
}
