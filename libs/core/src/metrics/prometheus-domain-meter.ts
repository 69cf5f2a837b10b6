import { Injectable } from '@nestjs/common';
import { DomainMeter, LoginOutcome, SecretEvent, SigningSample } from '@keyward/kernel';
import { ServiceMetrics } from './service-metrics';

/** The DomainMeter port on prom-client: each call is an in-memory increment, so it cannot fail or wait. */
@Injectable()
export class PrometheusDomainMeter extends DomainMeter {
  constructor(private readonly metrics: ServiceMetrics) {
    super();
  }

  loginAttempted(outcome: LoginOutcome): void {
    this.metrics.logins.inc({ outcome });
  }

  secretChanged(event: SecretEvent): void {
    this.metrics.secrets.inc({ event });
  }

  signed(sample: SigningSample): void {
    // Only configured keys name a series: a client-chosen reference would make one per request.
    const labels = { key: sample.keyid ?? 'unknown', operation: sample.operation, outcome: sample.outcome };
    this.metrics.signatures.inc(labels);
    this.metrics.signingDuration.observe(labels, sample.seconds);
  }
}
