import { Controller, Get, UseInterceptors } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ServiceRuntime } from '../../wiring/service-runtime';
import { OsmiumGateway } from '../ws/osmium-gateway';
import { HttpAnswer, HttpAnswers } from './http-answer';

const READINESS_SCHEMA = {
  type: 'object',
  required: ['status', 'checks'],
  properties: {
    status: { type: 'string', enum: ['ready', 'not-ready'] },
    checks: {
      type: 'object',
      description: 'caches, eventStore, readModels and (embedded) relay',
      additionalProperties: {
        type: 'object',
        required: ['ok', 'detail'],
        properties: { ok: { type: 'boolean' }, detail: { type: 'string' } },
      },
    },
  },
};

@Controller()
@ApiTags('Operations')
@UseInterceptors(HttpAnswers)
export class HealthController {
  constructor(
    private readonly gateway: OsmiumGateway,
    private readonly runtime: ServiceRuntime,
  ) {}

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

  /** Ready for traffic: 200, or 503 with the failing checks, for load balancers and probes. */
  @Get('readyz')
  @ApiOkResponse({ schema: READINESS_SCHEMA })
  @ApiServiceUnavailableResponse({ schema: READINESS_SCHEMA })
  async ready(): Promise<HttpAnswer> {
    const readiness = await this.runtime.readiness();
    return new HttpAnswer(
      readiness.ready ? 200 : 503,
      { status: readiness.ready ? 'ready' : 'not-ready', checks: readiness.checks },
      { 'Cache-Control': 'no-store' },
    );
  }
}
