import { SignInHandler } from './accounts/sign-in.handler';
import { SignUpHandler } from './accounts/sign-up.handler';
import { GetAccountProfileHandler } from './accounts/get-account-profile.handler';
import { AccountRegistration } from './accounts/account-registration';
import { AccountStream } from './accounts/account-stream';
import { Reservations } from './accounts/reservations';
import { EmailVerification } from './accounts/email-verification';
import { OneTimeCodes } from './accounts/one-time-codes';
import { PasswordScreening } from './accounts/password-screening';
import { ResendEmailVerificationHandler } from './accounts/resend-email-verification.handler';
import { ResetPasswordHandler } from './accounts/reset-password.handler';
import { VerifyEmailHandler } from './accounts/verify-email.handler';
import {
  AnswerEmailLinkHandler,
  CollectEmailLinkSessionHandler,
  DescribeEmailLinkHandler,
  StartEmailLinkLoginHandler,
} from './login/email-link-login.handlers';
import { RateLimits } from './limits/rate-limits';
import { LoginStream } from './login/login-stream';
import { RegisterHandler } from './login/register.handler';
import { ActivityRecorder } from './sessions/activity-recorder';
import { AuthorizeHandler } from './sessions/authorize.handler';
import { GetSessionsHandler } from './sessions/get-sessions.handler';
import { RefreshSessionHandler } from './sessions/refresh-session.handler';
import { RevokeSessionsHandler } from './sessions/revoke-sessions.handler';
import { SessionStarter } from './sessions/session-starter';
import { SessionStream } from './sessions/session-stream';
import { SETTINGS_PROVIDERS } from './settings/settings-providers';
import { SignInFailures } from './security/sign-in-failures';
import { GetSecurityHistoryHandler } from './security/get-security-history.handler';
import { GetTakeoutHandler, RequestTakeoutHandler } from './security/takeout.handlers';
import { InvitePreviews } from './invites/invite-previews';
import { InviteStream, TargetStream } from './invites/invite-streams';
import {
  CreateInviteHandler,
  DeleteInviteHandler,
  ListInvitesHandler,
  LookupInviteHandler,
  RecordTargetFactHandler,
  UseInviteHandler,
} from './invites/invite.handlers';

/**
 * The application's providers. Apps add these to a module that also provides
 * every port token (EVENT_STORE, READ_MODEL_STORE, PASSWORD_HASHER, PHONE_NUMBER_PARSER,
 * RATE_LIMIT_STORE, COMMON_PASSWORD_LIST, ...; PWNED_PASSWORDS is optional), RATE_LIMIT_CONFIG,
 * PASSWORD_POLICY and INVITE_SETTINGS.
 */
export const APPLICATION_PROVIDERS = [
  RateLimits,
  AccountStream,
  SessionStream,
  LoginStream,
  Reservations,
  SessionStarter,
  ActivityRecorder,
  SignUpHandler,
  SignInHandler,
  AuthorizeHandler,
  RevokeSessionsHandler,
  RefreshSessionHandler,
  GetSessionsHandler,
  GetAccountProfileHandler,
  OneTimeCodes,
  PasswordScreening,
  EmailVerification,
  AccountRegistration,
  ResendEmailVerificationHandler,
  VerifyEmailHandler,
  ResetPasswordHandler,
  RegisterHandler,
  StartEmailLinkLoginHandler,
  AnswerEmailLinkHandler,
  CollectEmailLinkSessionHandler,
  DescribeEmailLinkHandler,
  ...SETTINGS_PROVIDERS,
  SignInFailures,
  GetSecurityHistoryHandler,
  RequestTakeoutHandler,
  GetTakeoutHandler,
  InviteStream,
  TargetStream,
  InvitePreviews,
  CreateInviteHandler,
  UseInviteHandler,
  DeleteInviteHandler,
  RecordTargetFactHandler,
  LookupInviteHandler,
  ListInvitesHandler,
];
