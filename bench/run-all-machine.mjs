// The machine line of the generated block: what the figures were measured on.
import os from 'node:os';
import Redis from 'ioredis';
import pg from 'pg';

/**
 * `versions`: the `machine` objects of this run's results files (PostgreSQL and Redis versions come from there,
 * else from asking the servers the benches use); `loads`: "script load" strings, taken before each script.
 */
export async function machineLines({ versions, loads, quick }) {
  const postgres = versions.find((v) => v.postgres)?.postgres ?? (await postgresVersion());
  const redis = versions.find((v) => v.redis)?.redis ?? (await redisVersion());
  const memoryGiB = (os.totalmem() / 2 ** 30).toFixed(1);
  return [
    `Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${memoryGiB} GiB,`,
    `${os.platform()} ${os.release()}, Node ${process.version}, PostgreSQL ${postgres}, Redis ${redis}.`,
    loads.length > 0 ? `1-minute load average before each script: ${loads.join(', ')}.` : '',
    quick ? '**BENCH_QUICK=1: a smoke run with short durations, not figures to quote.**' : '',
  ].filter(Boolean);
}

async function postgresVersion() {
  const url = new URL(process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432');
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return (await client.query('SHOW server_version')).rows[0].server_version;
  } catch {
    return 'unreachable';
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function redisVersion() {
  const redis = new Redis(process.env.BENCH_REDIS_URL || 'redis://127.0.0.1:6379/0', {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 3000,
  });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? 'unknown';
  } catch {
    return 'unreachable';
  } finally {
    redis.disconnect();
  }
}
