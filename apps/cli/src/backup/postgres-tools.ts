import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { CliError } from '../cli-error';
import { PgConnection } from './postgres-connection';

export type PgTool = 'pg_dump' | 'pg_restore' | 'psql';

export interface ToolRun {
  /** Called with each line the tool writes on stderr (its --verbose account and its errors). */
  onLine?: (line: string) => void;
  /** 'pipe' to write to the tool's stdin or read its stdout (the child's streams are then set). */
  stdin?: 'pipe' | 'ignore';
  stdout?: 'pipe' | 'ignore';
}

export interface RunningTool {
  child: ChildProcess;
  /** Resolves when the tool exits with 0; rejects with a CliError naming the tool otherwise. */
  done: Promise<void>;
}

/**
 * Starts pg_dump, pg_restore or psql with an argument array (no shell) and the connection's environment. A
 * missing program is named with the Debian package that provides it; a failure carries the tool's last error
 * lines.
 */
export function startPgTool(tool: PgTool, args: string[], connection: PgConnection, run: ToolRun = {}): RunningTool {
  const child = spawn(tool, args, {
    env: { ...process.env, ...connection.env },
    stdio: [run.stdin ?? 'ignore', run.stdout ?? 'ignore', 'pipe'],
  });
  const done = new Promise<void>((resolve, reject) => {
    const errors: string[] = [];
    createInterface({ input: child.stderr as NodeJS.ReadableStream }).on('line', (line) => {
      if (/\b(error|fatal|FATAL|ERROR)\b/.test(line)) errors.push(line.replace(/^[\w:<>]+: (error: )?/, ''));
      run.onLine?.(line);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'ENOENT' ? missingTool(tool) : error);
    });
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      reject(new CliError(explainFailure(tool, signal ?? code, errors)));
    });
  });
  return { child, done };
}

/** Runs a tool to its end. */
export function runPgTool(tool: PgTool, args: string[], connection: PgConnection, run: ToolRun = {}): Promise<void> {
  return startPgTool(tool, args, connection, run).done;
}

/** `pg_dump --version` -> its major version, or the missing-tool error. */
export function toolMajorVersion(tool: PgTool): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(tool, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) => reject(error.code === 'ENOENT' ? missingTool(tool) : error));
    child.on('close', () => {
      const major = /\b(\d+)(?:\.\d+)*/.exec(output.replace(/^[^)]*\)/, ''));
      if (!major) return reject(new CliError(`could not read the version of ${tool} from "${output.trim()}"`));
      resolve(Number(major[1]));
    });
  });
}

/** pg_dump refuses a server newer than itself; say which client to install instead of its terse message. */
export function assertDumpCanReadServer(dumpMajor: number, serverMajor: number): void {
  if (dumpMajor < serverMajor) {
    throw new CliError(
      `pg_dump ${dumpMajor} cannot back up a PostgreSQL ${serverMajor} server (version mismatch): install ` +
        `postgresql-client-${serverMajor} (or newer) and put its pg_dump first on PATH`,
    );
  }
}

export function missingTool(tool: PgTool): CliError {
  return new CliError(
    `${tool} was not found on PATH; PostgreSQL backups and restores need it: install the Debian package postgresql-client ` +
      `(apt-get install postgresql-client) of the server's major version or newer`,
  );
}

function explainFailure(tool: PgTool, code: number | string | null, errors: string[]): string {
  const detail = errors.slice(-3).join('; ');
  if (/server version mismatch/i.test(detail)) {
    return `${tool} is older than the PostgreSQL server (version mismatch): ${detail}; install a postgresql-client of the server's major version or newer`;
  }
  if (/unsupported version .* in file header/i.test(detail)) {
    return `${tool} is older than the pg_dump that made this archive (version mismatch): ${detail}; install a newer postgresql-client`;
  }
  return `${tool} failed (exit code ${code})${detail ? `: ${detail}` : ''}`;
}
