// The load generator of workers.bench.mjs, in a process of its own: its CPU use is then measurable apart from
// the bench's, and `taskset` can pin it to a core. Reads one JSON argument
// { url, headers, expectBody, connections, seconds } and prints autocannon's result as one JSON line, with the CPU
// time this process spent on the load (`clientCpu`: its parent cannot read /proc of a process that has exited).
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2]);
const cpuBefore = process.cpuUsage();
const started = performance.now();
const instance = autocannon({
  url: options.url,
  connections: options.connections,
  pipelining: 1,
  duration: options.seconds,
  headers: options.headers,
  expectBody: options.expectBody,
});
process.on('SIGTERM', () => instance.stop());
const result = await instance;
const { user, system } = process.cpuUsage(cpuBefore);
const seconds = (performance.now() - started) / 1000;
result.clientCpu = { cores: Math.round(((user + system) / 1e6 / seconds) * 100) / 100 };
process.stdout.write(`${JSON.stringify(result)}\n`);
