// Baseline for bench/me.bench.mjs: a bare Fastify 5 instance with one route, GET /me, answering with the
// JSON body that keyward returned for GET /auth/me. No logging, no hooks, no auth, no database.
// It serialises the object on every request, as keyward does, instead of sending a cached string.
//
// Usage: node bench/bare-server.mjs <port> <json file>
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const [portArg, jsonFile] = process.argv.slice(2);
const port = Number(portArg);
if (!Number.isInteger(port) || port <= 0 || port > 65535 || !jsonFile) {
  console.error('usage: node bench/bare-server.mjs <port> <json file>');
  process.exit(2);
}
const body = JSON.parse(readFileSync(jsonFile, 'utf8'));

const app = Fastify({ logger: false });
app.get('/me', async () => body);

const stop = () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

try {
  await app.listen({ port, host: '127.0.0.1' });
} catch (error) {
  console.error(`bare fastify failed to start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
