import { Controller, Get, UseInterceptors } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ServiceMetrics } from '@tangle/platform';
import { HttpAnswer, HttpAnswers } from './http-answer';

/**
 * Prometheus metrics (docs/operations.md, "Metrics"): for the operators' network, not the
 * public one; the proxy in front should not route /metrics.
 */
@Controller()
@ApiExcludeController()
@UseInterceptors(HttpAnswers)
export class MetricsController {
  constructor(private readonly metrics: ServiceMetrics) {}

  @Get('metrics')
  async scrape(): Promise<HttpAnswer> {
    return new HttpAnswer(200, await this.metrics.text(), {
      'Content-Type': this.metrics.contentType(),
      'Cache-Control': 'no-store',
    });
  }
}
