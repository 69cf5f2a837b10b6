import { readdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { buildDist, requestOnNewConnection, ServiceProcess } from '../support/service-process';

// Starts the built service twice: UV_THREADPOOL_SIZE only matters in a real process, before libuv's pool starts.
jest.setTimeout(120_000);

/** The process's threads once libuv's pool runs (a registration hashes a password on it, which starts it). */
async function threadsAfterAHash(overrides: Record<string, string>): Promise<number> {
  const service = await ServiceProcess.start(overrides);
  try {
    await service.waitForLines((line) => line.msg.startsWith('keyward listening '));
    const registered = await requestOnNewConnection(service.baseUrl, 'POST', '/register', {
      body: { email: `pool-${randomUUID()}@example.com`, password: 'correct horse battery staple' },
    });
    expect(registered.status).toBe(201);
    return readdirSync(`/proc/${service.child.pid}/task`).length;
  } finally {
    await service.dispose();
  }
}

describe("libuv's thread pool (the built service)", () => {
  beforeAll(() => buildDist());

  it('gets ARGON2_CONCURRENCY + 4 threads when UV_THREADPOOL_SIZE is unset, set before the pool started', async () => {
    // The same service with the pool pinned at Node's default of 4: every other thread is the same in both.
    const pinned = await threadsAfterAHash({ ARGON2_CONCURRENCY: '3', UV_THREADPOOL_SIZE: '4' });
    const sized = await threadsAfterAHash({ ARGON2_CONCURRENCY: '3' });
    expect(sized - pinned).toBe(3);
  });

  it('refuses to start (exit code 78) with a pool no larger than ARGON2_CONCURRENCY', async () => {
    const service = await ServiceProcess.start({ ARGON2_CONCURRENCY: '4', UV_THREADPOOL_SIZE: '4' });
    try {
      expect((await service.exited).code).toBe(78);
    } finally {
      await service.dispose();
    }
  });
});
