import { createTestDatabase, TestDatabase, usesPostgres } from '../../../../test/support/test-database';
import { createDataSource } from './create-data-source';

describe('createDataSource on this run’s database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  (usesPostgres ? it.skip : it)('opens SQLite in WAL mode with foreign keys enforced', async () => {
    const dataSource = createDataSource(db.config, { entities: [], migrations: [] });
    await dataSource.initialize();
    try {
      expect(await dataSource.query('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await dataSource.query('PRAGMA foreign_keys')).toEqual([{ foreign_keys: 1 }]);
    } finally {
      await dataSource.destroy();
    }
  });

  (usesPostgres ? it : it.skip)('names its PostgreSQL connections and applies the statement timeout', async () => {
    const dataSource = createDataSource(
      { ...db.config, applicationName: 'keyward-probe', statementTimeoutMs: 1234 },
      { entities: [], migrations: [] },
    );
    await dataSource.initialize();
    try {
      const [row] = await dataSource.query(
        "SELECT current_setting('application_name') AS name, current_setting('statement_timeout') AS timeout",
      );
      expect(row).toEqual({ name: 'keyward-probe', timeout: '1234ms' });
    } finally {
      await dataSource.destroy();
    }
  });

  it('stores and reads timestamps as the same instant whatever the session time zone', async () => {
    const dataSource = createDataSource(db.config, { entities: [], migrations: [] });
    await dataSource.initialize();
    try {
      const instant = new Date('2026-03-29T01:30:00.123Z');
      const type = usesPostgres ? 'timestamp' : 'datetime';
      // One connection throughout, so the session time zone applies to the write and the read.
      const runner = dataSource.createQueryRunner();
      await runner.query(`CREATE TABLE tz_probe (at ${type} NOT NULL)`);
      if (usesPostgres) await runner.query("SET TIME ZONE 'Europe/Paris'");
      await dataSource.createQueryBuilder(runner).insert().into('tz_probe').values({ at: instant }).execute();
      const [row] = await runner.query('SELECT at FROM tz_probe');
      await runner.release();
      const read = row.at instanceof Date ? row.at : new Date(`${String(row.at).replace(' ', 'T')}Z`);
      expect(read.toISOString()).toBe(instant.toISOString());
    } finally {
      await dataSource.destroy();
    }
  });
});
