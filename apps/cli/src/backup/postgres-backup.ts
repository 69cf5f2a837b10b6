import { renameSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { CliError } from '../cli-error';
import { PgConnection } from './postgres-connection';
import { assertDumpCanReadServer, missingTool, runPgTool, toolMajorVersion } from './postgres-tools';
import { Progress } from './progress';

/**
 * pg_dump in its custom format (compressed, restorable table by table), written under a temporary name and
 * renamed at the end. Progress is pg_dump's own --verbose account: one step per table whose rows it copies.
 */
export async function backupPostgres(
  connection: PgConnection,
  out: string,
  server: { major: number; tables: number },
): Promise<number> {
  assertDumpCanReadServer(await toolMajorVersion('pg_dump'), server.major);
  const progress = new Progress('backup');
  const partial = `${out}.partial-${process.pid}`;
  let tables = 0;
  try {
    await runPgTool(
      'pg_dump',
      [...connection.args, '--format=custom', '--verbose', `--file=${partial}`, `--dbname=${connection.database}`],
      connection,
      {
        onLine: (line) => {
          const table = /dumping contents of table "([^"]+)"/.exec(line);
          if (!table) return;
          tables += 1;
          progress.step(`table ${table[1]} (${tables}/${server.tables})`);
        },
      },
    );
    renameSync(partial, out);
  } finally {
    rmSync(partial, { force: true });
    progress.done();
  }
  return statSync(out).size;
}

/**
 * pg_restore in one transaction: either the whole backup is in place or nothing changed. --clean --if-exists
 * drops what the archive recreates, so a database that already has the schema (or the data, with --force)
 * ends up holding exactly the backup's rows. Ownership and grants are left to the connecting role.
 */
export async function restorePostgres(connection: PgConnection, file: string): Promise<void> {
  const total = archiveItems(file);
  const progress = new Progress('restore');
  let done = 0;
  try {
    await runPgTool(
      'pg_restore',
      [
        ...connection.args,
        '--verbose',
        '--clean',
        '--if-exists',
        '--no-owner',
        '--no-privileges',
        '--single-transaction',
        '--exit-on-error',
        `--dbname=${connection.database}`,
        file,
      ],
      connection,
      {
        onLine: (line) => {
          if (!/^pg_restore: (creating|processing data|executing) /.test(line)) return;
          done = Math.min(done + 1, total);
          progress.update(done, total, 'archive items');
        },
      },
    );
  } finally {
    progress.done();
  }
}

/** The number of entries in the archive's table of contents (what pg_restore will work through). */
function archiveItems(file: string): number {
  const list = spawnSync('pg_restore', ['--list', file], { encoding: 'utf8' });
  if ((list.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw missingTool('pg_restore');
  if (list.status !== 0) throw new CliError(`pg_restore cannot read ${file}: ${list.stderr.trim()}`);
  return list.stdout.split('\n').filter((line) => line.trim() !== '' && !line.startsWith(';')).length;
}
