import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { methodRequestType, protoJsonSchemas, resultType, type JsonSchema } from '@tangle/protocol';
import { OSMIUM_METHODS, type MethodSpec } from '../osmium-methods';
import { ERROR_BODY_SCHEMA, errorBodySchema } from './error-body.schema';
import { RPC_HTTP_METHODS } from './rpc-http.controller';

/** Where the OpenAPI document is served as JSON; the Swagger UI is at DOCS_PATH. */
export const DOCS_PATH = '/docs';
export const OPENAPI_JSON_PATH = '/docs/json';

/**
 * The OpenAPI 3 document, made by @nestjs/swagger from the controllers and their decorators;
 * the RPC routes' `$ref`s point at schemas derived from the protocol's descriptors
 * (protoJsonSchemas), added here with the error body's.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Tangle Auth')
    .setDescription(
      'Every Osmium RPC of the auth service as `POST /v1/<namespace>/<method>` with protobuf ' +
        'JSON bodies (lowerCamelCase out; lowerCamelCase or proto field names in; 64-bit ' +
        'integers as decimal strings; enums by name), the email-link login routes, health and ' +
        'the access-token keys. Errors come from one catalogue, with its HTTP statuses.',
    )
    .setVersion('1')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: 'a session token (tgl_…) or a JWT access token',
      },
      'bearer',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const schemas = document.components?.schemas ?? {};
  Object.assign(schemas, rpcSchemas(), { [ERROR_BODY_SCHEMA]: errorBodySchema() });
  document.components = { ...document.components, schemas };
  describeGatewayAuthorize(document);
  return document;
}

/**
 * `GET /v1/auth/authorize` is served beside Nest (gateway-authorize.route.ts), so the scan of
 * the controllers does not see it: its entry is made from the POST route's, whose answers and
 * errors it shares, with the token in the Authorization header instead of the body.
 */
function describeGatewayAuthorize(document: OpenAPIObject): void {
  const path = document.paths['/v1/auth/authorize'];
  const post = path?.post;
  if (!path || !post) throw new Error('the OpenAPI document has no POST /v1/auth/authorize');
  path.get = {
    operationId: 'gatewayAuthorize',
    summary: "A gateway's check of a bearer token (session token or JWT access token)",
    description:
      'The same answer as POST /v1/auth/authorize, with the token sent as ' +
      '`Authorization: Bearer <token>` and no body: the route gateways call per request.',
    tags: post.tags,
    security: [{ bearer: [] }],
    responses: post.responses,
  };
}

/** The request and answer messages of every RPC route, and the messages they hold. */
export function rpcSchemas(): Record<string, JsonSchema> {
  const types = RPC_HTTP_METHODS.flatMap((method) => {
    const spec: MethodSpec = OSMIUM_METHODS[method];
    const request = methodRequestType(method);
    return spec.answer ? [request, resultType(spec.answer)] : [request];
  });
  return protoJsonSchemas(types);
}

/** Serves the document as JSON at OPENAPI_JSON_PATH (the UI's page is DocsController's). */
export function serveOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), {
    ui: false,
    raw: ['json'],
    jsonDocumentUrl: OPENAPI_JSON_PATH,
  });
}
