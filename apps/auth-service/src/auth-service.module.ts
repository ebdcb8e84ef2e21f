import { type DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AuthError } from '@tangle/contracts';
import { ClientAddressResolver } from '@tangle/platform';
import { CqrsModule } from '@nestjs/cqrs';
import { APPLICATION_PROVIDERS, READ_MODEL_PROGRESS } from '@tangle/application';
import type { AuthServiceConfig } from './config/auth-service.config';
import { AuthErrorFilter } from './transports/http/auth-error.filter';
import { EmailLinkController } from './transports/http/email-link.controller';
import { EmailUndoController } from './transports/http/email-undo.controller';
import { GatewayController } from './transports/http/gateway.controller';
import { HealthController } from './transports/http/health.controller';
import { JwksController } from './transports/http/jwks.controller';
import { DocsController } from './transports/http/docs.controller';
import { InternalTargetsController } from './transports/http/internal-targets.controller';
import { InvitePageController } from './transports/http/invite-page.controller';
import { rpcHttpController } from './transports/http/rpc-http.controller';
import { SecurityController } from './transports/http/security.controller';
import { ConnectionRegistry } from './transports/ws/connection-registry';
import { OsmiumGateway } from './transports/ws/osmium-gateway';
import { RpcRouter } from './transports/ws/rpc-router';
import { OsmiumMethods } from './transports/osmium-methods';
import { portProviders } from './wiring/port-providers';
import { MailPipeline } from './wiring/mail-pipeline';
import { ServiceRuntime } from './wiring/service-runtime';
import { TargetFeed } from './wiring/target-feed';

@Module({})
export class AuthServiceModule {
  static forRoot(config: AuthServiceConfig): DynamicModule {
    return {
      module: AuthServiceModule,
      imports: [CqrsModule.forRoot()],
      controllers: [
        HealthController,
        rpcHttpController(),
        GatewayController,
        EmailLinkController,
        EmailUndoController,
        JwksController,
        DocsController,
        SecurityController,
        InvitePageController,
        InternalTargetsController,
      ],
      providers: [
        ...portProviders(config),
        ...APPLICATION_PROVIDERS,
        ServiceRuntime,
        MailPipeline,
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
      ],
    };
  }
}
