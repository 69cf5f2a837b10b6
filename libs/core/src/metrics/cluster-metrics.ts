import cluster, { Worker } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry, Registry } from 'prom-client';

const REQUEST = 'keyward:cluster-metrics-request';
const RESPONSE = 'keyward:cluster-metrics-response';
/** A primary that does not answer (it never called serveClusterMetrics) leaves the worker to its own numbers. */
const PRIMARY_TIMEOUT_MS = 3000;

interface MetricsResponse {
  type: typeof RESPONSE;
  id: string;
  text?: string;
  error?: string;
}

/**
 * For the primary of a node:cluster (WORKERS > 1): answers a worker's request for every worker's metrics, added up
 * by prom-client's AggregatorRegistry (counters and histograms summed, gauges by their own aggregator). Workers
 * share one port, so a scrape reaches one of them at random; without this it would see that worker's share only.
 */
export function serveClusterMetrics(): void {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker: Worker, message: { type?: unknown; id?: unknown }) => {
    if (message?.type !== REQUEST || typeof message.id !== 'string') return;
    const id = message.id;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: RESPONSE, id, text } satisfies MetricsResponse),
      (error: unknown) => worker.send({ type: RESPONSE, id, error: String(error) } satisfies MetricsResponse),
    );
  });
}

/** In a cluster worker: lets the primary collect this registry (prom-client answers its requests). */
export function offerToClusterPrimary(registry: Registry): void {
  if (!cluster.isWorker) return;
  new AggregatorRegistry(); // adds prom-client's worker-side listener, once per process
  AggregatorRegistry.setRegistries([registry]);
}

/**
 * The metrics of every worker of the cluster, asked of the primary; null outside a cluster or when the primary
 * does not answer, so that the caller serves its own.
 */
export function clusterMetrics(): Promise<string | null> {
  const send = process.send?.bind(process);
  if (!cluster.isWorker || !send) return Promise.resolve(null);
  const id = randomUUID();
  return new Promise((resolve, reject) => {
    const onMessage = (message: MetricsResponse) => {
      if (message?.type !== RESPONSE || message.id !== id) return;
      finish();
      if (message.error !== undefined) reject(new Error(`cluster metrics: ${message.error}`));
      else resolve(message.text ?? '');
    };
    const timer = setTimeout(() => {
      finish();
      resolve(null);
    }, PRIMARY_TIMEOUT_MS);
    const finish = () => {
      clearTimeout(timer);
      process.off('message', onMessage);
    };
    process.on('message', onMessage);
    send({ type: REQUEST, id });
  });
}
