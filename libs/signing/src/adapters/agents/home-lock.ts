import { spawn } from 'node:child_process';

/**
 * Holds a flock(2) lock on a lock file while this process does work of its own there (refreshing an agent copy,
 * restarting its agent), or for its whole life (the shared lock on the agent root that says it is in use).
 * `flock --no-fork <file> cat` takes the lock and becomes `cat`, which echoes the byte written to it only once
 * it runs, that is once the lock is held; closing its input releases the lock, and so does this process dying.
 * Signs take the shared lock on their copy through `runGpg` instead. `waitMs` 0 gives up at once if it is held.
 * `background`: the held lock does not keep this process alive (a lock held for the process's life must not
 * hold up its exit when nobody got to release it).
 */
export function holdLock(
  file: string,
  mode: 'shared' | 'exclusive',
  waitMs: number,
  { background = false } = {},
): Promise<() => Promise<void>> {
  const wait = waitMs === 0 ? ['--nonblock'] : ['--wait', String(waitMs / 1000)];
  const child = spawn('flock', [`--${mode}`, '--no-fork', ...wait, file, 'cat'], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const release = async () => {
    child.stdin.end();
    await exited;
  };
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdin.on('error', () => undefined);
    child.stdout.once('data', () => {
      if (background) {
        child.unref();
        for (const stream of [child.stdin, child.stdout] as Array<{ unref?: () => void }>) stream.unref?.();
      }
      resolve(release);
    });
    void exited.then(() => reject(new Error(`could not lock ${file} within ${waitMs} ms`)));
    child.stdin.write('\n');
  });
}

export function holdExclusiveLock(file: string, waitMs: number): Promise<() => Promise<void>> {
  return holdLock(file, 'exclusive', waitMs);
}
