import { ServiceUnavailableError } from '@keyward/kernel';
import { Argon2Slots } from './argon2-slots';

/** Work that finishes when the test says so, recording when it started. */
function gate(started: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<string>((resolve) => (finish = () => resolve(name)));
  return { work: () => (started.push(name), done), finish };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Argon2Slots', () => {
  it('runs at most `concurrency` at once and starts the waiting ones in order as slots free up', async () => {
    const slots = new Argon2Slots({ concurrency: 2, queueLimit: 10 });
    const started: string[] = [];
    const jobs = ['a', 'b', 'c', 'd'].map((name) => gate(started, name));
    const results = jobs.map((job) => slots.run(job.work));
    await settle();
    expect(started).toEqual(['a', 'b']);
    expect(slots.queued).toBe(2);
    jobs[1].finish();
    await settle();
    expect(started).toEqual(['a', 'b', 'c']);
    jobs[0].finish();
    jobs[2].finish();
    jobs[3].finish();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
    expect(slots.queued).toBe(0);
  });

  it('refuses at once, with 503 and Retry-After and without running it, what finds the queue full', async () => {
    const slots = new Argon2Slots({ concurrency: 1, queueLimit: 1 });
    const started: string[] = [];
    const running = gate(started, 'running');
    const waiting = gate(started, 'waiting');
    const first = slots.run(running.work);
    const second = slots.run(waiting.work);
    const refused = await slots.run(async () => 'never').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ServiceUnavailableError);
    expect(refused).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfterSeconds: 1 });
    running.finish();
    waiting.finish();
    expect([await first, await second]).toEqual(['running', 'waiting']);
    expect(started).toEqual(['running', 'waiting']);
  });

  it('frees the slot of work that failed', async () => {
    const slots = new Argon2Slots({ concurrency: 1, queueLimit: 0 });
    await expect(slots.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await slots.run(async () => 'next')).toBe('next');
  });
});
