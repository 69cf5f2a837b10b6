import { renameSync, rmSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { CliError } from '../cli-error';
import { Progress } from './progress';

/** Pages copied per step: small enough for steady progress, large enough not to crawl. */
const PAGES_PER_STEP = 256;

/**
 * SQLite's online backup API: a consistent copy while the service keeps writing (a step that meets a writer
 * starts over from the changed page). Written beside the target under a temporary name and renamed at the end,
 * so a failed or interrupted backup never leaves a half-written file under the name asked for.
 */
export async function backupSqlite(source: Database.Database, out: string): Promise<number> {
  const progress = new Progress('backup');
  const partial = `${out}.partial-${process.pid}`;
  try {
    await source.backup(partial, { progress: pageProgress(progress) });
    selfContained(partial);
    renameSync(partial, out);
  } finally {
    rmSync(partial, { force: true });
    progress.done();
  }
  return statSync(out).size;
}

/**
 * better-sqlite3 reports before each step; the last report is the step that finishes, so the count is shown
 * as done once the step is taken (a database smaller than one step shows 100 % at once).
 */
function pageProgress(progress: Progress): (info: { totalPages: number; remainingPages: number }) => number {
  return ({ totalPages, remainingPages }) => {
    const copied = Math.min(totalPages, totalPages - remainingPages + PAGES_PER_STEP);
    progress.update(copied, totalPages, 'pages');
    return PAGES_PER_STEP;
  };
}

/**
 * The copy inherits the live database's write-ahead-log mode, which needs -wal and -shm files beside it even to
 * be read; a backup should be one file that opens anywhere.
 */
function selfContained(file: string): void {
  const db = new Database(file);
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

/**
 * Copies a backup over the live database, page by page through the same API, so that every connection (a
 * running service's included) sees either the old or the restored database, never a mix.
 */
export async function restoreSqlite(file: string, livePath: string): Promise<void> {
  const backup = openBackup(file);
  const progress = new Progress('restore');
  try {
    await backup.backup(livePath, { progress: pageProgress(progress) });
  } finally {
    backup.close();
    progress.done();
  }
}

/** Opens a backup read-only, and refuses a damaged file or an SQLite database that is not Keyward's. */
function openBackup(file: string): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const [{ quick_check: check }] = db.pragma('quick_check') as { quick_check: string }[];
    if (check !== 'ok') throw new CliError(`${file} is damaged (${check})`);
    const migrations = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'").get();
    if (!migrations) throw new CliError(`${file} is an SQLite database but not a Keyward backup (no migrations table)`);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
