import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { OsmiumGateway } from '../ws/osmium-gateway';

@Controller()
@ApiTags('Operations')
export class HealthController {
  constructor(private readonly gateway: OsmiumGateway) {}

  /** Liveness and a glance at load; the process answers only once its caches and projections run. */
  @Get('healthz')
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['status', 'connections'],
      properties: {
        status: { type: 'string', enum: ['ok'] },
        connections: { type: 'integer', description: 'open WebSockets' },
      },
    },
  })
  health(): { status: 'ok'; connections: number } {
    return { status: 'ok', connections: this.gateway.openConnections };
  }
}
