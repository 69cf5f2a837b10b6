import { runInRequestContext } from '../http/request-context';
import { AccessCache } from './access-cache';
import { AccessChangeSubscriber } from './access-change-subscriber';
import { AccessVersion } from './access-version';
import { OutsideAccessCache } from './outside-access-cache';

/** A version the test moves by hand; `changed()` moves it as a real announcement would. */
class ManualVersion extends AccessVersion {
  value = 'v1';
  announcements = 0;

  async read(): Promise<string | null> {
    return this.value;
  }

  async changed(): Promise<void> {
    this.announcements += 1;
    this.value = `v${this.announcements + 1}`;
  }
}

/** One request: pins the version as authentication does, then runs `work`. */
function inRequest<T>(cache: AccessCache, work: () => Promise<T>): Promise<T> {
  return runInRequestContext({ requestId: 'r', ip: null, via: 'api' }, async () => {
    await cache.pinVersion();
    return work();
  });
}

describe('AccessCache', () => {
  function setup(ttlMs = 10_000) {
    const version = new ManualVersion();
    const cache = new AccessCache(version, ttlMs);
    let loads = 0;
    const get = () => inRequest(cache, () => cache.get('account:1', async () => `load ${++loads}`));
    return { version, cache, get, loads: () => loads };
  }

  it('serves the entry while the version is unchanged, and reloads at the first request after a change', async () => {
    const { version, get, loads } = setup();
    expect(await get()).toBe('load 1');
    expect(await get()).toBe('load 1');
    await version.changed();
    expect(await get()).toBe('load 2');
    expect(loads()).toBe(2);
  });

  it('reloads after the entry lifetime even without a change', async () => {
    const { get } = setup(1);
    await get();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await get()).toBe('load 2');
  });

  it('always loads outside a request, and when the lifetime is 0', async () => {
    const { cache } = setup();
    let loads = 0;
    const load = async () => ++loads;
    await cache.get('k', load);
    await cache.get('k', load);
    expect(loads).toBe(2);
    const off = new AccessCache(new ManualVersion(), 0);
    await inRequest(off, () => off.get('k', load));
    await inRequest(off, () => off.get('k', load));
    expect(loads).toBe(4);
  });
});

describe('AccessChangeSubscriber', () => {
  @OutsideAccessCache()
  class AuditRow {}
  class RoleRow {}

  function setup() {
    const version = new ManualVersion();
    const subscriber = new AccessChangeSubscriber(version);
    const runner = { isTransactionActive: false, data: {} as Record<string, unknown> };
    const write = (target: unknown) => subscriber.afterUpdate({ queryRunner: runner as never, metadata: { target } });
    const commit = () => subscriber.afterTransactionCommit({ queryRunner: runner } as never);
    return { version, subscriber, runner, write, commit };
  }

  it('announces a write outside a transaction at once, and ignores tables marked outside the cache', async () => {
    const { version, write } = setup();
    await write(AuditRow);
    expect(version.announcements).toBe(0);
    await write(RoleRow);
    expect(version.announcements).toBe(1);
  });

  it('announces a write inside a transaction only after the commit, and not at all after a rollback', async () => {
    const { version, subscriber, runner, write, commit } = setup();
    runner.isTransactionActive = true;
    await write(RoleRow);
    await write(RoleRow);
    expect(version.announcements).toBe(0);
    runner.isTransactionActive = false;
    await commit();
    expect(version.announcements).toBe(1);

    runner.isTransactionActive = true;
    await write(RoleRow);
    runner.isTransactionActive = false;
    subscriber.afterTransactionRollback({ queryRunner: runner } as never);
    await commit();
    expect(version.announcements).toBe(1);
  });

  it('makes the request that wrote read fresh views for the rest of it', async () => {
    const { version, write } = setup();
    const cache = new AccessCache(version, 10_000);
    let loads = 0;
    await inRequest(cache, async () => {
      await cache.get('k', async () => ++loads);
      await write(RoleRow);
      expect(await cache.get('k', async () => ++loads)).toBe(2);
    });
  });
});
