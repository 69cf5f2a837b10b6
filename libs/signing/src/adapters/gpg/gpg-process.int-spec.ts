import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createGpgStub, processAlive } from '../../../../../test/fixtures/gpg';
import { holdExclusiveLock } from '../agents/home-lock';
import { runGpg } from './gpg-process';

describe('runGpg (gpg processes)', () => {
  let dir: string;
  const stubs: Array<{ cleanup(): void }> = [];
  const stub = (when: string, script: string) => {
    const made = createGpgStub(when, script);
    stubs.push(made);
    return made.binary;
  };
  beforeAll(() => {
    dir = mkdtempSync('/tmp/kwp-');
  });
  afterAll(() => {
    stubs.forEach((s) => s.cleanup());
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs the real gpg with an argument array and reads its status descriptor', async () => {
    const outcome = await runGpg({
      command: 'gpg',
      home: dir,
      args: ['--batch', '--status-fd', '4', '--list-config', '--with-colons'],
      timeoutMs: 10000,
    });
    expect(outcome).toMatchObject({ exitCode: 0, timedOut: false });
    expect(outcome.stdout).toMatch(/^cfg:version:/m);
  });

  it('hands the passphrase over its own descriptor, never in argv or the environment', async () => {
    const seen = path.join(dir, 'seen');
    const gpg = stub(
      '--detach-sign',
      `echo "$@" > ${seen}.argv; env > ${seen}.env; cat <&3 > ${seen}.fd3; echo "[GNUPG:] SIG_CREATED D 1 8 00 1 X" >&4; exit 0`,
    );
    const outcome = await runGpg({
      command: gpg,
      home: dir,
      args: ['--passphrase-fd', '3', '--detach-sign', 'in'],
      passphrase: 'correct horse battery',
      timeoutMs: 10000,
    });
    expect(outcome.status).toEqual([{ keyword: 'SIG_CREATED', args: ['D', '1', '8', '00', '1', 'X'] }]);
    expect(readFileSync(`${seen}.fd3`, 'utf8')).toBe('correct horse battery\n');
    expect(readFileSync(`${seen}.argv`, 'utf8')).not.toContain('horse');
    expect(readFileSync(`${seen}.env`, 'utf8')).not.toContain('horse');
  });

  it('kills the process when aborted and rejects with the reason', async () => {
    const pidFile = path.join(dir, 'abort.pid');
    const gpg = stub('--abort-me', `echo $$ > ${pidFile}; exec sleep 30`);
    const controller = new AbortController();
    const running = runGpg({
      command: gpg,
      home: dir,
      args: ['--abort-me'],
      timeoutMs: 30000,
      signal: controller.signal,
    });
    await waitFor(() => existsSync(pidFile));
    const pid = Number(readFileSync(pidFile, 'utf8'));
    controller.abort(new Error('client gone'));
    await expect(running).rejects.toThrow('client gone');
    expect(processAlive(pid)).toBe(false);
  });

  it('kills a process that outlives its timeout, with SIGKILL if it ignores SIGTERM', async () => {
    const pidFile = path.join(dir, 'stubborn.pid');
    const gpg = stub('--stubborn', `echo $$ > ${pidFile}; trap '' TERM; sleep 30`);
    const started = Date.now();
    const outcome = await runGpg({ command: gpg, home: dir, args: ['--stubborn'], timeoutMs: 200 });
    expect(outcome.timedOut).toBe(true);
    expect(Date.now() - started).toBeLessThan(6000);
    expect(processAlive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
  });

  it('rejects when the program cannot be started', async () => {
    await expect(runGpg({ command: '/nonexistent/gpg', home: dir, args: [], timeoutMs: 1000 })).rejects.toThrow(
      /ENOENT/,
    );
  });

  describe('home locks', () => {
    const lockFile = () => path.join(dir, 'home.lock');
    const nap = (ms: number) => stub(`--nap${ms}`, `sleep ${ms / 1000}; exit 0`);
    const napping = (binary: string, ms: number, mode: 'shared' | 'exclusive' = 'shared') =>
      runGpg({ command: binary, home: dir, args: [`--nap${ms}`], timeoutMs: 10000, lock: { file: lockFile(), mode } });

    it('lets shared holders run together', async () => {
      // Three 1.5 s runs: one after another would take 4.5 s; together, 1.5 s plus spawning (generous for a
      // loaded machine, still well short of two runs in a row).
      const gpg = nap(1500);
      const started = Date.now();
      await Promise.all([napping(gpg, 1500), napping(gpg, 1500), napping(gpg, 1500)]);
      expect(Date.now() - started).toBeLessThan(3000);
    });

    it('makes the exclusive lock wait for running signs, and new signs wait for it', async () => {
      const gpg = nap(500);
      const started = Date.now();
      const sign = napping(gpg, 500);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const release = await holdExclusiveLock(lockFile(), 5000);
      const exclusiveAt = Date.now() - started;
      expect(exclusiveAt).toBeGreaterThanOrEqual(450);
      const fast = nap(10);
      let laterDone = 0;
      const later = napping(fast, 10).then(() => (laterDone = Date.now()));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(laterDone).toBe(0);
      const releasedAt = Date.now();
      await release();
      await later;
      await sign;
      expect(laterDone).toBeGreaterThanOrEqual(releasedAt);
    });

    it('gives up waiting for the exclusive lock after its timeout', async () => {
      const gpg = nap(1500);
      const sign = napping(gpg, 1500);
      await new Promise((resolve) => setTimeout(resolve, 100));
      await expect(holdExclusiveLock(lockFile(), 300)).rejects.toThrow(/could not lock/);
      await sign;
    });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
