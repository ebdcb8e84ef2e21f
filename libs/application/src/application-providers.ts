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
import { DeleteAccountHandler } from './accounts/delete-account.handler';
import { AccountErasure } from './accounts/account-erasure';
import {
  AnswerEmailLinkHandler,
  CollectEmailLinkSessionHandler,
  DescribeEmailLinkHandler,
  StartEmailLinkLoginHandler,
} from './login/email-link-login.handlers';
import { RateLimits } from './limits/rate-limits';
import { LoginStream } from './login/login-stream';
import { RegisterHandler } from './login/register.handler';
import { QrApproverCheck } from './qr-login/qr-approver-check';
import { QrLoginStream } from './qr-login/qr-login-stream';
import { QrLoginWaits } from './qr-login/qr-login-waits';
import {
  AnswerQrLoginHandler,
  CollectQrLoginSessionHandler,
  DescribeQrLoginHandler,
  RequestQrLoginHandler,
} from './qr-login/qr-login.handlers';
import { ActivityRecorder } from './sessions/activity-recorder';
import { AuthorizeHandler } from './sessions/authorize.handler';
import { GetSessionsHandler } from './sessions/get-sessions.handler';
import { RefreshSessionHandler } from './sessions/refresh-session.handler';
import { RevokeSessionsHandler } from './sessions/revoke-sessions.handler';
import { SessionStarter } from './sessions/session-starter';
import { SessionStream } from './sessions/session-stream';
import { CompleteMfaSignInHandler } from './two-factor/complete-mfa-sign-in.handler';
import { MfaTicketStream } from './two-factor/mfa-ticket-stream';
import { MfaTickets } from './two-factor/mfa-tickets';
import { SecondFactors } from './two-factor/second-factors';
import { SetupTotpHandler } from './two-factor/setup-totp.handler';
import { PASSKEY_PROVIDERS } from './passkeys/passkey-providers';
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
import { OAuthIdentities } from './oauth/oauth-identities';
import { OAuthSubjects } from './oauth/oauth-subjects';
import { OAuthSignInHandler } from './oauth/oauth-sign-in.handler';
import {
  GetOAuthLinksHandler,
  LinkOAuthHandler,
  UnlinkOAuthHandler,
} from './oauth/oauth-links.handlers';

/**
 * The application's providers. Apps add these to a module that also provides
 * every port token (EVENT_STORE, READ_MODEL_STORE, PASSWORD_HASHER, PHONE_NUMBER_PARSER,
 * RATE_LIMIT_STORE, COMMON_PASSWORD_LIST, OAUTH_IDENTITY_VERIFIER, TOTP_AUTHENTICATOR,
 * WEBAUTHN_VERIFIER, ...; PWNED_PASSWORDS is optional), RATE_LIMIT_CONFIG, PASSWORD_POLICY and
 * INVITE_SETTINGS.
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
  DeleteAccountHandler,
  AccountErasure,
  RegisterHandler,
  StartEmailLinkLoginHandler,
  AnswerEmailLinkHandler,
  CollectEmailLinkSessionHandler,
  DescribeEmailLinkHandler,
  SecondFactors,
  MfaTicketStream,
  MfaTickets,
  SetupTotpHandler,
  CompleteMfaSignInHandler,
  ...PASSKEY_PROVIDERS,
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
  OAuthIdentities,
  OAuthSubjects,
  OAuthSignInHandler,
  LinkOAuthHandler,
  UnlinkOAuthHandler,
  GetOAuthLinksHandler,
  QrLoginStream,
  QrLoginWaits,
  QrApproverCheck,
  RequestQrLoginHandler,
  AnswerQrLoginHandler,
  CollectQrLoginSessionHandler,
  DescribeQrLoginHandler,
];
