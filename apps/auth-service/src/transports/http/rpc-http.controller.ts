import { Body, Controller, Headers, HttpCode, Inject, Post, type Type } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiBody,
  ApiHeader,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AuthorizeCommand, type AuthorizationResult } from '@tangle/application';
import { AuthError } from '@tangle/contracts';
import { ClientAddressResolver } from '@tangle/platform';
import {
  ProtoJsonError,
  fromProtoJson,
  methodRequestType,
  resultType,
  schemaName,
  toProtoJson,
} from '@tangle/protocol';
import type { AuthServiceConfig } from '../../config/auth-service.config';
import { AUTH_SERVICE_CONFIG } from '../../wiring/tokens';
import {
  COMMON_ERRORS,
  OSMIUM_METHODS,
  OsmiumMethods,
  SERVED_METHODS,
  type MethodSpec,
  type ServedMethod,
} from '../osmium-methods';
import { errorResponses } from './error-responses';
import { HttpCaller, CLIENT_HEADERS } from './http-caller';
import { RequestFacts } from './request-facts';

/** The methods served over HTTP: every served one but those that set up a connection. */
export const RPC_HTTP_METHODS: readonly ServedMethod[] = SERVED_METHODS.filter(
  (method) => !(OSMIUM_METHODS[method] as MethodSpec).connectionOnly,
);

/** `auth.signUp` → `/v1/auth/signUp`. */
export function rpcHttpPath(method: ServedMethod): string {
  return `/v1/${method.replace('.', '/')}`;
}

/**
 * Every Osmium method over HTTP: `POST /v1/<namespace>/<method>`, the request message as
 * protobuf JSON in, the RPCResult's message as protobuf JSON out (`{}` for `()`), failures
 * through the error filter. Signed-in methods take `Authorization: Bearer <token>` (a session
 * token or a JWT access token); the client's device comes from the X-Client-* headers or the
 * User-Agent (HttpCaller). The routes are made from OSMIUM_METHODS, so a new method needs no
 * HTTP code: see `rpcHttpController`.
 */
class RpcHttpRoutes {
  constructor(
    readonly methods: OsmiumMethods,
    readonly addresses: ClientAddressResolver,
    readonly config: AuthServiceConfig,
    readonly commands: CommandBus,
  ) {}

  async call(
    method: ServedMethod,
    body: unknown,
    request: RequestFacts,
    authorization: string | undefined,
  ): Promise<Record<string, unknown>> {
    const spec: MethodSpec = OSMIUM_METHODS[method];
    const token = bearer(authorization);
    if (spec.signedIn && token === null) {
      throw new AuthError('UNAUTHORIZED', 'send Authorization: Bearer <token>');
    }
    const payload = readPayload(method, body);
    const caller = new HttpCaller(
      this.addresses.resolve(request.peerAddress, request.headers),
      request.headers,
      this.config,
    );
    if (token !== null) {
      // Resolves a session token or a JWT access token; touches the session's activity.
      const session = await this.commands.execute<AuthorizeCommand, AuthorizationResult>(
        new AuthorizeCommand(token, caller.context()),
      );
      caller.signedIn = { userId: session.user.userId, sessionId: session.sessionId };
    }
    const answer = await this.methods.run(method, caller, payload as never);
    return answer.kind === null ? {} : toProtoJson(resultType(answer.kind), answer.value);
  }
}

function readPayload(method: ServedMethod, body: unknown): Record<string, unknown> {
  try {
    // No body (or one of a type the server does not read) is the empty message.
    return fromProtoJson(methodRequestType(method), body ?? {});
  } catch (error) {
    if (error instanceof ProtoJsonError) throw new AuthError('INVALID_ARGUMENT', error.message);
    throw error;
  }
}

/** The token of `Authorization: Bearer <token>`, null without the header. */
function bearer(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new AuthError('UNAUTHORIZED', 'send Authorization: Bearer <token>');
  return match[1];
}

/**
 * The controller class of the RPC routes: one method per served method, with its route and its
 * OpenAPI description (request and answer schemas by $ref to the descriptors' schemas, see
 * openapi.ts; every error it can answer with the catalogue's statuses; the bearer scheme).
 */
export function rpcHttpController(methods: readonly ServedMethod[] = RPC_HTTP_METHODS): Type {
  @Controller('v1')
  @ApiTags('Osmium RPC')
  class RpcHttpController extends RpcHttpRoutes {
    constructor(
      methods: OsmiumMethods,
      addresses: ClientAddressResolver,
      @Inject(AUTH_SERVICE_CONFIG) config: AuthServiceConfig,
      commands: CommandBus,
    ) {
      super(methods, addresses, config, commands);
    }
  }
  for (const method of methods) defineRoute(RpcHttpController, method);
  return RpcHttpController;
}

function defineRoute(controller: Type<RpcHttpRoutes>, method: ServedMethod): void {
  const spec: MethodSpec = OSMIUM_METHODS[method];
  const key = method.replace('.', '_');
  const handler = {
    async [key](
      this: RpcHttpRoutes,
      body: unknown,
      request: RequestFacts,
      authorization: string | undefined,
    ) {
      return this.call(method, body, request, authorization);
    },
  }[key];
  Object.defineProperty(controller.prototype, key, {
    value: handler,
    writable: true,
    configurable: true,
  });
  const descriptor = Object.getOwnPropertyDescriptor(controller.prototype, key)!;
  const target = controller.prototype as object;
  // What tsc would emit for (body: unknown, request: RequestFacts, authorization: string):
  // the ValidationPipe passes plain objects through; the JSON mapping checks the body.
  Reflect.defineMetadata('design:paramtypes', [Object, Object, String], target, key);
  Body()(target, key, 0);
  RequestFacts()(target, key, 1);
  Headers('authorization')(target, key, 2);
  const decorators: MethodDecorator[] = [
    Post(rpcHttpPath(method).slice('/v1/'.length)),
    HttpCode(200),
    ApiOperation({
      operationId: method,
      summary: method,
      description:
        `The Osmium method ${method} (${methodRequestType(method).name} → ` +
        `${spec.answer ? resultType(spec.answer).name : '()'}).` +
        (spec.signedIn ? ' Needs a bearer token.' : ' A bearer token is optional.'),
    }),
    ApiBody({
      required: false,
      schema: { $ref: `#/components/schemas/${schemaName(methodRequestType(method))}` },
    }),
    ApiResponse({
      status: 200,
      description: spec.answer ? resultType(spec.answer).name : '`()`: an empty object',
      schema: spec.answer
        ? { $ref: `#/components/schemas/${schemaName(resultType(spec.answer))}` }
        : { type: 'object', properties: {}, additionalProperties: false },
    }),
    ...errorResponses([...spec.errors, ...COMMON_ERRORS]),
  ];
  if (spec.signedIn) decorators.push(ApiBearerAuth('bearer'));
  if (method === 'auth.signUp' || method === 'auth.signIn') {
    for (const header of Object.values(CLIENT_HEADERS)) {
      decorators.push(ApiHeader({ name: header.name, required: false, description: header.about }));
    }
  }
  for (const decorate of decorators) decorate(target, key, descriptor);
  Object.defineProperty(controller.prototype, key, descriptor);
}
