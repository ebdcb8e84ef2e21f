import { AccountSessionsRevoker } from './account-sessions-revoker';
import { ChangeEmailHandler } from './change-email.handler';
import { ChangePasswordHandler } from './change-password.handler';
import { EmailChange } from './email-change';
import { GetAccountHandler } from './get-account.handler';
import { DescribeEmailUndoHandler, UndoEmailChangeHandler } from './undo-email-change.handlers';

/** The account settings' providers (part of APPLICATION_PROVIDERS). */
export const SETTINGS_PROVIDERS = [
  AccountSessionsRevoker,
  EmailChange,
  GetAccountHandler,
  ChangePasswordHandler,
  ChangeEmailHandler,
  UndoEmailChangeHandler,
  DescribeEmailUndoHandler,
];
