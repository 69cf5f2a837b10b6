import argon2 from 'argon2';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { TypeormAuditLog } from '@keyward/audit';
import { createDataSource } from '@keyward/core';
import { CryptoRandom, SystemClock } from '@keyward/kernel';
import { migrations } from '../../migrations';
import { persistence } from '../../apps/api/src/persistence';
import { createTestDatabase, TestDatabase, usesPostgres } from '../support/test-database';

// Each case starts one or more Node processes (about 1-2 s each).
jest.setTimeout(30000);

const root = path.resolve(__dirname, '../..');
const cliMain = path.join(root, 'dist/apps/cli/src/main.js');
const migrationNames = migrations.map((m) => m.name);

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Brings dist/ up to date, as `npm run cli` does; a build with nothing to do takes well under a second. */
function build(): void {
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
}

describe('CLI (dist/apps/cli/src/main.js)', () => {
  let db: TestDatabase;
  let workDir: string;
  let env: Record<string, string>;
  let dataSource: DataSource | undefined;

  /** Runs the built CLI with the suite's environment; stdin is `input`, or empty (not a terminal). */
  function cli(args: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [cliMain, ...args], {
        // A scratch working directory, so that a developer's .env in the checkout does not leak in.
        cwd: workDir,
        env: { ...env, ...options.env },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(options.input ?? '');
    });
  }

  /** A DataSource on the suite's database, opened once the CLI has created the schema. */
  async function database(): Promise<DataSource> {
    if (!dataSource) {
      dataSource = createDataSource(db.config, persistence);
      await dataSource.initialize();
    }
    return dataSource;
  }

  async function storedUser(email: string): Promise<{ id: string; hash: string; roles: string[] } | null> {
    const ds = await database();
    const [user] = await ds.query(`SELECT id, password_hash FROM users WHERE email = ${usesPostgres ? '$1' : '?'}`, [
      email,
    ]);
    if (!user) return null;
    const roles = await ds.query(`SELECT role FROM user_roles WHERE user_id = ${usesPostgres ? '$1' : '?'}`, [user.id]);
    return { id: user.id, hash: user.password_hash, roles: roles.map((r: { role: string }) => r.role).sort() };
  }

  beforeAll(async () => {
    build();
    db = await createTestDatabase();
    workDir = mkdtempSync(path.join(tmpdir(), 'keyward-cli-'));
    env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      DATABASE_URL: db.url,
      DATA_DIR: path.join(workDir, 'data'),
      JWT_SECRET: randomBytes(30).toString('base64url'),
      ...(process.env.REDIS_URL && usesPostgres ? { REDIS_URL: process.env.REDIS_URL } : {}),
    };
  }, 60000);

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await db?.drop();
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it('lists the commands in --help', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    for (const command of [
      'migrate',
      'migrate:revert',
      'migrate:status',
      'migrate:generate',
      'seed',
      'user:add',
      'db:stats',
      'db:backup',
      'db:restore',
      'secrets:purge',
      'audit:verify',
      'keys:rotate',
    ]) {
      expect(run.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
  });

  it('exits 78 with a one-line message naming the variable on invalid configuration', async () => {
    const run = await cli(['migrate:status'], { env: { PORT: 'abc' } });
    expect(run.code).toBe(78);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('PORT');
  });

  it('answers an unknown command with exit code 1', async () => {
    const run = await cli(['no-such-command']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("unknown command 'no-such-command'");
  });

  it('shows every migration pending on a fresh database, without applying any', async () => {
    const run = await cli(['migrate:status']);
    expect(run.code).toBe(0);
    for (const name of migrationNames) expect(run.stdout).toContain(`pending  ${name}`);
    expect(run.stdout).toContain(`0 applied, ${migrationNames.length} pending`);
  });

  it('refuses to generate a migration while migrations are pending', async () => {
    const run = await cli(['migrate:generate', 'add-something', '--dir', path.join(workDir, 'generated')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: .*run `migrate` first/);
    expect(existsSync(path.join(workDir, 'generated'))).toBe(false);
  });

  it('applies every migration, then shows them all applied', async () => {
    const migrate = await cli(['migrate']);
    expect(migrate.code).toBe(0);
    expect(migrate.stdout.trim().split('\n')).toEqual([
      ...migrationNames.map((name) => `applied ${name}`),
      `${migrationNames.length} migration(s) applied`,
    ]);
    const status = await cli(['migrate:status']);
    expect(status.code).toBe(0);
    for (const name of migrationNames) expect(status.stdout).toContain(`applied  ${name}`);
    expect(status.stdout).toContain(`${migrationNames.length} applied, 0 pending`);
    expect((await cli(['migrate'])).stdout).toContain('no pending migrations');
  });

  it('reverts the last migration only, and migrate applies it again', async () => {
    const last = migrationNames[migrationNames.length - 1];
    const revert = await cli(['migrate:revert']);
    expect(revert.code).toBe(0);
    expect(revert.stdout.trim()).toBe(`reverted ${last}`);
    const status = await cli(['migrate:status']);
    for (const name of migrationNames.slice(0, -1)) expect(status.stdout).toContain(`applied  ${name}`);
    expect(status.stdout).toContain(`pending  ${last}`);
    const migrate = await cli(['migrate']);
    expect(migrate.stdout.trim().split('\n')).toEqual([`applied ${last}`, '1 migration(s) applied']);
  });

  it('seeds the demo admin once, printing its password only when it is created', async () => {
    const first = await cli(['seed']);
    expect(first.code).toBe(0);
    for (const role of ['admin', 'user', 'signer']) expect(first.stdout).toMatch(new RegExp(`^  ${role} `, 'm'));
    expect(first.stdout).toContain('created admin@keyward.local');
    const password = /password: (\S+)/.exec(first.stdout)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);

    const admin = await storedUser('admin@keyward.local');
    expect(admin?.roles).toEqual(['admin', 'user']);
    expect(await argon2.verify(admin!.hash, password)).toBe(true);

    const second = await cli(['seed']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('admin@keyward.local already exists');
    expect(second.stdout).not.toMatch(/password/i);
    expect(second.stdout).not.toContain(password);
  });

  it('creates missing built-in roles with their permissions, and leaves existing ones alone', async () => {
    const ds = await database();
    await ds.query("DELETE FROM roles WHERE name = 'signer'");
    const first = await cli(['seed'], { env: { NODE_ENV: 'production' } });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^ {2}signer +created /m);
    expect(first.stdout).toMatch(/^ {2}admin +exists /m);
    const rows = await ds.query(
      "SELECT rp.permission FROM roles r JOIN role_permissions rp ON rp.role_id = r.id WHERE r.name = 'signer'",
    );
    expect(rows).toEqual([{ permission: 'signing:sign' }]);
    const second = await cli(['seed'], { env: { NODE_ENV: 'production' } });
    expect(second.stdout).toMatch(/^ {2}signer +exists /m);
  });

  it('creates no demo admin outside development', async () => {
    const run = await cli(['seed'], { env: { NODE_ENV: 'production' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('demo admin: skipped');
    expect(run.stdout).not.toMatch(/password/i);
  });

  it('adds a user with the password from stdin; the password verifies against the stored hash', async () => {
    const password = 'correct horse battery staple';
    const run = await cli(['user:add', '--email', 'Grace@Example.com', '--role', 'signer,user', '--name', 'Grace'], {
      input: `${password}\nignored second line\n`,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const user = await storedUser('grace@example.com');
    expect(user).not.toBeNull();
    expect(run.stdout.trim()).toBe(`created user ${user!.id} grace@example.com (roles: signer, user)`);
    expect(user!.roles).toEqual(['signer', 'user']);
    expect(await argon2.verify(user!.hash, password)).toBe(true);

    const again = await cli(['user:add', '--email', 'grace@example.com'], { input: `${password}\n` });
    expect(again.code).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr.trim()).toBe('error: EMAIL_TAKEN: An account with this email already exists');
  });

  it('applies the password policy', async () => {
    const run = await cli(['user:add', '--email', 'weak@example.com'], { input: 'password\n' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: WEAK_PASSWORD: /);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(await storedUser('weak@example.com')).toBeNull();
  });

  it('rejects unknown roles, and a missing --email or password when stdin is not a terminal', async () => {
    // Independent failures: run side by side to keep the suite short.
    const [roles, noEmail, noPassword] = await Promise.all([
      cli(['user:add', '--email', 'r@example.com', '--role', 'user', '--role', 'boss'], {
        input: 'correct horse battery staple\n',
      }),
      cli(['user:add'], { input: 'correct horse battery staple\n' }),
      cli(['user:add', '--email', 'nopw@example.com']),
    ]);
    expect(roles.code).toBe(1);
    expect(roles.stderr.trim()).toBe('error: VALIDATION_FAILED: Unknown role(s): boss');

    expect(noEmail.code).toBe(1);
    expect(noEmail.stderr).toContain('--email is required');

    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr).toContain('no password on stdin');
    expect(await storedUser('r@example.com')).toBeNull();
    expect(await storedUser('nopw@example.com')).toBeNull();
  });

  it('prints database statistics and row counts', async () => {
    const run = await cli(['db:stats']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^rows users: +2$/m);
    expect(run.stdout).toMatch(/^rows api_keys: +0$/m);
    expect(run.stdout).toMatch(/^rows sessions: +0\b/m);
    if (usesPostgres) {
      expect(run.stdout).toMatch(/^database: +PostgreSQL \d+/m);
      expect(run.stdout).toMatch(/^size: +.+\(\d+ bytes\)$/m);
      expect(run.stdout).toMatch(/^pool: +\d+ total, \d+ idle, \d+ waiting/m);
    } else {
      expect(run.stdout).toMatch(/^database: +SQLite /m);
      expect(run.stdout).toMatch(/^file size: +.*\d+ bytes/m);
      expect(run.stdout).toMatch(/^journal mode: +wal$/m);
      expect(run.stdout).toMatch(/^page count: +\d+/m);
    }
  });

  it('purges expired secrets: content of expired ones, anonymous records without content; then nothing', async () => {
    const secrets = (await database()).getRepository('secrets');
    const now = Date.now();
    const row = (creatorId: string | null, expiresInMs: number) => ({
      id: randomUUID(),
      lookupHash: randomBytes(32).toString('hex'),
      creatorId,
      ciphertext: randomBytes(48).toString('base64'),
      nonce: randomBytes(12).toString('base64'),
      salt: randomBytes(16).toString('base64'),
      kdf: 'argon2id$m=19456,t=2,p=1',
      failedAttempts: 1,
      createdAt: new Date(now - 2 * 3_600_000),
      expiresAt: new Date(now + expiresInMs),
      revealedAt: null,
      burnedAt: null,
    });
    const expiredWithCreator = row(randomUUID(), -3_600_000);
    const expiredAnonymous = row(null, -3_600_000);
    const pending = row(null, 3_600_000);
    // One row at a time, and copies: TypeORM reads the inserted rows back and merges them into the objects it
    // was given, by position, which for several rows on SQLite can assign one row's id to another's object.
    for (const secret of [expiredWithCreator, expiredAnonymous, pending]) await secrets.insert({ ...secret });

    const run = await cli(['secrets:purge']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Both expired rows lose their content; the anonymous one then has nothing left to keep and is deleted.
    expect(run.stdout.trim()).toBe('purged 2 expired secret(s), deleted 1 record(s)');

    const kept = await secrets.findOneByOrFail({ id: expiredWithCreator.id });
    expect(kept).toMatchObject({ ciphertext: null, nonce: null, salt: null, kdf: null });
    expect(kept.creatorId).toBe(expiredWithCreator.creatorId);
    expect(kept.expiresAt).toEqual(expiredWithCreator.expiresAt);
    expect(await secrets.findOneBy({ id: expiredAnonymous.id })).toBeNull();
    expect(await secrets.findOneByOrFail({ id: pending.id })).toEqual(pending);
    expect(await secrets.count()).toBe(2);

    const again = await cli(['secrets:purge']);
    expect(again.code).toBe(0);
    expect(again.stdout.trim()).toBe('purged 0 expired secret(s), deleted 0 record(s)');
    expect(await secrets.count()).toBe(2);
  });

  it('keys:rotate adds a current signing key; the previous one stays published until its tokens expired', async () => {
    const ds = await database();
    // seed and user:add did the API's start-up work, which created the first key.
    const [first] = await ds.query('SELECT kid FROM token_signing_keys WHERE current_for IS NOT NULL');
    expect(first).toBeDefined();
    const run = await cli(['keys:rotate']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const printed = /^ES256 key (\S+) is now current; the previous key stays published until (\S+)$/.exec(
      run.stdout.trim(),
    );
    expect(printed).not.toBeNull();
    const rows = await ds.query('SELECT kid, current_for, retires_at FROM token_signing_keys');
    const byKid = new Map(rows.map((row: { kid: string }) => [row.kid, row]));
    expect(byKid.get(printed![1])).toMatchObject({ current_for: 'ES256', retires_at: null });
    expect(byKid.get(first.kid)).toMatchObject({ current_for: null });
    // ACCESS_TOKEN_TTL and SIGNFILE_TOKEN_TTL by default: 30 minutes, plus one key reload period (60 s).
    const retiresIn = new Date(printed![2]).getTime() - Date.now();
    expect(retiresIn).toBeGreaterThan(1800_000);
    expect(retiresIn).toBeLessThanOrEqual(1860_000);

    const hs256 = await cli(['keys:rotate'], { env: { JWT_ALGORITHM: 'HS256' } });
    expect(hs256.code).toBe(1);
    expect(hs256.stderr).toContain('JWT_ALGORITHM=HS256');
  });

  it('verifies the audit chain, then names an edited event and the gap a deleted one leaves', async () => {
    const ds = await database();
    const audit = new TypeormAuditLog(ds, new SystemClock(), new CryptoRandom());
    // The accounts that seed and user:add created earlier were recorded, as coming from the command line.
    const created = await ds.query("SELECT via, actor_id FROM audit_events WHERE action = 'user.created'");
    expect(created.length).toBeGreaterThan(0);
    for (const row of created) expect(row).toEqual({ via: 'cli', actor_id: null });
    const before = Number((await ds.query('SELECT COUNT(*) AS n FROM audit_events'))[0].n);
    for (let i = 0; i < 4; i++)
      await audit.record({ actorId: null, action: 'user.updated', targetType: 'user', targetId: null, details: { i } });
    const total = before + 4;

    const intact = await cli(['audit:verify']);
    expect(intact.stderr).toBe('');
    expect(intact.code).toBe(0);
    expect(intact.stdout.trim()).toBe(`${total} events, chain intact`);

    const [edited] = await ds.query(`SELECT id, details FROM audit_events WHERE seq = ${before + 2}`);
    await ds.query(`UPDATE audit_events SET details = '{"i":"forged"}' WHERE id = '${edited.id}'`);
    const tampered = await cli(['audit:verify']);
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toBe('');
    expect(tampered.stderr.trim()).toMatch(
      new RegExp(
        `^error: chain broken at position ${before + 2} \\(event ${edited.id}, seq ${before + 2}\\): stored hash`,
      ),
    );
    await ds.query(`UPDATE audit_events SET details = '${edited.details}' WHERE id = '${edited.id}'`);
    expect((await cli(['audit:verify'])).code).toBe(0);

    const [next] = await ds.query(`SELECT id FROM audit_events WHERE seq = ${before + 4}`);
    await ds.query(`DELETE FROM audit_events WHERE seq = ${before + 3}`);
    const gap = await cli(['audit:verify']);
    expect(gap.code).toBe(1);
    expect(gap.stderr).toContain(
      `chain broken at position ${before + 3} (event ${next.id}, seq ${before + 4}): sequence ${before + 4} where ` +
        `${before + 3} was expected: events ${before + 3} to ${before + 3} are missing`,
    );
  });

  it('finds nothing to generate while the schema matches the entities, and generates the difference otherwise', async () => {
    const dir = path.join(workDir, 'generated');
    const none = await cli(['migrate:generate', 'Add user locale', '--dir', dir]);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/^no changes/);
    expect(existsSync(dir)).toBe(false);

    const schema = await database();
    await schema.query('DROP INDEX idx_api_keys_user_id');
    try {
      const run = await cli(['migrate:generate', 'Add user locale', '--dir', dir]);
      expect(run.code).toBe(0);
      const [file] = readdirSync(dir);
      expect(file).toMatch(/^\d{13}-add-user-locale\.ts$/);
      expect(run.stdout).toContain(file);
      expect(run.stdout).toContain('migrations/index.ts');
      const source = readFileSync(path.join(dir, file), 'utf8');
      expect(source).toMatch(/export class AddUserLocale\d{13} implements MigrationInterface/);
      expect(source).toContain('dialect-specific');
      expect(source).toContain('portable()');
      expect(source).toMatch(/CREATE INDEX .*idx_api_keys_user_id/);
    } finally {
      await schema.query('CREATE INDEX idx_api_keys_user_id ON api_keys (user_id)');
    }
  });
});
