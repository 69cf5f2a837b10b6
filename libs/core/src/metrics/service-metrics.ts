import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { clusterMetrics, offerToClusterPrimary } from './cluster-metrics';

/** Request and signing durations, seconds: from a cached read to a gpg sign of a large upload. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Every metric the service exposes, on a registry of its own: prom-client's global registry would be shared by
 * every app in a process (the test suites start several), and a second registration of a name throws there.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private countSessions: (() => Promise<number>) | null = null;

  readonly httpRequestDuration = new Histogram({
    name: 'keyward_http_request_duration_seconds',
    help: 'HTTP requests by route template (never the raw path), method and status',
    labelNames: ['route', 'method', 'status'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  readonly logins = new Counter({
    name: 'keyward_logins_total',
    help: 'Login attempts (/login, /token) by outcome',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly activeSessions = new Gauge({
    name: 'keyward_active_sessions',
    help: 'Live sessions in the session store, counted when scraped',
    registers: [this.registry],
    // Every worker of a cluster counts the same store: their counts are one number, not parts of a sum.
    aggregator: 'max',
    collect: () => this.collectSessions(),
  });

  readonly signatures = new Counter({
    name: 'keyward_signatures_total',
    help: 'Sign and sign-batch requests by key, operation and outcome',
    labelNames: ['key', 'operation', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly signingDuration = new Histogram({
    name: 'keyward_signing_duration_seconds',
    help: 'Duration of sign and sign-batch requests, from the key check to the recorded outcome',
    labelNames: ['key', 'operation', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  readonly secrets = new Counter({
    name: 'keyward_secrets_total',
    help: 'One-time secrets created, revealed, burned by their creator, or destroyed after too many wrong passphrases',
    labelNames: ['event'] as const,
    registers: [this.registry],
  });

  constructor() {
    offerToClusterPrimary(this.registry);
  }

  /** How the live-session gauge is counted at each scrape (the session store's count). */
  countSessionsWith(count: () => Promise<number>): void {
    this.countSessions = count;
  }

  /** The text a scrape answers: every worker's metrics added up under node:cluster, else this process's. */
  async exposition(): Promise<string> {
    return (await clusterMetrics()) ?? (await this.registry.metrics());
  }

  // A session store that is down must not take the other series with it: the gauge keeps its last count.
  private async collectSessions(): Promise<void> {
    if (!this.countSessions) return;
    try {
      this.activeSessions.set(await this.countSessions());
    } catch {
      // The scrape goes on; the failure shows in /health/ready and in the log line of the failing dependency.
    }
  }

  /** `route` is the route template, or a fixed label for unmatched requests: never the raw path. */
  observeRequest(route: string, method: string, status: number, seconds: number): void {
    this.httpRequestDuration.observe({ route, method, status: String(status) }, seconds);
  }
}
