import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GENEROUS_RATE_LIMITS } from './test-app';
import { createTestDatabase, TestDatabase, usesPostgres } from './test-database';

export const repositoryRoot = path.resolve(__dirname, '../..');
export const serviceMain = path.join(repositoryRoot, 'dist/apps/api/src/main.js');

/** One JSON log line of the service. */
export type LogLine = Record<string, unknown> & { msg: string; pid?: number };

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Brings dist/ up to date, as `npm start` does; with nothing to compile it takes well under a second. */
export function buildDist(): void {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repositoryRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
}

/** A port nobody listens on at the moment of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The built service as a real process (`node dist/apps/api/src/main.js`, or any command such as `npm start`) on
 * a free port, on this run's backend (a fresh SQLite file, or a fresh PostgreSQL database with Redis), with its
 * JSON log lines collected.
 */
export class ServiceProcess {
  readonly lines: LogLine[] = [];
  /** Everything written to stdout, JSON or not (npm's and the build's lines too). */
  output = '';
  readonly exited: Promise<Exit>;
  /** Resolves when stdout has ended: 'exit' can come before the last lines are read from the pipe. */
  private readonly outputEnded: Promise<void>;
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly child: ChildProcess,
    readonly port: number,
    readonly dataDir: string,
    private readonly database: TestDatabase,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    this.outputEnded = new Promise((resolve) => (child.stdout ? child.stdout.once('end', resolve) : resolve()));
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
      pending += chunk.toString('utf8');
      const complete = pending.split('\n');
      pending = complete.pop() ?? '';
      for (const text of complete) this.take(text);
    });
    child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  }

  static async start(
    overrides: Record<string, string> = {},
    command: string[] = [process.execPath, serviceMain],
  ): Promise<ServiceProcess> {
    const database = await createTestDatabase();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'keyward-proc-'));
    const port = await freePort();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? dataDir,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      LOG_LEVEL: 'info',
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      JWT_SECRET: randomBytes(32).toString('base64url'),
      REDIS_KEY_PREFIX: `kw-proc-${randomBytes(6).toString('hex')}:`,
      ...GENEROUS_RATE_LIMITS,
      ...(usesPostgres && process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
      ...overrides,
    };
    // npm start needs the checkout; the service alone runs in its data folder, away from any developer's .env.
    const cwd = command[0] === process.execPath ? dataDir : repositoryRoot;
    // A process group of its own, so that a failed test can end everything it started (npm's server included).
    const child = spawn(command[0], command.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    return new ServiceProcess(child, port, dataDir, database);
  }

  /**
   * The messages in the order they were logged (by their timestamps; equal ones keep the order read). Lines
   * written just before the exit can reach the pipe after later ones (seen on PostgreSQL at shutdown).
   */
  messagesInLoggedOrder(): string[] {
    const at = (line: LogLine) => Date.parse(String(line.time));
    return [...this.lines].sort((a, b) => at(a) - at(b)).map((line) => line.msg);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/auth`;
  }

  /** Resolves with the lines once `count` lines match (or rejects when the process exits first). */
  async waitForLines(match: (line: LogLine) => boolean, count = 1, timeoutMs = 25_000): Promise<LogLine[]> {
    const found = () => this.lines.filter(match);
    const deadline = Date.now() + timeoutMs;
    while (found().length < count) {
      const exit = await Promise.race([
        this.exited,
        new Promise<null>((resolve) => {
          const wake = () => resolve(null);
          this.waiters.add(wake);
          setTimeout(wake, 200);
        }),
      ]);
      if (exit) throw new Error(`the service exited (${JSON.stringify(exit)}) before the expected log lines`);
      if (Date.now() > deadline) throw new Error(`no ${count} matching log line(s) within ${timeoutMs} ms`);
    }
    return found();
  }

  /**
   * The pids of the processes that logged the requests sent with these X-Request-Id values, once `distinct` of
   * them did (the service echoes a valid incoming request id and logs it).
   */
  async pidsServing(requestIds: Iterable<string>, distinct: number): Promise<Set<number>> {
    const ids = new Set(requestIds);
    const pids = () =>
      new Set(
        this.lines.filter((line) => line.msg === 'request' && ids.has(line.requestId as string)).map((l) => l.pid!),
      );
    await this.waitForLines(() => pids().size >= distinct);
    return pids();
  }

  /** The pids that logged "keyward listening": the processes serving HTTP. */
  listeningPids(): number[] {
    return this.lines
      .filter((line) => line.msg.startsWith('keyward listening '))
      .map((line) => line.pid ?? this.child.pid!);
  }

  /** Sends `signal` and waits for the process to end. */
  /** Signals the process and waits for its exit and for the last lines it wrote (at most 5 s more for those). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    const exit = await this.exited;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.outputEnded, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
    clearTimeout(timer);
    return exit;
  }

  /**
   * Stops the service as an operator would (SIGTERM, so it removes its gpg-agent copies from the runtime folder and
   * stops their agents, which outlive a SIGKILL), kills what is left of its process group (after a failed test),
   * and removes the database and the data folder.
   */
  async dispose(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.stop(), new Promise((resolve) => (timer = setTimeout(resolve, 15_000)))]);
      clearTimeout(timer);
    }
    try {
      process.kill(-this.child.pid!, 'SIGKILL');
    } catch {
      // the group is gone already
    }
    await this.exited;
    await this.database.drop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private take(text: string): void {
    if (!text.startsWith('{')) return;
    try {
      this.lines.push(JSON.parse(text) as LogLine);
    } catch {
      return;
    }
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }
}

export interface PlainResult {
  status: number;
  body: any;
}

/**
 * One request on a connection of its own (no keep-alive), so that a cluster's round-robin, which hands out
 * connections rather than requests, spreads consecutive requests over the workers.
 */
export function requestOnNewConnection(
  baseUrl: string,
  method: string,
  route: string,
  options: {
    body?: unknown;
    raw?: { contentType: string; data: Buffer };
    token?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<PlainResult> {
  const payload =
    options.raw?.data ?? (options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body)));
  const contentType = options.raw?.contentType ?? 'application/json';
  const headers: Record<string, string | number> = { ...options.headers };
  if (payload) Object.assign(headers, { 'content-type': contentType, 'content-length': payload.length });
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    const request = http.request(`${baseUrl}${route}`, { method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: response.statusCode ?? 0, body });
      });
    });
    request.setTimeout(20_000, () => request.destroy(new Error(`${method} ${route}: no answer within 20 s`)));
    request.on('error', reject);
    request.end(payload);
  });
}
