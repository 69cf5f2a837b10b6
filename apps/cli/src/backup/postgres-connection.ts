/** How pg_dump and pg_restore reach the database: arguments without the password, which travels in the environment. */
export interface PgConnection {
  args: string[];
  env: Record<string, string>;
  database: string;
}

/**
 * Splits a postgres:// URL into libpq options. The password goes into PGPASSWORD, never into the arguments,
 * which any user of the host can read in the process list; sslmode, if given, into PGSSLMODE.
 */
export function pgConnection(url: string): PgConnection {
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  const args = ['--host', decodeURIComponent(parsed.hostname.replace(/^\[|\]$/g, '')) || 'localhost'];
  if (parsed.port) args.push('--port', parsed.port);
  if (parsed.username) args.push('--username', decodeURIComponent(parsed.username));
  const env: Record<string, string> = {};
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  const sslmode = parsed.searchParams.get('sslmode');
  if (sslmode) env.PGSSLMODE = sslmode;
  return { args, env, database };
}
