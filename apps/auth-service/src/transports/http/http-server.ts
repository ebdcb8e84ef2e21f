import { Logger } from '@nestjs/common';
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
} from 'fastify';
import { withTraceId, type ServiceMetrics } from '@tangle/platform';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AuthError } from '@tangle/contracts';
import { errorEnvelope } from './http-envelope';
import { readFormBody, readJsonBody } from './http-body';
import { requestIdOf } from './request-id';

/**
 * RPC and auth answers carry tokens or personal data (or pages holding a link's secret): no
 * cache may keep them.
 */
const NO_STORE_PREFIXES = ['/v1', '/auth'];

/** Longer path parameters (an auth id is 36 characters) are refused 414 before routing. */
const MAX_PARAM_LENGTH = 256;

const logger = new Logger('Http');

/**
 * The HTTP adapter: Fastify (see docs/decisions/0016-http-adapter.md), with Node's own
 * timeouts, as the service had them on Express (Fastify would turn the request timeout off and
 * keep idle connections for 72 s), and Express's routing: paths match in any case and with or
 * without a trailing slash. Requests Fastify refuses before routing (a URL that does not
 * decode) get the error envelope too.
 */
export function createHttpAdapter(maxBodyBytes: number): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: maxBodyBytes,
    requestTimeout: 300_000,
    keepAliveTimeout: 5_000,
    routerOptions: {
      caseSensitive: false,
      ignoreTrailingSlash: true,
      maxParamLength: MAX_PARAM_LENGTH,
    },
    frameworkErrors: answerFrameworkError,
    // Fastify would take any X-Request-Id as it is; ours checks it first (request-id.ts).
    requestIdHeader: false,
    genReqId: requestIdOf,
  });
}

/**
 * The HTTP server's request handling below the routes: bodies read with an explicit limit
 * (JSON, and the confirmation page's form; any other type is not read and reaches validation
 * as no body), a depth check on what they parse to, and `Cache-Control: no-store` on every auth
 * answer, errors included. The app must be created with `bodyParser: false` so these parsers
 * are the only ones.
 */
export function configureHttpServer(
  app: NestFastifyApplication,
  maxBodyBytes: number,
  metrics?: ServiceMetrics,
): void {
  const fastify = app.getHttpAdapter().getInstance();
  traceRequests(fastify);
  if (metrics) observeRequests(fastify, metrics);
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', (request: FastifyRequest) =>
    readJsonBody(request.raw, maxBodyBytes),
  );
  fastify.addContentTypeParser('application/x-www-form-urlencoded', (request: FastifyRequest) =>
    readFormBody(request.raw, maxBodyBytes),
  );
  fastify.addContentTypeParser('*', (_request, _payload, done) => done(null, undefined));
  // Before routing, so that refused bodies and unknown routes are marked too.
  fastify.addHook('onRequest', noStore);
}

const startedAt = new WeakMap<FastifyRequest, bigint>();
const errorNames = new WeakMap<object, string>();

/**
 * Every request runs with its id as the trace id (the `traceId` of the log lines written while
 * it is handled), entered again once its body is read, and ends with one log line: `debug` when
 * it succeeded, `info` when it was refused or failed.
 */
function traceRequests(fastify: FastifyInstance): void {
  const enter = (request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) =>
    withTraceId(request.id, done);
  fastify.addHook('onRequest', enter);
  fastify.addHook('preHandler', enter);
  const started = new WeakMap<FastifyRequest, bigint>();
  fastify.addHook('onRequest', (request, _reply, done) => {
    started.set(request, process.hrtime.bigint());
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const at = started.get(request);
    const line = {
      msg: 'http request',
      traceId: request.id,
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: reply.statusCode,
      outcome:
        errorNames.get(request) ?? (reply.statusCode < 400 ? 'OK' : `HTTP_${reply.statusCode}`),
      ms: at === undefined ? undefined : Number(process.hrtime.bigint() - at) / 1e6,
    };
    if (reply.statusCode < 400) logger.debug(line);
    else logger.log(line);
    done();
  });
}

/** The error filter names a request's failure here, so its metrics carry the catalogue name. */
export function noteErrorName(request: object, name: string): void {
  errorNames.set(request, name);
}

/**
 * Every HTTP answer timed and counted by route pattern (`POST /v1/auth/signIn`, not the URL, so
 * ids in paths do not make new series) and outcome: the catalogue name of an error, else `OK`.
 */
function observeRequests(fastify: FastifyInstance, metrics: ServiceMetrics): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    startedAt.set(request, process.hrtime.bigint());
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const started = startedAt.get(request);
    if (started !== undefined) {
      const route = request.routeOptions.url ?? 'unmatched';
      const code =
        errorNames.get(request) ?? (reply.statusCode < 400 ? 'OK' : `HTTP_${reply.statusCode}`);
      metrics.observe(
        'http',
        `${request.method} ${route}`,
        code,
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    }
    done();
  });
}

function noStore(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
  reply.header('x-request-id', request.id);
  markNoStore(request.url, reply);
  done();
}

function markNoStore(url: string, reply: FastifyReply): void {
  if (NO_STORE_PREFIXES.some((prefix) => hasPathPrefix(url, prefix))) {
    reply.header('cache-control', 'no-store');
    reply.header('pragma', 'no-cache');
  }
}

/**
 * Fastify's refusals of a request it could not route (a URL that does not decode 400, a path
 * parameter over MAX_PARAM_LENGTH 414), which never reach Nest's exception filters.
 */
export function answerFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status = error.statusCode ?? 500;
  let refusal: AuthError;
  if (status < 500) {
    refusal = new AuthError('INVALID_ARGUMENT', error.message);
  } else {
    withTraceId(request.id, () => logger.error(`${error.code}: ${error.message}`));
    refusal = new AuthError('INTERNAL');
  }
  markNoStore(request.url, reply);
  reply
    .code(status < 500 ? status : 500)
    .header('x-request-id', request.id)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify(errorEnvelope(refusal, request.id)));
}

/** `/auth`, `/auth/…` and `/auth?…`, in any case (as routes match), but not `/authors`. */
export function hasPathPrefix(url: string, prefix: string): boolean {
  if (url.length < prefix.length) return false;
  if (url.slice(0, prefix.length).toLowerCase() !== prefix) return false;
  const next = url.charAt(prefix.length);
  return next === '' || next === '/' || next === '?';
}
