import { spawn } from 'node:child_process';

/**
 * Holds an exclusive flock(2) lock on an agent home while this process does work of its own there (refreshing
 * the copy, restarting its agent). `flock --no-fork <file> cat` takes the lock and becomes `cat`, which echoes
 * the byte written to it only once it runs, that is once the lock is held; closing its input releases the
 * lock, and so does this process dying. Signs take the shared lock through `runGpg` instead.
 */
export function holdExclusiveLock(file: string, waitMs: number): Promise<() => Promise<void>> {
  const child = spawn('flock', ['--exclusive', '--no-fork', '--wait', String(waitMs / 1000), file, 'cat'], {
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
    child.stdout.once('data', () => resolve(release));
    void exited.then(() => reject(new Error(`could not lock ${file} within ${waitMs} ms`)));
    child.stdin.write('\n');
  });
}
