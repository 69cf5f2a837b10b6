import { pgConnection } from './postgres-connection';

describe('pgConnection', () => {
  it('passes the password in PGPASSWORD and never in the arguments', () => {
    const connection = pgConnection('postgres://keyward:s3cr%40t%20pw@db.internal:6543/keyward_prod?sslmode=require');
    expect(connection.args).toEqual(['--host', 'db.internal', '--port', '6543', '--username', 'keyward']);
    expect(connection.env).toEqual({ PGPASSWORD: 's3cr@t pw', PGSSLMODE: 'require' });
    expect(connection.database).toBe('keyward_prod');
    expect(connection.args.join(' ')).not.toContain('s3cr');
  });

  it('leaves out what the URL does not say, so libpq defaults apply', () => {
    expect(pgConnection('postgres://127.0.0.1/keyward')).toEqual({
      args: ['--host', '127.0.0.1'],
      env: {},
      database: 'keyward',
    });
  });
});
