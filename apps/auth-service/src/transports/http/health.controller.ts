import { Controller, Get } from '@nestjs/common';
import { OsmiumGateway } from '../ws/osmium-gateway';

@Controller()
export class HealthController {
  constructor(private readonly gateway: OsmiumGateway) {}

  /** Liveness and a glance at load; the process answers only once its caches and projections run. */
  @Get('healthz')
  health(): { status: 'ok'; connections: number } {
    return { status: 'ok', connections: this.gateway.openConnections };
  }
}
