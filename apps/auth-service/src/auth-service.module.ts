import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { APPLICATION_PROVIDERS, READ_MODEL_PROGRESS } from '@tangle/application';
import type { AuthServiceConfig } from './config/auth-service.config';
import { HealthController } from './transports/http/health.controller';
import { ConnectionRegistry } from './transports/ws/connection-registry';
import { OsmiumGateway } from './transports/ws/osmium-gateway';
import { RpcRouter } from './transports/ws/rpc-router';
import { portProviders } from './wiring/port-providers';
import { ServiceRuntime } from './wiring/service-runtime';

@Module({})
export class AuthServiceModule {
  static forRoot(config: AuthServiceConfig): DynamicModule {
    return {
      module: AuthServiceModule,
      imports: [CqrsModule.forRoot()],
      controllers: [HealthController],
      providers: [
        ...portProviders(config),
        ...APPLICATION_PROVIDERS,
        ServiceRuntime,
        { provide: READ_MODEL_PROGRESS, useExisting: ServiceRuntime },
        ConnectionRegistry,
        RpcRouter,
        OsmiumGateway,
      ],
    };
  }
}
