import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ActivityRecorder,
  AuthorizeCommand,
  GetSessionsQuery,
  ResendEmailVerificationCommand,
  ResetPasswordCommand,
  VerifyEmailCommand,
  RevokeSessionsCommand,
  SignInCommand,
  SignUpCommand,
  type AuthorizationResult,
  type RevokeSessionsResult,
  type SessionList,
  type SessionView,
} from '@tangle/application';
import { AuthError } from '@tangle/contracts';
import {
  encodeEmptyResult,
  encodeResult,
  longFromDecimal,
  longFromNumber,
  longToDecimal,
  type MethodCall,
  type MethodName,
  type MethodPayloads,
  type auth,
  type core,
} from '@tangle/protocol';
import type { AuthServiceConfig } from '../../config/auth-service.config';
import { AUTH_SERVICE_CONFIG } from '../../wiring/tokens';
import { buildClientDevice } from '../client-device';
import { ConnectionRegistry } from './connection-registry';
import type { OsmiumConnection } from './osmium-connection';

type Route<M extends MethodName> = (
  connection: OsmiumConnection,
  payload: MethodPayloads[M],
  reqId: number,
) => Promise<Uint8Array>;

/** Which methods need what before they run. */
interface RouteSpec<M extends MethodName> {
  signedIn: boolean;
  run: Route<M>;
}

/**
 * Decodes each served method's payload into a command or query, dispatches it,
 * and encodes the answer. Nothing here decides anything.
 */
@Injectable()
export class RpcRouter {
  private readonly routes: { [M in MethodName]?: RouteSpec<M> };
  private readonly entrypoints: core.Initialized['entrypoints'];

  constructor(
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly registry: ConnectionRegistry,
    private readonly activity: ActivityRecorder,
  ) {
    this.entrypoints = { entrypoints: config.entrypoints.map((e) => ({ ...e })) };
    this.routes = {
      'core.initialize': { signedIn: false, run: (c, p, id) => this.initialize(c, p, id) },
      'auth.signUp': { signedIn: false, run: (c, p, id) => this.signUp(c, p, id) },
      'auth.signIn': { signedIn: false, run: (c, p, id) => this.signIn(c, p, id) },
      'auth.authorize': { signedIn: false, run: (c, p, id) => this.authorize(c, p, id) },
      'auth.getSessions': { signedIn: true, run: (c, _p, id) => this.getSessions(c, id) },
      'auth.revokeSessions': { signedIn: true, run: (c, p, id) => this.revokeSessions(c, p, id) },
      'auth.verifyEmail': { signedIn: false, run: (c, p, id) => this.verifyEmail(c, p, id) },
      'auth.resendEmailVerification': {
        signedIn: false,
        run: (c, p, id) => this.resendEmailVerification(c, p, id),
      },
      'auth.resetPassword': { signedIn: false, run: (c, p, id) => this.resetPassword(c, p, id) },
    };
  }

  async dispatch(
    connection: OsmiumConnection,
    call: MethodCall,
    reqId: number,
  ): Promise<Uint8Array> {
    const route = this.routes[call.method] as RouteSpec<MethodName> | undefined;
    if (!route) throw new AuthError('NOT_SERVED', `${call.method} is not served here`);
    if (call.method !== 'core.initialize' && !connection.device)
      throw new AuthError('NOT_INITIALIZED');
    this.registry.checkLive(connection);
    if (route.signedIn && !connection.signedIn) throw new AuthError('UNAUTHORIZED');
    if (connection.signedIn)
      this.activity.touch(connection.signedIn.sessionId, connection.context());
    return route.run(connection, call.payload as never, reqId);
  }

  private async initialize(
    connection: OsmiumConnection,
    payload: core.IInitialize,
    reqId: number,
  ): Promise<Uint8Array> {
    connection.device = buildClientDevice(payload, connection.address, this.config);
    return encodeResult(reqId, 'initialized', { entrypoints: this.entrypoints });
  }

  private async signUp(
    connection: OsmiumConnection,
    payload: auth.ISignUp,
    reqId: number,
  ): Promise<Uint8Array> {
    const result = await this.commands.execute<SignUpCommand, AuthorizationResult>(
      new SignUpCommand(
        { name: payload.name ?? '', email: payload.email, password: payload.password },
        connection.device!,
        this.config.defaultLocale,
        connection.context(),
      ),
    );
    return this.authorized(connection, result, reqId);
  }

  private async signIn(
    connection: OsmiumConnection,
    payload: auth.ISignIn,
    reqId: number,
  ): Promise<Uint8Array> {
    const result = await this.commands.execute<SignInCommand, AuthorizationResult>(
      new SignInCommand(
        { email: payload.email ?? '', password: payload.password ?? '', totp: payload.totp },
        connection.device!,
        connection.context(),
      ),
    );
    return this.authorized(connection, result, reqId);
  }

  private async authorize(
    connection: OsmiumConnection,
    payload: auth.IAuthorize,
    reqId: number,
  ): Promise<Uint8Array> {
    const result = await this.commands.execute<AuthorizeCommand, AuthorizationResult>(
      new AuthorizeCommand(payload.token ?? '', connection.context()),
    );
    return this.authorized(connection, result, reqId);
  }

  private async getSessions(connection: OsmiumConnection, reqId: number): Promise<Uint8Array> {
    const { userId, sessionId } = connection.signedIn!;
    const list = await this.queries.execute<GetSessionsQuery, SessionList>(
      new GetSessionsQuery(userId, sessionId),
    );
    return encodeResult(reqId, 'sessions', {
      sessions: list.sessions.map(toWireSession),
      current: longFromDecimal(list.current),
    });
  }

  private async revokeSessions(
    connection: OsmiumConnection,
    payload: auth.IRevokeSessions,
    reqId: number,
  ): Promise<Uint8Array> {
    const { userId, sessionId } = connection.signedIn!;
    const ids = (payload.sessionIds ?? []).map((id) => longToDecimal(id));
    await this.commands.execute<RevokeSessionsCommand, RevokeSessionsResult>(
      new RevokeSessionsCommand(ids, userId, sessionId, connection.context()),
    );
    return encodeEmptyResult(reqId);
  }

  private async verifyEmail(
    connection: OsmiumConnection,
    payload: auth.IVerifyEmail,
    reqId: number,
  ): Promise<Uint8Array> {
    await this.commands.execute(
      new VerifyEmailCommand(payload.email ?? '', payload.code ?? '', connection.context()),
    );
    return encodeEmptyResult(reqId);
  }

  private async resendEmailVerification(
    connection: OsmiumConnection,
    payload: auth.IResendEmailVerification,
    reqId: number,
  ): Promise<Uint8Array> {
    await this.commands.execute(
      new ResendEmailVerificationCommand(
        payload.email,
        connection.signedIn?.userId ?? null,
        this.config.defaultLocale,
        connection.context(),
      ),
    );
    return encodeEmptyResult(reqId);
  }

  private async resetPassword(
    connection: OsmiumConnection,
    payload: auth.IResetPassword,
    reqId: number,
  ): Promise<Uint8Array> {
    const confirm = payload.confirm
      ? { code: payload.confirm.code, newPassword: payload.confirm.newPassword }
      : null;
    await this.commands.execute(
      new ResetPasswordCommand(
        { email: payload.email ?? '', confirm },
        this.config.defaultLocale,
        connection.context(),
      ),
    );
    return encodeEmptyResult(reqId);
  }

  private authorized(
    connection: OsmiumConnection,
    result: AuthorizationResult,
    reqId: number,
  ): Uint8Array {
    this.registry.signIn(connection, result.user.userId, result.sessionId);
    return encodeResult(reqId, 'authorization', {
      token: result.token,
      user: { id: longFromDecimal(result.user.userId), name: result.user.name },
      sessionId: longFromDecimal(result.sessionId),
    });
  }
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
