import { Module, OnModuleInit } from '@nestjs/common';
import { collectDefaultMetrics } from 'prom-client';
import { provideConfigSlice } from '../config/config-slice';
import { MonitoringConfig } from '../config/platform-config';
import { SessionStore } from '../session/session-store';
import { SessionStoreModule } from '../session/session-store.module';
import { MetricsAccessGuard } from './metrics-access.guard';
import { MetricsController } from './metrics.controller';
import { MetricsModule } from './metrics.module';
import { ServiceMetrics } from './service-metrics';

/**
 * GET /metrics, for the API only (the CLI shares ServiceMetrics through the context ports but serves nothing).
 * ServiceMetrics itself comes from MetricsModule, imported by the composition root with the ports.
 */
@Module({
  imports: [MetricsModule, SessionStoreModule],
  controllers: [MetricsController],
  providers: [provideConfigSlice(MonitoringConfig), MetricsAccessGuard],
})
export class MetricsEndpointModule implements OnModuleInit {
  constructor(
    private readonly metrics: ServiceMetrics,
    private readonly sessions: SessionStore,
  ) {}

  /** Process and event-loop metrics (CPU, memory, handles, GC, event-loop delay), and the live-session count. */
  onModuleInit(): void {
    collectDefaultMetrics({ register: this.metrics.registry });
    this.metrics.countSessionsWith(() => this.sessions.countLive(new Date()));
  }
}
