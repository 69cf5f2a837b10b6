import { randomUUID } from 'node:crypto';
import { ServiceUnavailableError } from '@keyward/kernel';
import { redisServerAvailable, RedisServer } from '../../../../test/support/redis-server';
import { RedisConnection } from '../redis/redis-connection';
import { RedisSessionStore } from './redis-session-store';
import { SessionRecord, SessionStore } from './session-store';

// Every SessionStore method against a private redis-server that is killed, frozen and restarted: each one
// fails fast as ServiceUnavailableError naming the session store, and the client heals by itself.
const COMMAND_TIMEOUT_MS = 200;
const BOUND_MS = COMMAND_TIMEOUT_MS + 600;

const suite = redisServerAvailable ? describe : describe.skip;
const title = redisServerAvailable
  ? 'RedisSessionStore when Redis is away'
  : 'RedisSessionStore when Redis is away (skipped: no redis-server on PATH)';

function aSession(): SessionRecord {
  const now = Date.now();
  return {
    id: randomUUID(),
    userId: randomUUID(),
    refreshTokenHash: randomUUID(),
    ip: null,
    userAgent: null,
    createdAt: new Date(now),
    lastSeenAt: new Date(now),
    absoluteExpiresAt: new Date(now + 3_600_000),
    idleExpiresAt: new Date(now + 600_000),
  };
}

/** One call of every method, each named, so a failure says which one did not fail fast. */
function everyMethod(store: SessionStore, session: SessionRecord): [string, () => Promise<unknown>][] {
  const later = new Date(Date.now() + 1000);
  return [
    ['create', () => store.create(aSession())],
    ['get', () => store.get(session.id)],
    ['touch', () => store.touch(session.id, later, session.idleExpiresAt)],
    ['listByUser', () => store.listByUser(session.userId)],
    ['deleteForUser', () => store.deleteForUser(session.userId, randomUUID())],
    ['deleteAllForUser', () => store.deleteAllForUser(randomUUID())],
    ['rotateRefreshToken', () => store.rotateRefreshToken(session.id, 'x', 'y', new Date(), later)],
    ['ping', () => store.ping()],
  ];
}

async function outcomeOf(call: () => Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  const error = await call().then(
    () => null,
    (thrown: unknown) => thrown,
  );
  return { error, ms: Math.round(performance.now() - started) };
}

async function expectEveryMethodUnavailable(store: SessionStore, session: SessionRecord): Promise<void> {
  for (const [name, call] of everyMethod(store, session)) {
    const { error, ms } = await outcomeOf(call);
    expect({ name, error }).toEqual({ name, error: expect.any(ServiceUnavailableError) });
    expect({ name, dependency: (error as ServiceUnavailableError).dependency }).toEqual({
      name,
      dependency: 'session store',
    });
    expect({ name, fast: ms <= BOUND_MS, ms }).toEqual({ name, fast: true, ms });
  }
}

async function eventually(probe: () => Promise<unknown>): Promise<void> {
  const started = performance.now();
  for (;;) {
    try {
      await probe();
      return;
    } catch (error) {
      if (performance.now() - started > 5000) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

suite(title, () => {
  let redis: RedisServer;
  let connection: RedisConnection;
  let store: RedisSessionStore;
  let session: SessionRecord;

  beforeAll(async () => {
    redis = await RedisServer.start();
    connection = RedisConnection.connect(redis.url, COMMAND_TIMEOUT_MS);
    expect(await connection.ready(5000)).toBe(true);
    store = new RedisSessionStore(connection.client!, `kw:faults:${randomUUID()}:`);
    session = aSession();
    await store.create(session);
  });

  afterAll(async () => {
    await connection?.close();
    await redis?.stop();
  });

  it('fails every method fast while Redis is dead, and heals once it is back', async () => {
    await redis.kill();
    await expectEveryMethodUnavailable(store, session);
    await redis.restart();
    await eventually(() => store.ping());
    await store.create(session);
    expect(await store.get(session.id)).toEqual(session);
  });

  it('fails every method within the command timeout while Redis is frozen, and works again after', async () => {
    redis.freeze();
    try {
      await expectEveryMethodUnavailable(store, session);
    } finally {
      redis.thaw();
    }
    await eventually(() => store.ping());
    // The timed-out touch was delivered and applies after the thaw (a timeout cannot take a command back).
    expect(await store.get(session.id)).toMatchObject({ id: session.id, userId: session.userId });
  });

  it('fails commands pending at the moment of a kill at once, not after their timeout', async () => {
    const patient = RedisConnection.connect(redis.url, 10_000);
    try {
      expect(await patient.ready(5000)).toBe(true);
      const patientStore = new RedisSessionStore(patient.client!, `kw:faults:${randomUUID()}:`);
      redis.freeze();
      const pending = outcomeOf(() => patientStore.get(session.id));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await redis.kill();
      const { error, ms } = await pending;
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(ms).toBeLessThan(2000);
    } finally {
      await redis.restart();
      await patient.ready(5000);
      await patient.close();
    }
    await eventually(() => store.ping());
  });

  it('starts without Redis, refuses commands at once meanwhile, and connects once Redis appears', async () => {
    await redis.kill();
    const early = RedisConnection.connect(redis.url, COMMAND_TIMEOUT_MS);
    try {
      expect(await early.ready(300)).toBe(false);
      const earlyStore = new RedisSessionStore(early.client!, `kw:faults:${randomUUID()}:`);
      const { error, ms } = await outcomeOf(() => earlyStore.ping());
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(ms).toBeLessThanOrEqual(BOUND_MS);
      await redis.restart();
      expect(await early.ready(5000)).toBe(true);
      await earlyStore.ping();
    } finally {
      await early.close();
    }
  });
});
