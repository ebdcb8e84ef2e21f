import { type DynamicModule, Module, type Provider, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AuthError } from '@tangle/contracts';
import { ClientAddressResolver, ServiceMetrics } from '@tangle/platform';
import { CqrsModule } from '@nestjs/cqrs';
import { APPLICATION_PROVIDERS, READ_MODEL_PROGRESS } from '@tangle/application';
import type { AuthServiceConfig } from './config/auth-service.config';
import { AuthErrorFilter } from './transports/http/auth-error.filter';
import { EmailLinkController } from './transports/http/email-link.controller';
import { EmailUndoController } from './transports/http/email-undo.controller';
import { GatewayController } from './transports/http/gateway.controller';
import { HealthController } from './transports/http/health.controller';
import { JwksController } from './transports/http/jwks.controller';
import { MetricsController } from './transports/http/metrics.controller';
import { OAuthController } from './transports/http/oauth.controller';
import { PasskeysController } from './transports/http/passkeys.controller';
import { PasskeysPageController } from './transports/http/passkeys-page.controller';
import { DocsController } from './transports/http/docs.controller';
import { InternalTargetsController } from './transports/http/internal-targets.controller';
import { InvitePageController } from './transports/http/invite-page.controller';
import { QrLoginController } from './transports/http/qr-login.controller';
import { rpcHttpController } from './transports/http/rpc-http.controller';
import { SecurityController } from './transports/http/security.controller';
import { ConnectionRegistry } from './transports/ws/connection-registry';
import { OsmiumGateway } from './transports/ws/osmium-gateway';
import { RpcRouter } from './transports/ws/rpc-router';
import { OsmiumMethods } from './transports/osmium-methods';
import { portProviders } from './wiring/port-providers';
import { MailPipeline } from './wiring/mail-pipeline';
import { ServiceGauges } from './wiring/service-gauges';
import { ServiceRuntime } from './wiring/service-runtime';
import { AccountDeletionSweep } from './wiring/account-deletion-sweep';
import { TargetFeed } from './wiring/target-feed';

@Module({})
export class AuthServiceModule {
  /** `overrides` replace providers of the same token (tests: a clock they move). */
  static forRoot(config: AuthServiceConfig, overrides: Provider[] = []): DynamicModule {
    return {
      module: AuthServiceModule,
      imports: [CqrsModule.forRoot()],
      controllers: [
        HealthController,
        MetricsController,
        rpcHttpController(),
        GatewayController,
        EmailLinkController,
        QrLoginController,
        EmailUndoController,
        JwksController,
        OAuthController,
        DocsController,
        PasskeysController,
        PasskeysPageController,
        SecurityController,
        InvitePageController,
        InternalTargetsController,
      ],
      providers: [
        ...portProviders(config),
        ...APPLICATION_PROVIDERS,
        ServiceRuntime,
        { provide: ServiceMetrics, useValue: new ServiceMetrics() },
        ServiceGauges,
        MailPipeline,
        AccountDeletionSweep,
        TargetFeed,
        { provide: READ_MODEL_PROGRESS, useExisting: ServiceRuntime },
        {
          provide: ClientAddressResolver,
          useValue: new ClientAddressResolver({
            trustedProxies: config.trustedProxies,
            countryHeader: config.geoCountryHeader,
            regionHeader: config.geoRegionHeader,
          }),
        },
        ConnectionRegistry,
        OsmiumMethods,
        RpcRouter,
        OsmiumGateway,
        { provide: APP_FILTER, useClass: AuthErrorFilter },
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            whitelist: true,
            forbidNonWhitelisted: true,
            exceptionFactory: (errors) =>
              new AuthError(
                'INVALID_ARGUMENT',
                errors
                  .map(
                    (e) =>
                      `${e.property}: ${Object.values(e.constraints ?? { invalid: 'is invalid' }).join(', ')}`,
                  )
                  .join('; '),
              ),
          }),
        },
        ...overrides,
      ],
    };
  }
}
