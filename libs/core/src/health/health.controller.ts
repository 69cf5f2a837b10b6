import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/principal';
import { ExactJsonContentType } from '../http/sign-file-compat';
import { Readiness } from './readiness';

class LivenessResponse {
  @ApiProperty({ example: 'ok' })
  status!: string;
}

class ReadinessResponse {
  @ApiProperty({ enum: ['ok', 'unavailable'], example: 'ok' })
  status!: string;
  @ApiProperty({
    example: { database: { status: 'up', latencyMs: 1 }, sessionStore: { status: 'up', latencyMs: 0 } },
    description: 'Per-dependency status',
  })
  checks!: Record<string, { status: 'up' | 'down'; latencyMs: number }>;
}

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  @Public()
  @Get('health')
  @HttpCode(200)
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: LivenessResponse })
  live(): LivenessResponse {
    return { status: 'ok' };
  }

  @Public()
  @Get('health/ready')
  @ApiOperation({ summary: 'Readiness: every dependency answers (database, session store, ...)' })
  @ApiOkResponse({ type: ReadinessResponse })
  @ApiServiceUnavailableResponse({ type: ReadinessResponse })
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<ReadinessResponse> {
    const report = await this.readiness.report();
    void reply.status(report.ready ? 200 : 503);
    return { status: report.ready ? 'ok' : 'unavailable', checks: report.checks };
  }

  // Sign-file clients check liveness here and expect what the original FastAPI service sent: the JSON string.
  @Public()
  @Get('ping')
  @ExactJsonContentType()
  @ApiOperation({ summary: 'Liveness for sign-file clients: the JSON string "pong" (`application/json` exactly)' })
  @ApiOkResponse({ schema: { type: 'string', example: 'pong' } })
  ping(): string {
    return 'pong';
  }
}
