import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { DatabaseConfig } from '../config/platform-config';
import { createDataSource } from './create-data-source';
import { runInTransaction } from './transaction';

/**
 * Another process (as a second API worker is) takes SQLite's write lock and says so on stdout. It commits after
 * `holdMs`, or, without it, once its input closes. better-sqlite3 waits for a lock synchronously, blocking this
 * process's event loop, so only the other process can end the wait.
 */
function holdWriteLock(file: string, holdMs?: number): Promise<{ release(): Promise<void> }> {
  const script = `
    const db = new (require('better-sqlite3'))(process.argv[1]);
    db.exec("BEGIN IMMEDIATE; INSERT INTO notes (text) VALUES ('from the other process')");
    const commit = () => { db.exec('COMMIT'); db.close(); process.exit(0); };
    process.stdout.write('locked\\n');
    if (process.argv[2]) setTimeout(commit, Number(process.argv[2]));
    process.stdin.on('end', commit).resume();`;
  const child = spawn(process.execPath, ['-e', script, file, String(holdMs ?? '')], {
    cwd: path.resolve(__dirname, '../../../..'),
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', () =>
      resolve({
        release: async () => {
          child.stdin.end();
          await exited;
        },
      }),
    );
  });
}

describe('SQLite shared by several processes', () => {
  let dir: string;
  let file: string;
  const opened: DataSource[] = [];

  async function open(connectTimeoutMs: number): Promise<DataSource> {
    const config = new DatabaseConfig({
      url: `sqlite:${file}`,
      dialect: 'sqlite',
      sqlitePath: file,
      poolSize: 1,
      connectTimeoutMs,
      idleTimeoutMs: 1000,
      statementTimeoutMs: 0,
      logQueries: false,
      migrateOnStart: false,
      applicationName: 'keyward-test',
    });
    const dataSource = createDataSource(config, { entities: [], migrations: [] });
    await dataSource.initialize();
    opened.push(dataSource);
    return dataSource;
  }

  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'keyward-busy-'));
    file = path.join(dir, 'keyward.sqlite');
    const setup = await open(1000);
    await setup.query('CREATE TABLE notes (text TEXT NOT NULL)');
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((d) => d.destroy()));
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (dataSource: DataSource) =>
    runInTransaction(dataSource, (manager) => manager.query("INSERT INTO notes (text) VALUES ('from this process')"));

  it('waits for the other process to commit instead of failing with SQLITE_BUSY', async () => {
    const dataSource = await open(20_000);
    const lock = await holdWriteLock(file, 1500);
    await write(dataSource);
    await lock.release();
    expect(await dataSource.query('SELECT text FROM notes ORDER BY rowid')).toEqual([
      { text: 'from the other process' },
      { text: 'from this process' },
    ]);
  });

  it('waits no longer than DB_CONNECT_TIMEOUT_MS', async () => {
    const dataSource = await open(1);
    const lock = await holdWriteLock(file);
    try {
      await expect(write(dataSource)).rejects.toThrow(/database is locked/);
    } finally {
      await lock.release();
    }
    await write(dataSource);
    expect(await dataSource.query('SELECT count(*) AS n FROM notes')).toEqual([{ n: 2 }]);
  });
});
