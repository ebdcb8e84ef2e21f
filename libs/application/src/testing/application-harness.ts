import { passwordPolicy, type PasswordPolicy } from '@tangle/domain';
import { AccountCache } from '../accounts/account-cache';
import { AccountRegistration } from '../accounts/account-registration';
import { EmailReservationCache } from '../accounts/email-reservation-cache';
import { AccountStream } from '../accounts/account-stream';
import { Reservations } from '../accounts/reservations';
import { EmailVerification } from '../accounts/email-verification';
import { OneTimeCodes } from '../accounts/one-time-codes';
import { PasswordScreening } from '../accounts/password-screening';
import { ResendEmailVerificationHandler } from '../accounts/resend-email-verification.handler';
import { ResetPasswordHandler } from '../accounts/reset-password.handler';
import { VerifyEmailHandler } from '../accounts/verify-email.handler';
import {
  AnswerEmailLinkHandler,
  CollectEmailLinkSessionHandler,
  DescribeEmailLinkHandler,
  StartEmailLinkLoginHandler,
} from '../login/email-link-login.handlers';
import { defaultRateLimitRules, type RateLimitConfig } from '../limits/rate-limit-rules';
import { RateLimits } from '../limits/rate-limits';
import { LoginStream } from '../login/login-stream';
import { RegisterHandler } from '../login/register.handler';
import { SignInHandler } from '../accounts/sign-in.handler';
import { SignUpHandler } from '../accounts/sign-up.handler';
import { GetAccountProfileHandler } from '../accounts/get-account-profile.handler';
import { AccountErasure } from '../accounts/account-erasure';
import { DeleteAccountHandler } from '../accounts/delete-account.handler';
import { AuthError } from '@tangle/contracts';
import type {
  AccessTokens,
  Clock,
  GeoLocator,
  IdentifierKeys,
  PasswordHasher,
  PersonalDataKeys,
  PhoneNumberParser,
  PwnedPasswords,
  SecretGenerator,
  SecretSealer,
} from '../ports';
import type { ClientDevice, RequestContext } from '../shared/request-context';
import { ActivityRecorder } from '../sessions/activity-recorder';
import { AuthorizeHandler } from '../sessions/authorize.handler';
import { RevokeSessionsHandler } from '../sessions/revoke-sessions.handler';
import { SessionCache } from '../sessions/session-cache';
import { SessionStarter } from '../sessions/session-starter';
import { SessionStream } from '../sessions/session-stream';
import { StreamCacheFollower } from '../shared/stream-cache-follower';
import { InMemoryAccountDeletions } from './in-memory-account-deletions';
import { InMemoryEventStore } from './in-memory-event-store';
import { InMemoryRateLimitStore } from './in-memory-rate-limit-store';
import { fakeAccessTokens, fakeRefreshTokens, fakeSessionTokens } from './fake-tokens';
import { RefreshSessionHandler } from '../sessions/refresh-session.handler';
import { QrApproverCheck } from '../qr-login/qr-approver-check';
import { QrLoginStream } from '../qr-login/qr-login-stream';
import { QrLoginWaits } from '../qr-login/qr-login-waits';
import {
  AnswerQrLoginHandler,
  CollectQrLoginSessionHandler,
  DescribeQrLoginHandler,
  RequestQrLoginHandler,
} from '../qr-login/qr-login.handlers';
import type { SessionPolicy } from '../sessions/session-policy';
import type { SignInCommand } from '../accounts/sign-in.command';
import { CompleteMfaSignInHandler } from '../two-factor/complete-mfa-sign-in.handler';
import { MfaTicketStream } from '../two-factor/mfa-ticket-stream';
import { MfaTickets } from '../two-factor/mfa-tickets';
import { SecondFactors } from '../two-factor/second-factors';
import { SetupTotpHandler } from '../two-factor/setup-totp.handler';
import { fakeTotp } from './fake-totp';
import { SignInFailures } from '../security/sign-in-failures';
import { RequestTakeoutHandler } from '../security/takeout.handlers';

const DAY_MS = 86_400_000;
export const TEST_SESSION_POLICY: SessionPolicy = {
  idleTimeoutMs: 30 * DAY_MS,
  lifetimeMs: DAY_MS,
  rememberedLifetimeMs: 90 * DAY_MS,
  refreshGraceMs: 10_000,
};
import { InMemoryCommonPasswordList } from './password-lists';
import { TokenTableVerifier } from './fake-oauth-verifier';
import { OAuthIdentities } from '../oauth/oauth-identities';
import { OAuthSubjects } from '../oauth/oauth-subjects';
import { OAuthSignInHandler } from '../oauth/oauth-sign-in.handler';
import {
  GetOAuthLinksHandler,
  LinkOAuthHandler,
  UnlinkOAuthHandler,
} from '../oauth/oauth-links.handlers';
import { AccountSessionsRevoker } from '../settings/account-sessions-revoker';
import { ChangeEmailHandler } from '../settings/change-email.handler';
import { ChangePasswordHandler } from '../settings/change-password.handler';
import { EmailChange } from '../settings/email-change';
import { GetAccountHandler } from '../settings/get-account.handler';
import {
  DescribeEmailUndoHandler,
  UndoEmailChangeHandler,
} from '../settings/undo-email-change.handlers';

/** Counts every hash and verification, so tests can compare the cost of two paths. */
export class CountingHasher implements PasswordHasher {
  hashes = 0;
  verifications = 0;
  async hash(password: string): Promise<string> {
    this.hashes++;
    await new Promise((resolve) => setImmediate(resolve));
    return `fake$v1$${Buffer.from(password).toString('base64')}`;
  }
  async verify(hash: string, password: string): Promise<boolean> {
    this.verifications++;
    await new Promise((resolve) => setImmediate(resolve));
    return (
      hash === `fake$v1$${Buffer.from(password).toString('base64')}` ||
      hash === `fake$v0$${password}`
    );
  }
  needsRehash(hash: string): boolean {
    return !hash.startsWith('fake$v1$');
  }
  async verifyAgainstDummy(password: string): Promise<void> {
    await this.verify('fake$v1$dummy', password);
  }
}

const fakeTokens = fakeSessionTokens();

const plainKeys: IdentifierKeys = {
  emailKey: (e) => `k:${e}`,
  usernameKey: (u) => `k:${u}`,
  secretHash: (purpose, subject, secret) => `h(${purpose}:${subject}:${secret})`,
};
/**
 * E.164 by a rule simple enough for tests (a plus and 8 to 15 digits, spaces and dashes
 * dropped); the numbering-plan parser is @tangle/platform's LibPhoneNumberParser.
 */
export const plainPhoneNumbers: PhoneNumberParser = {
  toE164: (raw) => {
    const number = raw.replace(/[\s-]/g, '');
    if (!/^\+[1-9]\d{7,14}$/.test(number)) {
      throw new AuthError('INVALID_ARGUMENT', 'phone is not a valid phone number');
    }
    return number;
  },
};

const noGeo: GeoLocator = { locate: () => ({ country: null, region: null }) };

/** Sealing that tests can read back: `sealed(<plaintext reversed>)`. */
export const readableSealer: SecretSealer = {
  seal: (plaintext) => `sealed(${[...plaintext].reverse().join('')})`,
  open: (sealed) => [...sealed.slice(7, -1)].reverse().join(''),
};

/** Predictable secrets: codes count up from 100000, tokens and uuids likewise. */
export function countingSecrets(): SecretGenerator & { lastCode: () => string } {
  let n = 100_000;
  let last = '';
  return {
    numericCode: () => (last = String(++n)),
    fromAlphabet: (alphabet, length) =>
      [...String(++n).padStart(length, '0').slice(-length)]
        .map((digit) => alphabet[Number(digit) % alphabet.length])
        .join(''),
    urlToken: () => `token${++n}`,
    uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    lastCode: () => last,
  };
}

export const DEVICE: ClientDevice = {
  clientId: 3,
  deviceType: 'desktop',
  deviceVersion: 'Linux',
  appName: 'Tangle',
  appVersion: '1.0',
  ip: '127.0.0.1',
  geo: null,
};

export function context(): RequestContext {
  return {
    correlationId: `c${Math.random()}`,
    actorUserId: null,
    actorSessionId: null,
    clientIp: '127.0.0.1',
  };
}

/** Data keys as a set of destroyed accounts: the sealing itself is libs/event-store's. */
export function fakePersonalDataKeys(): PersonalDataKeys & { destroyed: Set<string> } {
  const destroyed = new Set<string>();
  return {
    destroyed,
    destroy: async (userId) => void destroyed.add(userId),
    isDestroyed: async (userId) => destroyed.has(userId),
  };
}

/** The application wired by hand over an in-memory store: no Nest, no adapters. */
export function applicationHarness(
  options: {
    activityIntervalMs?: number;
    loginLinkCooldownMs?: number;
    rateLimits?: Partial<RateLimitConfig>;
    sessionPolicy?: Partial<SessionPolicy>;
    /**
     * The AccessTokens port on the harness clock: a double that accepts only the tokens it
     * issued, until they expire; the real signer and key ring from outside the application
     * layer (see libs/access-tokens).
     */
    accessTokens?: (clock: Clock) => AccessTokens;
    passwordPolicy?: PasswordPolicy;
    /** The offline list's entries; a few of the most common passwords by default. */
    commonPasswords?: readonly string[];
    pwned?: PwnedPasswords;
    /** The account deletion grace period; 7 days by default. */
    deletionGraceMs?: number;
    /** The store to run on (another harness's, to stand for a second process). */
    store?: InMemoryEventStore;
    /** The providers' verifier; a table of tokens the test issues by default. */
    oauth?: TokenTableVerifier;
    qrLoginTtlMs?: number;
    emailUndoWindowMs?: number;
  } = {},
) {
  const store = options.store ?? new InMemoryEventStore();
  let now = 1_800_000_000_000;
  let id = 1000;
  const clock = { now: () => now };
  const ids = { nextId: () => String(++id) };
  const hasher = new CountingHasher();
  const accessTokens = (options.accessTokens ?? fakeAccessTokens)(clock);
  const sessions = new SessionCache(store);
  const accounts = new AccountCache(store);
  const holders = new EmailReservationCache(store);
  const accountStream = new AccountStream(store, accounts);
  const sessionStream = new SessionStream(store, sessions, accountStream);
  const logins = new LoginStream(store);
  const reservations = new Reservations(store, plainKeys, holders, accounts);
  const limitStore = new InMemoryRateLimitStore();
  const limits = new RateLimits(
    limitStore,
    { enabled: true, rules: defaultRateLimitRules(), ...options.rateLimits },
    clock,
  );
  const secrets = countingSecrets();
  const passwords = new PasswordScreening(
    options.passwordPolicy ?? passwordPolicy('standard'),
    new InMemoryCommonPasswordList(options.commonPasswords),
    options.pwned ?? null,
  );
  const codes = new OneTimeCodes(secrets, plainKeys, readableSealer);
  const verification = new EmailVerification(clock, accountStream, codes);
  const policy = { ...TEST_SESSION_POLICY, ...options.sessionPolicy };
  const refreshTokens = fakeRefreshTokens();
  const starter = new SessionStarter(
    ids,
    fakeTokens,
    refreshTokens,
    accessTokens,
    noGeo,
    clock,
    policy,
    accountStream,
    sessionStream,
  );
  const registration = new AccountRegistration(accountStream, reservations, verification, starter);
  const totp = fakeTotp();
  const factors = new SecondFactors(totp, plainKeys, clock, limits);
  const ticketStream = new MfaTicketStream(store);
  const tickets = new MfaTickets(clock, plainKeys, secrets, ticketStream);
  const signInHandler = new SignInHandler(
    hasher,
    clock,
    accountStream,
    reservations,
    starter,
    limits,
    factors,
    tickets,
    new SignInFailures(store, noGeo, clock, secrets),
  );
  const activity = new ActivityRecorder(
    clock,
    sessions,
    sessionStream,
    options.activityIntervalMs ?? 60_000,
  );
  const qrTickets = new QrLoginStream(store);
  const qrWaits = new QrLoginWaits();
  const qrApprovers = new QrApproverCheck(clock, policy, accountStream, sessionStream);
  const revoker = new AccountSessionsRevoker(clock, sessionStream);
  const emailChange = new EmailChange(
    clock,
    plainKeys,
    secrets,
    readableSealer,
    accountStream,
    reservations,
    codes,
    options.emailUndoWindowMs,
  );
  const dataKeys = fakePersonalDataKeys();
  const deletionRecords = new InMemoryAccountDeletions(store);
  const erasure = new AccountErasure(
    clock,
    accounts,
    accountStream,
    sessionStream,
    reservations,
    dataKeys,
    null,
    deletionRecords,
  );
  // As in the service: the caches also follow $all from its end, so appends made elsewhere
  // reach them, and the erasure learns where that began.
  const follower = new StreamCacheFollower(store)
    .route('session', sessions)
    .route('account', accounts)
    .route('email', holders)
    .route('qr', qrWaits);
  const following = follower.start().then(() => {
    erasure.followingFrom(follower.startPosition() ?? null);
  });
  const oauthTokens = options.oauth ?? new TokenTableVerifier();
  const oauthIdentities = new OAuthIdentities(oauthTokens, limitStore, clock);
  const oauthSubjects = new OAuthSubjects(store, plainKeys, accountStream);
  return {
    store,
    accountStream,
    hasher,
    dataKeys,
    erasure,
    deletionRecords,
    follower,
    /** Resolves once the follower has started (the end of the log read, the subscription live). */
    following,
    deleteAccount: new DeleteAccountHandler(
      clock,
      options.deletionGraceMs ?? 7 * DAY_MS,
      accountStream,
      limits,
    ),
    oauthTokens,
    oauthSignIn: new OAuthSignInHandler(
      ids,
      clock,
      oauthIdentities,
      oauthSubjects,
      accountStream,
      reservations,
      registration,
      starter,
      limits,
    ),
    linkOAuth: new LinkOAuthHandler(
      clock,
      oauthIdentities,
      oauthSubjects,
      accountStream,
      sessionStream,
      limits,
    ),
    unlinkOAuth: new UnlinkOAuthHandler(clock, oauthSubjects, accountStream),
    oauthLinks: new GetOAuthLinksHandler(accountStream),
    sessions,
    accounts,
    clock: { advance: (ms: number) => (now += ms), now: () => now },
    signUp: new SignUpHandler(
      hasher,
      ids,
      clock,
      plainPhoneNumbers,
      registration,
      limits,
      passwords,
    ),
    profile: new GetAccountProfileHandler(accountStream),
    secrets,
    verifyEmail: new VerifyEmailHandler(
      clock,
      accountStream,
      reservations,
      codes,
      limits,
      emailChange,
    ),
    getAccount: new GetAccountHandler(accountStream),
    changePassword: new ChangePasswordHandler(
      clock,
      hasher,
      accountStream,
      codes,
      limits,
      passwords,
      revoker,
    ),
    changeEmail: new ChangeEmailHandler(clock, accountStream, reservations, codes, limits),
    undoEmailChange: new UndoEmailChangeHandler(
      clock,
      plainKeys,
      accountStream,
      reservations,
      limits,
      revoker,
    ),
    describeEmailUndo: new DescribeEmailUndoHandler(clock, plainKeys, accountStream),
    resend: new ResendEmailVerificationHandler(accountStream, reservations, verification, limits),
    resetPassword: new ResetPasswordHandler(
      clock,
      hasher,
      accountStream,
      sessionStream,
      reservations,
      codes,
      limits,
      passwords,
      0,
    ),
    register: new RegisterHandler(ids, clock, registration, limits),
    startLogin: new StartEmailLinkLoginHandler(
      clock,
      plainKeys,
      secrets,
      reservations,
      accountStream,
      logins,
      readableSealer,
      noGeo,
      limits,
      0,
      options.loginLinkCooldownMs,
    ),
    answerLink: new AnswerEmailLinkHandler(clock, plainKeys, accountStream, logins),
    describeLink: new DescribeEmailLinkHandler(clock, plainKeys, accountStream, logins),
    collectSession: new CollectEmailLinkSessionHandler(
      clock,
      ids,
      starter,
      accountStream,
      logins,
      factors,
    ),
    /** Sign-in that must end in a session (an MFA challenge fails the test). */
    signIn: {
      execute: async (command: SignInCommand) => {
        const outcome = await signInHandler.execute(command);
        if ('mfaRequired' in outcome) throw new Error('sign-in answered an MFA challenge');
        return outcome;
      },
    },
    signInHandler,
    starter,
    totp,
    setupTotp: new SetupTotpHandler(clock, totp, secrets, accountStream, factors, limits),
    completeMfa: new CompleteMfaSignInHandler(
      clock,
      ids,
      tickets,
      ticketStream,
      accountStream,
      factors,
      starter,
    ),
    requestTakeout: new RequestTakeoutHandler(
      clock,
      secrets,
      plainKeys,
      readableSealer,
      accountStream,
      limits,
    ),
    limits,
    limitStore,
    accessTokens,
    authorize: new AuthorizeHandler(
      fakeTokens,
      accessTokens,
      sessions,
      accounts,
      clock,
      policy,
      activity,
    ),
    refresh: new RefreshSessionHandler(
      refreshTokens,
      accessTokens,
      accounts,
      clock,
      policy,
      sessionStream,
      limits,
    ),
    revoke: new RevokeSessionsHandler(clock, sessionStream),
    qrWaits,
    requestQr: new RequestQrLoginHandler(
      clock,
      plainKeys,
      secrets,
      noGeo,
      limits,
      qrTickets,
      options.qrLoginTtlMs,
    ),
    answerQr: new AnswerQrLoginHandler(clock, plainKeys, limits, qrTickets, qrApprovers),
    collectQr: new CollectQrLoginSessionHandler(
      clock,
      ids,
      plainKeys,
      starter,
      accountStream,
      qrTickets,
      qrApprovers,
      qrWaits,
    ),
    describeQr: new DescribeQrLoginHandler(clock, plainKeys, qrTickets),
  };
}
