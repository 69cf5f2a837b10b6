import { CliError } from '../cli-error';
import { assertDumpCanReadServer, missingTool } from './postgres-tools';

describe('PostgreSQL client tools', () => {
  it('refuses a pg_dump older than the server, naming the client package to install', () => {
    expect(() => assertDumpCanReadServer(15, 17)).toThrow(
      new CliError(
        'pg_dump 15 cannot back up a PostgreSQL 17 server (version mismatch): install postgresql-client-17 ' +
          '(or newer) and put its pg_dump first on PATH',
      ),
    );
  });

  it('accepts a pg_dump of the same or a newer major version', () => {
    expect(() => assertDumpCanReadServer(15, 15)).not.toThrow();
    expect(() => assertDumpCanReadServer(17, 15)).not.toThrow();
  });

  it('names the Debian package when a tool is missing', () => {
    expect(missingTool('pg_restore').message).toMatch(/^pg_restore was not found on PATH; .*postgresql-client/);
  });
});
