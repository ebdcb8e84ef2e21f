import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  AuthorizeCommand,
  DeleteAccountCommand,
  type DeleteAccountResult,
  ChangeEmailCommand,
  ChangePasswordCommand,
  GetAccountQuery,
  type AccountSettingsView,
  CreateInviteCommand,
  DeleteInviteCommand,
  ListInvitesQuery,
  LookupInviteQuery,
  UseInviteCommand,
  type CreatedInviteResult,
  type InvitePreviewView,
  GetSessionsQuery,
  ResendEmailVerificationCommand,
  RequestTakeoutCommand,
  ResetPasswordCommand,
  RevokeSessionsCommand,
  SetupTotpCommand,
  SignInCommand,
  SignUpCommand,
  VerifyEmailCommand,
  type AuthorizationResult,
  type ClientDevice,
  type RequestContext,
  type RevokeSessionsResult,
  type SessionList,
  type SessionView,
  type TotpSetupResult,
} from '@tangle/application';
import type { ErrorName } from '@tangle/contracts';
import type { ClientAddress } from '@tangle/platform';
import {
  longFromDecimal,
  longFromNumber,
  longToDecimal,
  type MethodName,
  type MethodPayloads,
  type ResultKind,
  type ResultValue,
  type auth,
  type chats,
  type core,
  type settings,
} from '@tangle/protocol';
import type { AuthServiceConfig } from '../config/auth-service.config';
import { AUTH_SERVICE_CONFIG } from '../wiring/tokens';
import { buildClientDevice } from './client-device';
import { expiryOf, inviteTargetOf, toWirePreview } from './invite-wire';

/** The session a caller is signed in to. */
export interface SignedIn {
  userId: string;
  sessionId: string;
}

/**
 * Who calls a method, as its transport knows them: a WebSocket connection (its Initialize and
 * its sign-in), or one HTTP request (headers and bearer token).
 */
export interface OsmiumCaller {
  readonly address: ClientAddress;
  /** What the client declared about its device; sign-up and sign-in need it. */
  readonly device: ClientDevice | null;
  readonly signedIn: SignedIn | null;
  context(): RequestContext;
  /** core.initialize declared the caller's device. */
  initialized(device: ClientDevice): void;
  /** A sign-up, sign-in or authorize signed the caller in to a session. */
  authorized(userId: string, sessionId: string): void;
}

/** A method's answer: an RPCResult case and its value, or `()` (kind null). */
export type MethodAnswer =
  { [K in ResultKind]: { kind: K; value: ResultValue<K> } }[ResultKind] | { kind: null };

/** What a transport needs to know about a served method before it runs. */
export interface MethodSpec {
  /** Refused with UNAUTHORIZED unless the caller is signed in. */
  readonly signedIn: boolean;
  /** The RPCResult case it answers with, or null for `()`. */
  readonly answer: ResultKind | null;
  /** It declares a connection's device (core.initialize): the WebSocket's alone. */
  readonly connectionOnly?: boolean;
  /** The errors it answers with besides those every method may (COMMON_ERRORS). */
  readonly errors: readonly ErrorName[];
}

/** Errors any method may answer with. */
export const COMMON_ERRORS: readonly ErrorName[] = [
  'INVALID_ARGUMENT',
  'RATE_LIMIT_EXCEEDED',
  'CONFLICT',
  'INTERNAL',
  'UNAVAILABLE',
];

/**
 * Every method this service serves, on every transport. A method added here (with its `run` in
 * OsmiumMethods, which the compiler asks for) is served over the WebSocket and over HTTP
 * (`POST /v1/<namespace>/<method>`) with no transport code of its own.
 */
export const OSMIUM_METHODS = {
  'core.initialize': { signedIn: false, answer: 'initialized', connectionOnly: true, errors: [] },
  'auth.signUp': {
    signedIn: false,
    answer: 'authorization',
    errors: ['EMAIL_ALREADY_EXISTS', 'WEAK_PASSWORD'],
  },
  'auth.signIn': {
    signedIn: false,
    answer: 'authorization',
    errors: ['INVALID_CREDENTIALS', 'MFA_REQUIRED', 'INVALID_CODE'],
  },
  'auth.authorize': { signedIn: false, answer: 'authorization', errors: ['INVALID_TOKEN'] },
  'auth.getSessions': {
    signedIn: true,
    answer: 'sessions',
    errors: ['UNAUTHORIZED', 'INVALID_TOKEN'],
  },
  'auth.revokeSessions': {
    signedIn: true,
    answer: null,
    errors: ['UNAUTHORIZED', 'INVALID_TOKEN', 'NOT_FOUND'],
  },
  'auth.verifyEmail': { signedIn: false, answer: null, errors: ['INVALID_CODE'] },
  'auth.resendEmailVerification': {
    signedIn: false,
    answer: null,
    errors: ['UNAUTHORIZED', 'INVALID_TOKEN', 'NOT_FOUND'],
  },
  'auth.resetPassword': {
    signedIn: false,
    answer: null,
    errors: ['INVALID_CODE', 'WEAK_PASSWORD'],
  },
  'settings.deleteAccount': {
    signedIn: true,
    answer: null,
    errors: ['UNAUTHORIZED', 'INVALID_TOKEN', 'NOT_FOUND'],
  },
  'settings.setupTotp': {
    signedIn: true,
    answer: 'totp',
    errors: ['UNAUTHORIZED', 'INVALID_TOKEN', 'INVALID_CODE', 'MFA_REQUIRED'],
  },
  'settings.requestTakeout': {
    signedIn: true,
    answer: null,
    errors: ['UNAUTHORIZED', 'INVALID_TOKEN'],
  },
  'settings.getAccount': {
    signedIn: true,
    answer: 'account',
    errors: ['UNAUTHORIZED', 'INVALID_TOKEN'],
  },
  'settings.changePassword': {
    signedIn: true,
    answer: null,
    errors: [
      'UNAUTHORIZED',
      'INVALID_TOKEN',
      'INVALID_CREDENTIALS',
      'INVALID_CODE',
      'WEAK_PASSWORD',
    ],
  },
  'settings.changeEmail': {
    signedIn: true,
    answer: null,
    errors: ['UNAUTHORIZED', 'INVALID_TOKEN', 'EMAIL_ALREADY_EXISTS'],
  },
  'chats.createChatInvite': {
    signedIn: true,
    answer: 'createdInvite',
    errors: ['UNAUTHORIZED', 'INVALID_TOKEN', 'NOT_FOUND', 'PERMISSION_DENIED'],
  },
  'auth.lookupInvite': { signedIn: false, answer: 'invitePreview', errors: ['INVITE_NOT_FOUND'] },
  'auth.useInvite': {
    signedIn: true,
    answer: null,
    errors: [
      'UNAUTHORIZED',
      'INVALID_TOKEN',
      'INVITE_NOT_FOUND',
      'INVITE_EXPIRED',
      'INVITE_DELETED',
      'INVITE_EXHAUSTED',
      'INVITE_OWN',
    ],
  },
  'chats.deleteChatInvite': {
    signedIn: true,
    answer: null,
    errors: ['UNAUTHORIZED', 'INVALID_TOKEN', 'INVITE_NOT_FOUND', 'PERMISSION_DENIED'],
  },
  'chats.listChatInvites': {
    signedIn: true,
    answer: 'inviteList',
    errors: ['UNAUTHORIZED', 'INVALID_TOKEN', 'NOT_FOUND', 'PERMISSION_DENIED'],
  },
} as const satisfies { [M in MethodName]?: MethodSpec };

export type ServedMethod = keyof typeof OSMIUM_METHODS;

/** The names of the served methods, in table order. */
export const SERVED_METHODS = Object.keys(OSMIUM_METHODS) as ServedMethod[];

export function isServed(method: string): method is ServedMethod {
  return Object.hasOwn(OSMIUM_METHODS, method);
}

type Run<M extends ServedMethod> = (
  caller: OsmiumCaller,
  payload: MethodPayloads[M],
) => Promise<MethodAnswer>;

const EMPTY: MethodAnswer = { kind: null };

/**
 * The per-method work every transport shares: a payload (a decoded frame, or a JSON body read by
 * the protobuf JSON mapping) into a command or query, dispatched, and its result as an RPCResult
 * case. Transports check what OSMIUM_METHODS asks (sign-in, Initialize) before `run`, and encode
 * the answer their way. Nothing here decides anything.
 */
@Injectable()
export class OsmiumMethods {
  private readonly runs: { [M in ServedMethod]: Run<M> };
  private readonly entrypoints: core.Initialized['entrypoints'];

  constructor(
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {
    this.entrypoints = { entrypoints: config.entrypoints.map((e) => ({ ...e })) };
    this.runs = {
      'core.initialize': (c, p) => this.initialize(c, p),
      'auth.signUp': (c, p) => this.signUp(c, p),
      'auth.signIn': (c, p) => this.signIn(c, p),
      'auth.authorize': (c, p) => this.authorize(c, p),
      'auth.getSessions': (c) => this.getSessions(c),
      'auth.revokeSessions': (c, p) => this.revokeSessions(c, p),
      'auth.verifyEmail': (c, p) => this.verifyEmail(c, p),
      'auth.resendEmailVerification': (c, p) => this.resendEmailVerification(c, p),
      'auth.resetPassword': (c, p) => this.resetPassword(c, p),
      'settings.deleteAccount': (c, p) => this.deleteAccount(c, p),
      'settings.setupTotp': (c, p) => this.setupTotp(c, p),
      'settings.getAccount': (c) => this.getAccount(c),
      'settings.changePassword': (c, p) => this.changePassword(c, p),
      'settings.changeEmail': (c, p) => this.changeEmail(c, p),
      'settings.requestTakeout': (c) => this.requestTakeout(c),
      'chats.createChatInvite': (c, p) => this.createChatInvite(c, p),
      'auth.lookupInvite': (c, p) => this.lookupInvite(c, p),
      'auth.useInvite': (c, p) => this.useInvite(c, p),
      'chats.deleteChatInvite': (c, p) => this.deleteChatInvite(c, p),
      'chats.listChatInvites': (c, p) => this.listChatInvites(c, p),
    };
  }

  /** Runs a served method for a caller the transport has checked against its MethodSpec. */
  run<M extends ServedMethod>(
    method: M,
    caller: OsmiumCaller,
    payload: MethodPayloads[M],
  ): Promise<MethodAnswer> {
    return (this.runs[method] as Run<M>)(caller, payload);
  }

  private async initialize(caller: OsmiumCaller, payload: core.IInitialize): Promise<MethodAnswer> {
    caller.initialized(buildClientDevice(payload, caller.address, this.config));
    return { kind: 'initialized', value: { entrypoints: this.entrypoints } };
  }

  private async signUp(caller: OsmiumCaller, payload: auth.ISignUp): Promise<MethodAnswer> {
    const result = await this.commands.execute<SignUpCommand, AuthorizationResult>(
      new SignUpCommand(
        { name: payload.name ?? '', email: payload.email, password: payload.password },
        caller.device!,
        this.config.defaultLocale,
        caller.context(),
      ),
    );
    return authorized(caller, result);
  }

  private async signIn(caller: OsmiumCaller, payload: auth.ISignIn): Promise<MethodAnswer> {
    const result = await this.commands.execute<SignInCommand, AuthorizationResult>(
      new SignInCommand(
        { email: payload.email ?? '', password: payload.password ?? '', totp: payload.totp },
        caller.device!,
        caller.context(),
      ),
    );
    return authorized(caller, result);
  }

  private async authorize(caller: OsmiumCaller, payload: auth.IAuthorize): Promise<MethodAnswer> {
    const result = await this.commands.execute<AuthorizeCommand, AuthorizationResult>(
      new AuthorizeCommand(payload.token ?? '', caller.context()),
    );
    return authorized(caller, result);
  }

  private async getSessions(caller: OsmiumCaller): Promise<MethodAnswer> {
    const { userId, sessionId } = caller.signedIn!;
    const list = await this.queries.execute<GetSessionsQuery, SessionList>(
      new GetSessionsQuery(userId, sessionId),
    );
    return {
      kind: 'sessions',
      value: { sessions: list.sessions.map(toWireSession), current: longFromDecimal(list.current) },
    };
  }

  private async revokeSessions(
    caller: OsmiumCaller,
    payload: auth.IRevokeSessions,
  ): Promise<MethodAnswer> {
    const { userId, sessionId } = caller.signedIn!;
    const ids = (payload.sessionIds ?? []).map((id) => longToDecimal(id));
    await this.commands.execute<RevokeSessionsCommand, RevokeSessionsResult>(
      new RevokeSessionsCommand(ids, userId, sessionId, caller.context()),
    );
    return EMPTY;
  }

  private async verifyEmail(
    caller: OsmiumCaller,
    payload: auth.IVerifyEmail,
  ): Promise<MethodAnswer> {
    await this.commands.execute(
      new VerifyEmailCommand(payload.email ?? '', payload.code ?? '', caller.context()),
    );
    return EMPTY;
  }

  private async resendEmailVerification(
    caller: OsmiumCaller,
    payload: auth.IResendEmailVerification,
  ): Promise<MethodAnswer> {
    await this.commands.execute(
      new ResendEmailVerificationCommand(
        payload.email,
        caller.signedIn?.userId ?? null,
        this.config.defaultLocale,
        caller.context(),
      ),
    );
    return EMPTY;
  }

  private deleteAccount(
    caller: OsmiumCaller,
    payload: settings.IDeleteAccount,
  ): Promise<MethodAnswer> {
    return deleteAccountOf(this.commands, caller, payload);
  }

  private requestTakeout(caller: OsmiumCaller): Promise<MethodAnswer> {
    return requestTakeoutOf(this.commands, caller, this.config.defaultLocale);
  }

  private async resetPassword(
    caller: OsmiumCaller,
    payload: auth.IResetPassword,
  ): Promise<MethodAnswer> {
    const confirm = payload.confirm
      ? { code: payload.confirm.code, newPassword: payload.confirm.newPassword }
      : null;
    await this.commands.execute(
      new ResetPasswordCommand(
        { email: payload.email ?? '', confirm },
        this.config.defaultLocale,
        caller.context(),
      ),
    );
    return EMPTY;
  }

  private async setupTotp(
    caller: OsmiumCaller,
    payload: settings.ISetupTotp,
  ): Promise<MethodAnswer> {
    const result = await this.commands.execute<SetupTotpCommand, TotpSetupResult>(
      new SetupTotpCommand(
        { enabled: payload.enabled ?? false, code: payload.code },
        caller.signedIn!.userId,
        caller.context(),
      ),
    );
    const value: settings.ITotp = { enabled: result.enabled };
    if (result.url) value.url = result.url;
    if (result.backupCodes) value.backupCodes = result.backupCodes.map((code) => ({ code }));
    return { kind: 'totp', value };
  }

  private async getAccount(caller: OsmiumCaller): Promise<MethodAnswer> {
    const view = await this.queries.execute<GetAccountQuery, AccountSettingsView>(
      new GetAccountQuery(caller.signedIn!.userId),
    );
    const value: settings.IAccount = {
      confirmed: view.confirmed,
      hasPassword: view.hasPassword,
      totpEnabled: view.totpEnabled,
      pendingDelete: view.pendingDelete,
    };
    if (view.email !== null) value.email = view.email;
    return { kind: 'account', value };
  }

  private async changePassword(
    caller: OsmiumCaller,
    payload: settings.IChangePassword,
  ): Promise<MethodAnswer> {
    const { userId, sessionId } = caller.signedIn!;
    await this.commands.execute(
      new ChangePasswordCommand(
        {
          currentPassword: payload.currentPassword ?? '',
          newPassword: payload.newPassword ?? '',
          revokeSessions: payload.revokeSessions ?? false,
        },
        userId,
        sessionId,
        this.config.defaultLocale,
        caller.context(),
      ),
    );
    return EMPTY;
  }

  private async changeEmail(
    caller: OsmiumCaller,
    payload: settings.IChangeEmail,
  ): Promise<MethodAnswer> {
    await this.commands.execute(
      new ChangeEmailCommand(
        payload.newEmail ?? '',
        caller.signedIn!.userId,
        this.config.defaultLocale,
        caller.context(),
      ),
    );
    return EMPTY;
  }
  private async createChatInvite(
    caller: OsmiumCaller,
    payload: chats.ICreateChatInvite,
  ): Promise<MethodAnswer> {
    const { userId } = caller.signedIn!;
    const { type, targetId } = inviteTargetOf(payload.chatRef, userId);
    const created = await this.commands.execute<CreateInviteCommand, CreatedInviteResult>(
      new CreateInviteCommand(
        userId,
        type,
        targetId,
        expiryOf(payload.expiresAt),
        payload.maxUses ?? null,
        caller.context(),
      ),
    );
    return { kind: 'createdInvite', value: { code: created.code } };
  }

  private async lookupInvite(
    caller: OsmiumCaller,
    payload: auth.ILookupInvite,
  ): Promise<MethodAnswer> {
    const viewerId = caller.signedIn?.userId ?? null;
    const preview = await this.queries.execute<LookupInviteQuery, InvitePreviewView>(
      new LookupInviteQuery(payload.code ?? '', viewerId, caller.context()),
    );
    return { kind: 'invitePreview', value: toWirePreview(preview, viewerId) };
  }

  private async useInvite(caller: OsmiumCaller, payload: auth.IUseInvite): Promise<MethodAnswer> {
    await this.commands.execute(
      new UseInviteCommand(caller.signedIn!.userId, payload.code ?? '', caller.context()),
    );
    return EMPTY;
  }

  private async deleteChatInvite(
    caller: OsmiumCaller,
    payload: chats.IDeleteChatInvite,
  ): Promise<MethodAnswer> {
    await this.commands.execute(
      new DeleteInviteCommand(caller.signedIn!.userId, payload.code ?? '', caller.context()),
    );
    return EMPTY;
  }

  private async listChatInvites(
    caller: OsmiumCaller,
    payload: chats.IListChatInvites,
  ): Promise<MethodAnswer> {
    const { userId } = caller.signedIn!;
    const { type, targetId } = inviteTargetOf(payload.chatRef, userId);
    const previews = await this.queries.execute<ListInvitesQuery, InvitePreviewView[]>(
      new ListInvitesQuery(userId, type, targetId),
    );
    return {
      kind: 'inviteList',
      value: { invites: previews.map((preview) => toWirePreview(preview, userId)) },
    };
  }
}

/** Mails the signed-in owner a link to an export of their data; answers `()`. */
async function requestTakeoutOf(
  commands: CommandBus,
  caller: OsmiumCaller,
  locale: string,
): Promise<MethodAnswer> {
  await commands.execute(
    new RequestTakeoutCommand(caller.signedIn!.userId, locale, caller.context()),
  );
  return EMPTY;
}

/** settings.deleteAccount: `cancel: true` takes a pending deletion back. */
async function deleteAccountOf(
  commands: CommandBus,
  caller: OsmiumCaller,
  payload: settings.IDeleteAccount,
): Promise<MethodAnswer> {
  await commands.execute<DeleteAccountCommand, DeleteAccountResult>(
    new DeleteAccountCommand(caller.signedIn!.userId, payload.cancel === true, caller.context()),
  );
  return EMPTY;
}

function authorized(caller: OsmiumCaller, result: AuthorizationResult): MethodAnswer {
  caller.authorized(result.user.userId, result.sessionId);
  return {
    kind: 'authorization',
    value: {
      token: result.token,
      user: { id: longFromDecimal(result.user.userId), name: result.user.name },
      sessionId: longFromDecimal(result.sessionId),
    },
  };
}

function toWireSession(view: SessionView): auth.ISession {
  const session: auth.ISession = {
    id: longFromDecimal(view.sessionId),
    clientId: view.clientId,
    deviceType: view.deviceType,
    deviceVersion: view.deviceVersion,
    appName: view.appName,
    appVersion: view.appVersion,
    lastActive: longFromNumber(Math.floor(view.lastActive / 1000)),
  };
  if (view.country !== null) session.country = view.country;
  if (view.region !== null) session.region = view.region;
  return session;
}
