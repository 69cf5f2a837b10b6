import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { CliError } from '../cli-error';

export type BackupFormat = 'sqlite' | 'postgres';

/** Refuses to overwrite an existing backup unless asked to: yesterday's backup may be the only good one. */
export function assertWritable(file: string, force: boolean): void {
  if (existsSync(file) && !force) throw new CliError(`${file} already exists; pass --force to overwrite it`);
}

/** What a backup file holds, from its first bytes: an SQLite database or a pg_dump custom-format archive. */
export function formatOf(file: string): BackupFormat | null {
  if (!existsSync(file)) throw new CliError(`${file} does not exist`);
  const header = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  if (header.toString('latin1').startsWith('SQLite format 3\0')) return 'sqlite';
  if (header.toString('latin1').startsWith('PGDMP')) return 'postgres';
  return null;
}

/** The backup must fit the database it is restored into: SQLite pages cannot go into PostgreSQL, nor the reverse. */
export function assertRestorable(file: string, dialect: BackupFormat): void {
  const format = formatOf(file);
  if (format === null) {
    throw new CliError(`${file} is neither an SQLite backup nor a pg_dump archive (made by db:backup)`);
  }
  if (format !== dialect) {
    const made = format === 'sqlite' ? 'an SQLite' : 'a PostgreSQL';
    const into = dialect === 'sqlite' ? 'an SQLite' : 'a PostgreSQL';
    throw new CliError(`${file} is ${made} backup and cannot be restored into ${into} database`);
  }
}
