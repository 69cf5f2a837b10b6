import { InMemorySessionStore } from '@keyward/testing';
import { sessionStoreContract } from './session-store.contract';

// The fake used by unit tests must behave like the real stores, or those tests prove nothing.
sessionStoreContract('in-memory fake', async () => ({
  store: new InMemorySessionStore(),
  close: async () => undefined,
}));
