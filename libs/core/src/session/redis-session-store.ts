import Redis from 'ioredis';
import { asServiceUnavailable } from '../errors/dependency-failure';
import { RotationResult, SessionRecord, SessionStore } from './session-store';

// Every script re-checks expiry against the caller's clock: Redis expires keys on its own clock, which may
// lag the API's by a few milliseconds. Timestamps are epoch milliseconds, kept as strings so Lua never
// formats a number. Scripts build the keys they cannot know in advance (a session's user index, a user's
// sessions) from prefixes, which is fine on a single Redis but would need hash tags on Redis Cluster.

/** KEYS: session, rotated. ARGV: lastSeenAt, idleExpiresAt, now. Returns 1 when the session was live. */
const TOUCH = `
local s = redis.call('HMGET', KEYS[1], 'absoluteExpiresAt', 'idleExpiresAt')
if not s[1] then return 0 end
local absolute = tonumber(s[1])
local now = tonumber(ARGV[3])
if absolute <= now or tonumber(s[2]) <= now then return 0 end
local idle = ARGV[2]
if tonumber(idle) > absolute then idle = s[1] end
redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[1], 'idleExpiresAt', idle)
redis.call('PEXPIREAT', KEYS[1], idle)
redis.call('PEXPIREAT', KEYS[2], idle)
return 1
`;

/** KEYS: session, rotated. ARGV: presented, next, now, idleExpiresAt, user index prefix, session id. */
const ROTATE = `
local s = redis.call('HMGET', KEYS[1], 'userId', 'refreshTokenHash', 'absoluteExpiresAt', 'idleExpiresAt')
if not s[1] then return {'invalid'} end
local absolute = tonumber(s[3])
local now = tonumber(ARGV[3])
if absolute <= now or tonumber(s[4]) <= now then return {'invalid'} end
if s[2] == ARGV[1] then
  local idle = ARGV[4]
  if tonumber(idle) > absolute then idle = s[3] end
  redis.call('HSET', KEYS[1], 'refreshTokenHash', ARGV[2], 'lastSeenAt', ARGV[3], 'idleExpiresAt', idle)
  redis.call('SADD', KEYS[2], ARGV[1])
  redis.call('PEXPIREAT', KEYS[1], idle)
  redis.call('PEXPIREAT', KEYS[2], idle)
  return {'rotated', redis.call('HGETALL', KEYS[1])}
end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then
  redis.call('DEL', KEYS[1], KEYS[2])
  redis.call('SREM', ARGV[5] .. s[1], ARGV[6])
  return {'reused'}
end
return {'invalid'}
`;

/** KEYS: session, rotated, user index. ARGV: userId, session id, now. Returns 1 when a live session went. */
const DELETE_ONE = `
local s = redis.call('HMGET', KEYS[1], 'userId', 'absoluteExpiresAt', 'idleExpiresAt')
redis.call('SREM', KEYS[3], ARGV[2])
if s[1] ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1], KEYS[2])
local now = tonumber(ARGV[3])
if tonumber(s[2]) <= now or tonumber(s[3]) <= now then return 0 end
return 1
`;

/** KEYS: user index. ARGV: userId, session key prefix, rotated suffix, except id ('' for none), now. */
const DELETE_ALL = `
local now = tonumber(ARGV[5])
local deleted = 0
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if id ~= ARGV[4] then
    local key = ARGV[2] .. id
    local s = redis.call('HMGET', key, 'userId', 'absoluteExpiresAt', 'idleExpiresAt')
    if s[1] == ARGV[1] then
      redis.call('DEL', key, key .. ARGV[3])
      if tonumber(s[2]) > now and tonumber(s[3]) > now then deleted = deleted + 1 end
    end
    redis.call('SREM', KEYS[1], id)
  end
end
return deleted
`;

const SCRIPTS = {
  keywardSessionTouch: { lua: TOUCH, numberOfKeys: 2 },
  keywardSessionRotate: { lua: ROTATE, numberOfKeys: 2 },
  keywardSessionDeleteOne: { lua: DELETE_ONE, numberOfKeys: 3 },
  keywardSessionDeleteAll: { lua: DELETE_ALL, numberOfKeys: 1 },
};
type ScriptName = keyof typeof SCRIPTS;
type ScriptCommand = (...args: string[]) => Promise<unknown>;

const ROTATED_SUFFIX = ':rotated';

/**
 * Sessions in Redis, shared by every API process. Per session a hash and a set of rotated-away refresh
 * hashes, both expiring at the session's end; per user a set of session ids, dropped lazily when stale.
 */
export class RedisSessionStore extends SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'kw:',
  ) {
    super();
    // EVALSHA with a transparent EVAL fallback; redefining on a shared client is harmless.
    for (const [name, definition] of Object.entries(SCRIPTS)) redis.defineCommand(name, definition);
  }

  create(session: SessionRecord): Promise<void> {
    return this.guard(async () => {
      const userKey = this.userKey(session.userId);
      const absolute = session.absoluteExpiresAt.getTime();
      const results = await this.redis
        .multi()
        // A leftover hash under the same id must not lend its fields (ip, userAgent) to the new session.
        .del(this.sessionKey(session.id), this.rotatedKey(session.id))
        .hset(this.sessionKey(session.id), toHash(session))
        .pexpireat(this.sessionKey(session.id), endOf(session))
        .sadd(userKey, session.id)
        // The index lives as long as the user's longest session: set it if unset, else only extend it.
        .pexpireat(userKey, absolute, 'NX')
        .pexpireat(userKey, absolute, 'GT')
        .exec();
      const failure = results?.find(([error]) => error)?.[0];
      if (!results || failure) throw failure ?? new Error('Redis discarded the session transaction');
    });
  }

  async get(id: string): Promise<SessionRecord | null> {
    const session = fromHash(id, await this.guard(() => this.redis.hgetall(this.sessionKey(id))));
    return session && isLive(session, Date.now()) ? session : null;
  }

  async touch(id: string, lastSeenAt: Date, idleExpiresAt: Date): Promise<void> {
    await this.run(
      'keywardSessionTouch',
      [this.sessionKey(id), this.rotatedKey(id)],
      [ms(lastSeenAt), ms(idleExpiresAt), String(Date.now())],
    );
  }

  listByUser(userId: string): Promise<SessionRecord[]> {
    return this.guard(async () => {
      const userKey = this.userKey(userId);
      const ids = await this.redis.smembers(userKey);
      if (ids.length === 0) return [];
      const pipeline = this.redis.pipeline();
      for (const id of ids) pipeline.hgetall(this.sessionKey(id));
      const replies = (await pipeline.exec()) ?? [];
      const now = Date.now();
      const sessions: SessionRecord[] = [];
      const stale: string[] = [];
      ids.forEach((id, index) => {
        const [error, hash] = replies[index] ?? [new Error('missing pipeline reply'), null];
        if (error) throw error;
        const session = fromHash(id, hash as Record<string, string>);
        if (!session || session.userId !== userId) stale.push(id);
        else if (isLive(session, now)) sessions.push(session);
      });
      if (stale.length > 0) await this.redis.srem(userKey, ...stale);
      return sessions.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1));
    });
  }

  async deleteForUser(userId: string, id: string): Promise<boolean> {
    const deleted = await this.run(
      'keywardSessionDeleteOne',
      [this.sessionKey(id), this.rotatedKey(id), this.userKey(userId)],
      [userId, id, String(Date.now())],
    );
    return deleted === 1;
  }

  async deleteAllForUser(userId: string, exceptId?: string): Promise<number> {
    const deleted = await this.run(
      'keywardSessionDeleteAll',
      [this.userKey(userId)],
      [userId, this.sessionKey(''), ROTATED_SUFFIX, exceptId ?? '', String(Date.now())],
    );
    return Number(deleted);
  }

  async rotateRefreshToken(
    id: string,
    presentedHash: string,
    nextHash: string,
    now: Date,
    idleExpiresAt: Date,
  ): Promise<RotationResult> {
    const reply = (await this.run(
      'keywardSessionRotate',
      [this.sessionKey(id), this.rotatedKey(id)],
      [presentedHash, nextHash, ms(now), ms(idleExpiresAt), this.userKey(''), id],
    )) as [string, string[]?];
    const [outcome, fields] = reply;
    if (outcome === 'reused') return { outcome };
    if (outcome !== 'rotated' || !fields) return { outcome: 'invalid' };
    const session = fromHash(id, pairsToObject(fields));
    if (!session) throw new Error(`Rotated session ${id} came back incomplete`);
    return { outcome, session };
  }

  /** Session keys expire in Redis itself; stale index entries are dropped as users' lists are read. */
  async purgeExpired(): Promise<number> {
    return 0;
  }

  /** Session hashes expire with their session, so the live ones are the session keys that exist. */
  countLive(): Promise<number> {
    return this.guard(async () => {
      let count = 0;
      let cursor = '0';
      do {
        const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.prefix}session:*`, 'COUNT', 1000);
        count += keys.filter((key) => !key.endsWith(ROTATED_SUFFIX)).length;
        cursor = next;
      } while (cursor !== '0');
      return count;
    });
  }

  async ping(): Promise<void> {
    const reply = await this.guard(() => this.redis.ping());
    if (reply !== 'PONG') throw new Error(`Unexpected PING reply from Redis: ${reply}`);
  }

  private sessionKey(id: string): string {
    return `${this.prefix}session:${id}`;
  }

  private rotatedKey(id: string): string {
    return `${this.sessionKey(id)}${ROTATED_SUFFIX}`;
  }

  private userKey(userId: string): string {
    return `${this.prefix}user-sessions:${userId}`;
  }

  private run(name: ScriptName, keys: string[], args: string[]): Promise<unknown> {
    // defineCommand adds the method at run time, so the client's type does not know it.
    const command = (this.redis as unknown as Record<ScriptName, ScriptCommand>)[name];
    return this.guard(() => command.call(this.redis, ...keys, ...args));
  }

  /** A Redis that is away or too slow becomes a 503 naming the session store; other errors stay as they are. */
  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw asServiceUnavailable(error, 'session store') ?? error;
    }
  }
}

function ms(date: Date): string {
  return String(date.getTime());
}

function endOf(session: SessionRecord): number {
  return Math.min(session.idleExpiresAt.getTime(), session.absoluteExpiresAt.getTime());
}

function isLive(session: SessionRecord, now: number): boolean {
  return endOf(session) > now;
}

// Null ip / userAgent are absent fields, so an empty string still round-trips as an empty string.
function toHash(session: SessionRecord): Record<string, string> {
  const hash: Record<string, string> = {
    userId: session.userId,
    refreshTokenHash: session.refreshTokenHash,
    createdAt: ms(session.createdAt),
    lastSeenAt: ms(session.lastSeenAt),
    absoluteExpiresAt: ms(session.absoluteExpiresAt),
    idleExpiresAt: ms(session.idleExpiresAt),
  };
  if (session.ip !== null) hash.ip = session.ip;
  if (session.userAgent !== null) hash.userAgent = session.userAgent;
  return hash;
}

function fromHash(id: string, hash: Record<string, string>): SessionRecord | null {
  const { userId, refreshTokenHash, createdAt, lastSeenAt, absoluteExpiresAt, idleExpiresAt } = hash;
  if (!userId || !refreshTokenHash || !createdAt || !lastSeenAt || !absoluteExpiresAt || !idleExpiresAt) return null;
  return {
    id,
    userId,
    refreshTokenHash,
    ip: hash.ip ?? null,
    userAgent: hash.userAgent ?? null,
    createdAt: new Date(Number(createdAt)),
    lastSeenAt: new Date(Number(lastSeenAt)),
    absoluteExpiresAt: new Date(Number(absoluteExpiresAt)),
    idleExpiresAt: new Date(Number(idleExpiresAt)),
  };
}

function pairsToObject(pairs: string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (let i = 0; i + 1 < pairs.length; i += 2) result[pairs[i]] = pairs[i + 1];
  return result;
}
