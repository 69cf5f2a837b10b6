import { createMigratedDataSource } from '../../../../../test/support/test-database';
import { sessionStoreContract } from '../session-store.contract';
import { EmbeddedSessionStore } from './embedded-session-store';

// SQLite by default, PostgreSQL when DATABASE_URL=postgres://...: a fresh, fully migrated database per file.
sessionStoreContract('embedded', async () => {
  const { dataSource, close } = await createMigratedDataSource();
  return { store: new EmbeddedSessionStore(dataSource), close };
});
