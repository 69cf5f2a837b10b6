import { spawn } from 'node:child_process';
import { parseStatusLines, StatusLine } from './gpg-status';

/** gpg reads the passphrase from this descriptor and writes status lines to the next one. */
export const PASSPHRASE_FD = 3;
export const STATUS_FD = 4;
/** Between SIGTERM and SIGKILL: gpg removes its partial output on SIGTERM if it gets the chance. */
const KILL_GRACE_MS = 2000;
const MAX_CAPTURE = 1 << 20;
const DRAIN_MS = 1000;

/**
 * A flock(2) lock on an agent home's lock file, held for the whole life of the process.
 *
 * Why util-linux `flock --no-fork` and not an npm package: proper-lockfile and friends are exclusive-only
 * lock files with staleness heuristics; fs-ext is a native addon whose blocking flock() occupies a libuv
 * thread (shared with Argon2 hashing) for as long as it waits. `flock --no-fork <file> gpg ...` takes the
 * lock and then becomes gpg itself (execve keeps the lock descriptor), so the lock lives exactly as long as
 * gpg, is released by the kernel however gpg ends, and killing the pid kills gpg. gpg-agent, which gpg may
 * start, closes inherited descriptors, so it never holds the lock.
 */
export interface HomeLock {
  file: string;
  mode: 'shared' | 'exclusive';
}

export interface GpgRun {
  /** gpg, gpgconf or gpg-connect-agent. */
  command: string;
  /** Arguments after `--homedir <home>`. */
  args: string[];
  home: string;
  lock?: HomeLock;
  /** Written to PASSPHRASE_FD; the arguments must say `--passphrase-fd 3`. Never in argv or the environment. */
  passphrase?: string;
  timeoutMs: number;
  signal?: AbortSignal;
}

export interface GpgOutcome {
  exitCode: number | null;
  status: StatusLine[];
  stdout: string;
  /** For debug logs only: it may name paths. */
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs one gpg tool with an argument array (never a shell). Resolves with what it said, however it exited;
 * rejects with the abort reason once an aborted process is gone, or when the program cannot be started.
 */
export function runGpg(run: GpgRun): Promise<GpgOutcome> {
  const args = ['--homedir', run.home, ...run.args];
  const [command, argv] = run.lock
    ? ['flock', [`--${run.lock.mode}`, '--no-fork', run.lock.file, run.command, ...args]]
    : [run.command, args];
  if (run.signal?.aborted) return Promise.reject(run.signal.reason);
  return new Promise((resolve, reject) => {
    // Its own process group, so that a kill reaches whatever it started too (gpg-agent leaves by setsid).
    const child = spawn(command, argv, {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', run.passphrase === undefined ? 'ignore' : 'pipe', 'pipe'],
    });
    const stdout = capture(child.stdout);
    const stderr = capture(child.stderr);
    const status = capture(child.stdio[STATUS_FD] as NodeJS.ReadableStream);
    const passphrasePipe = child.stdio[PASSPHRASE_FD] as NodeJS.WritableStream | null;
    if (passphrasePipe && run.passphrase !== undefined) {
      passphrasePipe.on('error', () => undefined); // gpg may exit before reading it
      passphrasePipe.end(`${run.passphrase}\n`);
    }

    let timedOut = false;
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // the group is gone already
      }
    };
    const kill = () => {
      if (settled) return;
      signalGroup('SIGTERM');
      killTimer ??= setTimeout(() => signalGroup('SIGKILL'), KILL_GRACE_MS);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, run.timeoutMs);
    const onAbort = () => kill();
    run.signal?.addEventListener('abort', onAbort, { once: true });

    let exitCode: number | null = null;
    let drainTimer: NodeJS.Timeout | undefined;
    const settle = (error?: Error) => {
      if (settled) return;
      settled = true;
      for (const t of [timer, killTimer, drainTimer]) clearTimeout(t);
      run.signal?.removeEventListener('abort', onAbort);
      if (error) return reject(error);
      if (run.signal?.aborted) return reject(run.signal.reason);
      resolve({ exitCode, status: parseStatusLines(status()), stdout: stdout(), stderr: stderr(), timedOut });
    };
    child.once('error', settle);
    // A descendant that kept gpg's pipes open must not hold the answer back once gpg itself is gone.
    child.once('exit', (code) => {
      exitCode = code;
      drainTimer = setTimeout(() => {
        // After a stalled event loop this timer can come due before the pipes' data is read (timers run before
        // I/O in a loop turn): let one I/O phase pass first, so a busy server does not lose gpg's status lines.
        setImmediate(() => {
          for (const stream of child.stdio) stream?.destroy();
          settle();
        });
      }, DRAIN_MS);
    });
    child.once('close', (code) => {
      exitCode = code ?? exitCode;
      settle();
    });
  });
}

function capture(stream: NodeJS.ReadableStream | null): () => string {
  const chunks: Buffer[] = [];
  let size = 0;
  stream?.on('data', (chunk: Buffer) => {
    if (size >= MAX_CAPTURE) return;
    chunks.push(chunk);
    size += chunk.length;
  });
  return () => Buffer.concat(chunks).toString('utf8');
}
