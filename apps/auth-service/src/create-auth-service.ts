import type { Server } from 'node:http';
import type { LoggerService, Provider } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ServiceMetrics } from '@tangle/platform';
import { AuthServiceModule } from './auth-service.module';
import type { AuthServiceConfig } from './config/auth-service.config';
import { serveGatewayAuthorize } from './transports/http/gateway-authorize.route';
import { configureHttpServer, createHttpAdapter } from './transports/http/http-server';
import { serveOpenApi } from './transports/http/openapi';
import { OsmiumGateway } from './transports/ws/osmium-gateway';

/**
 * The service, built and attached to its HTTP server but not listening yet: `main.ts` listens;
 * end-to-end tests that must move time pass a clock in `overrides`.
 */
export async function createAuthService(
  config: AuthServiceConfig,
  options: { logger?: LoggerService | false; overrides?: Provider[] } = {},
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AuthServiceModule.forRoot(config, options.overrides),
    createHttpAdapter(config.httpMaxBodyBytes),
    { logger: options.logger, bodyParser: false },
  );
  configureHttpServer(app, config.httpMaxBodyBytes, app.get(ServiceMetrics));
  serveGatewayAuthorize(app);
  serveOpenApi(app);
  app.get(OsmiumGateway).attach(app.getHttpServer() as Server);
  return app;
}
