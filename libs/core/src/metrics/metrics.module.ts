import { Module } from '@nestjs/common';
import { PrometheusDomainMeter } from './prometheus-domain-meter';
import { ServiceMetrics } from './service-metrics';

/**
 * The service's metrics and the DomainMeter implementation that contexts count through (bound to the port in
 * apps/api/src/context-ports.module.ts). One ServiceMetrics per application, so test apps never share series.
 */
@Module({
  providers: [{ provide: ServiceMetrics, useFactory: () => new ServiceMetrics() }, PrometheusDomainMeter],
  exports: [ServiceMetrics, PrometheusDomainMeter],
})
export class MetricsModule {}
