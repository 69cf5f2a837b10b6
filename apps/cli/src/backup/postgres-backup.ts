import { renameSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { CliError } from '../cli-error';
import { PgConnection } from './postgres-connection';
import { Readable, Writable } from 'node:stream';
import { assertDumpCanReadServer, missingTool, runPgTool, startPgTool, toolMajorVersion } from './postgres-tools';
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
 * pg_restore turns the archive into SQL and psql runs it, after dropping every table of the current schema, in
 * one transaction: either the database holds exactly the backup's tables and rows, or nothing changed (a table
 * a newer release added is dropped too, so the service's migrations find the schema the backup had). The SQL
 * only reaches its end once pg_restore has succeeded; if it fails, psql is stopped before the commit.
 */
export async function restorePostgres(
  connection: PgConnection,
  file: string,
  tables: readonly string[],
): Promise<void> {
  const total = archiveItems(file);
  const progress = new Progress('restore');
  let done = 0;
  const psql = startPgTool(
    'psql',
    [
      ...connection.args,
      '--no-psqlrc',
      '--quiet',
      '--single-transaction',
      '--set=ON_ERROR_STOP=1',
      `--dbname=${connection.database}`,
    ],
    connection,
    { stdin: 'pipe' },
  );
  const restore = startPgTool(
    'pg_restore',
    ['--verbose', '--clean', '--if-exists', '--no-owner', '--no-privileges', '--file=-', file],
    connection,
    {
      stdout: 'pipe',
      onLine: (line) => {
        if (!/^pg_restore: (creating|processing data|executing) /.test(line)) return;
        done = Math.min(done + 1, total);
        progress.update(done, total, 'archive items');
      },
    },
  );
  const sql = psql.child.stdin as Writable;
  // psql may fail (and close its input) before everything is written; its own error says why.
  sql.on('error', () => undefined);
  try {
    sql.write(dropTables(tables));
    (restore.child.stdout as Readable).pipe(sql, { end: false });
    try {
      await restore.done;
    } catch (error) {
      // Never end psql's input here: at the end of its input it would commit what it has.
      psql.child.kill('SIGTERM');
      await psql.done.catch(() => undefined);
      throw error;
    }
    sql.end();
    await psql.done;
  } finally {
    progress.done();
  }
}

function dropTables(tables: readonly string[]): string {
  return tables.map((table) => `DROP TABLE IF EXISTS "${table.replace(/"/g, '""')}" CASCADE;\n`).join('');
}

/** The number of entries in the archive's table of contents (what pg_restore will work through). */
function archiveItems(file: string): number {
  const list = spawnSync('pg_restore', ['--list', file], { encoding: 'utf8' });
  if ((list.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') throw missingTool('pg_restore');
  if (list.status !== 0) throw new CliError(`pg_restore cannot read ${file}: ${list.stderr.trim()}`);
  return list.stdout.split('\n').filter((line) => line.trim() !== '' && !line.startsWith(';')).length;
}
