// One process appending audit events, for test/e2e/audit-processes.e2e-spec.ts: opens the database from the built
// service (dist/), says "ready", waits for a line on stdin, records COUNT events, says "done".
//   node test/support/audit-writer.mjs <DATABASE_URL> <sqlite path or ''> <count> <tag>
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);
const dist = (file) => require(path.join(import.meta.dirname, '../../dist', file));
require('reflect-metadata');
const { createDataSource } = dist('libs/core/src/index.js');
const { TypeormAuditLog } = dist('libs/audit/src/index.js');
const { SystemClock, CryptoRandom } = dist('libs/kernel/src/index.js');
const { persistence } = dist('apps/api/src/persistence.js');

const [url, sqlitePath, count, tag] = process.argv.slice(2);
const dataSource = createDataSource(
  {
    url,
    dialect: url.startsWith('postgres') ? 'postgres' : 'sqlite',
    sqlitePath,
    poolSize: 4,
    connectTimeoutMs: 10000,
    idleTimeoutMs: 10000,
    statementTimeoutMs: 30000,
    logQueries: false,
    migrateOnStart: false,
    applicationName: `audit-writer-${tag}`,
  },
  persistence,
);
await dataSource.initialize();
const audit = new TypeormAuditLog(dataSource, new SystemClock(), new CryptoRandom());
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
await new Promise((resolve) => lines.once('line', resolve));
lines.close();
// Four appends in flight at a time, as a process serving several requests would have.
const next = { i: 0 };
await Promise.all(
  Array.from({ length: 4 }, async () => {
    while (next.i < Number(count)) {
      const i = next.i++;
      await audit.record({
        actorId: null,
        action: 'user.updated',
        targetType: 'process',
        targetId: tag,
        details: { i, pid: process.pid },
      });
      // A process serving requests does not append back to back; the pause lets the other one in on SQLite too.
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }),
);
await dataSource.destroy();
process.stdout.write('done\n');
