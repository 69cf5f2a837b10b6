import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/principal';
import { ApiProblems } from '../http/problem.dto';
import { METRICS_PERMISSION, MetricsAccessGuard } from './metrics-access.guard';
import { ServiceMetrics } from './service-metrics';

const EXAMPLE = `# HELP keyward_logins_total Login attempts (/login, /token) by outcome
# TYPE keyward_logins_total counter
keyward_logins_total{outcome="success"} 12`;

@ApiTags('operations')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: ServiceMetrics) {}

  // Public to the global guards so that the METRICS_TOKEN bearer reaches MetricsAccessGuard, which decides.
  @Public()
  @UseGuards(MetricsAccessGuard)
  @Get('metrics')
  @ApiBearerAuth()
  @ApiSecurity('apiKey')
  @ApiExtension('x-required-permissions', [METRICS_PERMISSION])
  @ApiOperation({
    summary: 'Prometheus metrics (text exposition format)',
    description:
      'Needs `metrics:read`, or `Authorization: Bearer <METRICS_TOKEN>`. Request durations by route template, ' +
      'method and status; logins by outcome; live sessions (counted at scrape time); signatures by key, operation ' +
      'and outcome with durations; one-time secrets created, revealed, burned and destroyed; process and event-loop metrics.',
  })
  @ApiOkResponse({
    content: { 'text/plain; version=0.0.4; charset=utf-8': { schema: { type: 'string', example: EXAMPLE } } },
  })
  @ApiProblems(401, 403)
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    void reply.type(this.metrics.registry.contentType);
    return this.metrics.exposition();
  }
}
