import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { AuditLog } from '@keyward/kernel';
import { TestApp, TestUser } from '../support/test-app';
import { createTestDatabase, usesPostgres } from '../support/test-database';

// Each case starts CLI processes (about 1-2 s each) and a second service.
jest.setTimeout(60000);

const root = path.resolve(__dirname, '../..');
const cliMain = path.join(root, 'dist/apps/cli/src/main.js');

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI on the given database, from a scratch directory (no developer .env leaks in). */
function cli(args: string[], env: Record<string, string>, cwd: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliMain, ...args], {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATA_DIR: path.join(cwd, 'data'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe(`db:backup and db:restore (${usesPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let app: TestApp;
  let workDir: string;
  let user: TestUser;
  let backup: string;
  const newPassword = 'a brand new password 42';
  const onA = () => ({ DATABASE_URL: app.config.database.url });

  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
    app = await TestApp.start();
    workDir = mkdtempSync(path.join(tmpdir(), 'keyward-backup-'));
    backup = path.join(workDir, 'keyward.backup');
  }, 60000);

  afterAll(async () => {
    await app?.close();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('backs up a running service, and a restore into an empty database brings users, secrets and audit back', async () => {
    user = await app.newUser('backup');
    const created = await app.request('POST', '/secrets', {
      token: user.accessToken,
      body: { secret: 'the vault code is 1234', passphrase: 'blue canoe' },
    });
    expect(created.status).toBe(201);
    const audit = app.app.get(AuditLog);
    for (const n of [1, 2, 3]) {
      await audit.record({
        actorId: user.id,
        action: 'signing.verify',
        targetType: null,
        targetId: null,
        ip: null,
        details: { n },
      });
    }

    const made = await cli(['db:backup', '--out', backup], onA(), workDir);
    expect([made.code, made.stderr]).toEqual([0, expect.stringMatching(/^backup: /m)]);
    expect(made.stdout).toMatch(/^backup written to .*keyward\.backup \(\d+ bytes\)$/m);
    expect(readFileSync(backup).subarray(0, 5).toString('latin1')).toBe(usesPostgres ? 'PGDMP' : 'SQLit');
    expect(statSync(backup).mode & 0o777).toBe(0o600);

    // Afterwards: the password changes and the secret is revealed (gone).
    const changed = await app.request('POST', '/me/password', {
      token: user.accessToken,
      body: { currentPassword: user.password, newPassword },
    });
    expect(changed.status).toBe(204);
    expect(
      (await app.request('POST', `/secrets/${created.body.secretKey}`, { body: { passphrase: 'blue canoe' } })).status,
    ).toBe(200);

    const empty = await createTestDatabase();
    try {
      const restored = await cli(['db:restore', '--in', backup], { DATABASE_URL: empty.url }, workDir);
      expect([restored.code, restored.stderr]).toEqual([0, expect.stringMatching(/^restore: 100% /m)]);
      expect(restored.stdout).toMatch(/restored .*: users \(1 row\)/);
      const second = await TestApp.start({ DATABASE_URL: empty.url });
      try {
        expect(
          (await second.request('POST', '/login', { body: { email: user.email, password: user.password } })).status,
        ).toBe(200);
        expect(
          (await second.request('POST', '/login', { body: { email: user.email, password: newPassword } })).status,
        ).toBe(401);
        const revealed = await second.request('POST', `/secrets/${created.body.secretKey}`, {
          body: { passphrase: 'blue canoe' },
        });
        expect([revealed.status, revealed.body.secret]).toEqual([200, 'the vault code is 1234']);
        const rows = await second.app
          .get(DataSource)
          .query("SELECT details FROM audit_events WHERE action = 'signing.verify'");
        expect(rows).toHaveLength(3);
      } finally {
        await second.close();
      }
    } finally {
      await empty.drop();
    }
  });

  it('refuses to restore over a database that holds data, and with --force replaces that data', async () => {
    const refused = await cli(['db:restore', '--in', backup], onA(), workDir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: the database is not empty: users \(1 row\), .*pass --force/m);
    // Nothing changed: the new password still works.
    expect((await app.request('POST', '/login', { body: { email: user.email, password: newPassword } })).status).toBe(
      200,
    );

    // A damaged backup (cut short) fails, and leaves the database as it was.
    const damaged = path.join(workDir, 'damaged.backup');
    const whole = readFileSync(backup);
    writeFileSync(damaged, whole.subarray(0, Math.floor(whole.length * 0.8)));
    const failed = await cli(['db:restore', '--in', damaged, '--force'], onA(), workDir);
    expect([failed.code, failed.stderr]).toEqual([1, expect.stringMatching(/^error: /m)]);
    expect((await app.request('POST', '/login', { body: { email: user.email, password: newPassword } })).status).toBe(
      200,
    );

    // A table the backup does not know (as a newer release would add) goes too: the schema is the backup's.
    const live = app.app.get(DataSource);
    await live.query('CREATE TABLE backup_extra (x integer)');
    await live.query('INSERT INTO backup_extra (x) VALUES (1)');

    const forced = await cli(['db:restore', '--in', backup, '--force'], onA(), workDir);
    expect([forced.code, forced.stderr]).toEqual([0, expect.stringMatching(/^restore: 100% /m)]);
    // The running service reads the restored rows: the password of the backup is back.
    expect((await app.request('POST', '/login', { body: { email: user.email, password: user.password } })).status).toBe(
      200,
    );
    expect((await app.request('POST', '/login', { body: { email: user.email, password: newPassword } })).status).toBe(
      401,
    );
    const extra = usesPostgres
      ? await live.query("SELECT 1 FROM pg_tables WHERE tablename = 'backup_extra'")
      : await live.query("SELECT 1 FROM sqlite_master WHERE name = 'backup_extra'");
    expect(extra).toEqual([]);
  });

  it('refuses to overwrite an existing backup file unless --force', async () => {
    const before = readFileSync(backup);
    const refused = await cli(['db:backup', '--out', backup], onA(), workDir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('already exists; pass --force to overwrite it');
    expect(readFileSync(backup).equals(before)).toBe(true);
    const forced = await cli(['db:backup', '--out', backup, '--force'], onA(), workDir);
    expect(forced.code).toBe(0);
    expect(existsSync(`${backup}.partial-${process.pid}`)).toBe(false);
  });

  it('refuses files that are not a backup of this backend, naming why', async () => {
    const junk = path.join(workDir, 'junk.backup');
    writeFileSync(junk, 'not a backup at all');
    const other = path.join(workDir, 'other.backup');
    writeFileSync(other, usesPostgres ? 'SQLite format 3\0rest of a database' : 'PGDMP rest of an archive');
    const empty = await createTestDatabase();
    try {
      const notBackup = await cli(['db:restore', '--in', junk], { DATABASE_URL: empty.url }, workDir);
      expect([notBackup.code, notBackup.stderr]).toEqual([
        1,
        expect.stringContaining('neither an SQLite backup nor a pg_dump archive'),
      ]);
      const wrongBackend = await cli(['db:restore', '--in', other], { DATABASE_URL: empty.url }, workDir);
      expect(wrongBackend.code).toBe(1);
      expect(wrongBackend.stderr).toContain(
        usesPostgres
          ? 'is an SQLite backup and cannot be restored into a PostgreSQL database'
          : 'is a PostgreSQL backup and cannot be restored into an SQLite database',
      );
      const missing = await cli(['db:restore'], { DATABASE_URL: empty.url }, workDir);
      expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining('--in <file> is required')]);
    } finally {
      await empty.drop();
    }
  });

  (usesPostgres ? it : it.skip)('commits nothing when pg_restore fails half-way through', async () => {
    // A pg_restore that dies after part of its SQL: the only way to make the real one fail mid-stream on demand.
    const real = spawnSync('sh', ['-c', 'command -v pg_restore'], { encoding: 'utf8' }).stdout.trim();
    const fakeDir = path.join(workDir, 'failing-pg-restore');
    mkdirSync(fakeDir);
    writeFileSync(
      path.join(fakeDir, 'pg_restore'),
      `#!/bin/sh\nfor a in "$@"; do [ "$a" = "--list" ] && exec ${real} "$@"; done\n${real} "$@" | head -n 150\nexit 1\n`,
      { mode: 0o755 },
    );
    const run = await cli(
      ['db:restore', '--in', backup, '--force'],
      { ...onA(), PATH: `${fakeDir}:${process.env.PATH}` },
      workDir,
    );
    expect([run.code, run.stderr]).toEqual([1, expect.stringContaining('error: pg_restore failed (exit code 1)')]);
    // The tables the partial SQL dropped are all still there, with their rows.
    expect((await app.request('POST', '/login', { body: { email: user.email, password: user.password } })).status).toBe(
      200,
    );
    const [{ count }] = await app.app
      .get(DataSource)
      .query("SELECT COUNT(*) AS count FROM audit_events WHERE action = 'signing.verify'");
    expect(Number(count)).toBe(3);
  });

  (usesPostgres ? it : it.skip)('names pg_dump and the postgresql-client package when pg_dump is missing', async () => {
    const out = path.join(workDir, 'never.backup');
    const run = await cli(['db:backup', '--out', out], { ...onA(), PATH: path.join(workDir, 'empty-path') }, workDir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: pg_dump was not found on PATH; .*postgresql-client/m);
    expect(existsSync(out)).toBe(false);
  });
});
