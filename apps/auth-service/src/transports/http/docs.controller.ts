import { Controller, Get, NotFoundException, Param, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HttpAnswer, HttpAnswers } from './http-answer';

/**
 * The Swagger UI's files, served from swagger-ui-dist (a dependency of @nestjs/swagger) by name:
 * @nestjs/swagger would serve them through @fastify/static, which the service does not ship.
 */
const ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
};

/** No inline script or style in the page: the UI runs under a strict policy. */
export const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tangle Auth API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/docs/json', dom_id: '#swagger-ui', deepLinking: true });\n`;

/** GET /docs: the Swagger UI page over the OpenAPI document at /docs/json (see openapi.ts). */
@Controller('docs')
@ApiExcludeController()
@UseInterceptors(HttpAnswers)
export class DocsController {
  private readonly cache = new Map<string, string>();

  @Get()
  page(): HttpAnswer {
    return answer(PAGE, 'text/html; charset=utf-8');
  }

  @Get('swagger-ui-init.js')
  init(): HttpAnswer {
    return answer(INIT, 'application/javascript; charset=utf-8');
  }

  @Get(':file')
  asset(@Param('file') file: string): HttpAnswer {
    const type = Object.hasOwn(ASSETS, file) ? ASSETS[file] : undefined;
    if (!type) throw new NotFoundException();
    let text = this.cache.get(file);
    if (text === undefined) {
      text = readFileSync(join(swaggerUiDist(), file), 'utf8');
      this.cache.set(file, text);
    }
    return answer(text, type, 'public, max-age=86400');
  }
}

function answer(body: string, type: string, cache = 'no-cache'): HttpAnswer {
  return new HttpAnswer(200, body, {
    'content-type': type,
    'cache-control': cache,
    'content-security-policy': DOCS_CSP,
    'x-content-type-options': 'nosniff',
  });
}

function swaggerUiDist(): string {
  const swagger = require.resolve('@nestjs/swagger');
  return dirname(require.resolve('swagger-ui-dist/package.json', { paths: [swagger] }));
}
