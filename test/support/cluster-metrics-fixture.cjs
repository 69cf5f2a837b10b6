// A node:cluster of two workers counting logins in ServiceMetrics (from dist/), one of which is scraped, as the
// API's GET /metrics does. Argument: `serve` makes the primary answer the workers (serveClusterMetrics), as the
// API's primary must. Prints the scraped text on stdout and exits.
const cluster = require('node:cluster');
const path = require('node:path');

const metricsDir = path.join(__dirname, '../../dist/libs/core/src/metrics');
const { ServiceMetrics } = require(path.join(metricsDir, 'service-metrics.js'));
const { serveClusterMetrics } = require(path.join(metricsDir, 'cluster-metrics.js'));

if (cluster.isPrimary) {
  if (process.argv[2] === 'serve') serveClusterMetrics();
  const workers = [cluster.fork({ LOGINS: '2' }), cluster.fork({ LOGINS: '3' })];
  let ready = 0;
  for (const worker of workers) {
    worker.on('message', (message) => {
      if (message === 'ready' && ++ready === workers.length) workers[0].send('scrape');
      if (message && typeof message.scraped === 'string') {
        process.stdout.write(message.scraped);
        for (const each of workers) each.kill();
      }
    });
  }
} else {
  const metrics = new ServiceMetrics();
  for (let i = 0; i < Number(process.env.LOGINS); i += 1) metrics.logins.inc({ outcome: 'success' });
  metrics.countSessionsWith(async () => 7);
  process.on('message', async (message) => {
    if (message === 'scrape') process.send({ scraped: await metrics.exposition() });
  });
  process.send('ready');
}
