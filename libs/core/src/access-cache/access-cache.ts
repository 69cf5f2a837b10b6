import { currentRequestContext } from '../http/request-context';
import { AccessVersion } from './access-version';

/** Enough for every active user of a deployment; past it the oldest entries go first. */
const MAX_ENTRIES = 10_000;

interface Entry {
  value: unknown;
  version: string;
  expiresAt: number;
}

/**
 * What requests need to know about their caller (account, roles, permissions, teams), kept in this process for
 * at most `ttlMs`, and only while the access version read at the request's authentication is the one the entry
 * was loaded under: a change committed anywhere applies to the next request everywhere. Outside a request (CLI,
 * background work), or before authentication pinned a version, it always loads.
 */
export class AccessCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly version: AccessVersion,
    private readonly ttlMs: number,
  ) {}

  /**
   * Reads the access version for the request being served. Call it together with the credential check (same tick),
   * so that on Redis both share one round trip. A version that cannot be read only means no caching.
   */
  async pinVersion(): Promise<void> {
    const context = currentRequestContext();
    if (!context || this.ttlMs === 0) return;
    try {
      context.accessVersion = (await this.version.read()) ?? undefined;
    } catch {
      context.accessVersion = undefined;
    }
  }

  async get<T>(key: string, load: () => Promise<T>): Promise<T> {
    const version = currentRequestContext()?.accessVersion;
    if (version === undefined) return load();
    const now = Date.now();
    const entry = this.entries.get(key);
    if (entry && entry.version === version && entry.expiresAt > now) return entry.value as T;
    const value = await load();
    this.entries.delete(key); // re-inserted last, so the oldest-first eviction order stays true
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, version, expiresAt: now + this.ttlMs });
    return value;
  }
}
