import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Request and signing durations, seconds: from a cached read to a gpg sign of a large upload. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * Every metric the service exposes, on a registry of its own: prom-client's global registry would be shared by
 * every app in a process (the test suites start several), and a second registration of a name throws there.
 */
export class ServiceMetrics {
  readonly registry = new Registry();

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

  /** `route` is the route template, or a fixed label for unmatched requests: never the raw path. */
  observeRequest(route: string, method: string, status: number, seconds: number): void {
    this.httpRequestDuration.observe({ route, method, status: String(status) }, seconds);
  }
}
