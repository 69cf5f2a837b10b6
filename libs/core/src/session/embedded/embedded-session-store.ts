import { DataSource, EntityManager } from 'typeorm';
import { isUuid } from '@keyward/kernel';
import { runInTransaction } from '../../database/transaction';
import { RotationResult, SessionRecord, SessionStore } from '../session-store';
import { RotatedRefreshTokenEntity } from './rotated-refresh-token.entity';
import { SessionEntity } from './session.entity';
import { SqliteSessionReader } from './sqlite-session-reader';

// Bounded by the column; the header is client-controlled and PostgreSQL would reject a longer value.
const USER_AGENT_MAX = 512;
// Raw column names: update and delete builders run without an alias. Parameter `now` is a Date.
const LIVE = 'idle_expires_at > :now AND absolute_expires_at > :now';
const EXPIRED = '(idle_expires_at <= :now OR absolute_expires_at <= :now)';
// The idle deadline never passes the absolute one; `:idle` is the requested idle deadline.
const CAPPED_IDLE = 'CASE WHEN absolute_expires_at < :idle THEN absolute_expires_at ELSE :idle END';

/** Sessions as rows of the SQL database (SQLite or PostgreSQL), for single-process deployments without Redis. */
export class EmbeddedSessionStore extends SessionStore {
  private readonly sqlite: SqliteSessionReader | null;

  constructor(private readonly dataSource: DataSource) {
    super();
    this.sqlite = dataSource.options.type === 'better-sqlite3' ? new SqliteSessionReader(dataSource) : null;
  }

  async create(session: SessionRecord): Promise<void> {
    await this.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into(SessionEntity)
        .values({ ...session, userAgent: session.userAgent?.slice(0, USER_AGENT_MAX) ?? null })
        .execute();
      // A login is a good moment to drop the user's dead sessions; nothing else would.
      await this.purgeExpiredOfUser(manager, session.userId);
    });
  }

  async get(id: string): Promise<SessionRecord | null> {
    if (!isUuid(id)) return null;
    if (this.sqlite) {
      const found = this.sqlite.live(id, new Date());
      return found ? toRecord(found) : null;
    }
    const row = await this.dataSource
      .createQueryBuilder(SessionEntity, 's')
      .where('s.id = :id', { id })
      .andWhere('s.idleExpiresAt > :now AND s.absoluteExpiresAt > :now', { now: new Date() })
      .getOne();
    return row ? toRecord(row) : null;
  }

  async touch(id: string, lastSeenAt: Date, idleExpiresAt: Date): Promise<void> {
    if (!isUuid(id)) return;
    await this.transaction((manager) =>
      manager
        .createQueryBuilder()
        .update(SessionEntity)
        .set({ lastSeenAt, idleExpiresAt: () => CAPPED_IDLE })
        .where('id = :id')
        .andWhere(LIVE)
        .setParameters({ id, now: new Date(), idle: idleExpiresAt })
        .execute(),
    );
  }

  async listByUser(userId: string): Promise<SessionRecord[]> {
    if (!isUuid(userId)) return [];
    const rows = await this.dataSource
      .createQueryBuilder(SessionEntity, 's')
      .where('s.userId = :userId', { userId })
      .andWhere('s.idleExpiresAt > :now AND s.absoluteExpiresAt > :now', { now: new Date() })
      .orderBy('s.createdAt', 'DESC')
      .addOrderBy('s.id', 'DESC')
      .getMany();
    return rows.map(toRecord);
  }

  async deleteForUser(userId: string, id: string): Promise<boolean> {
    if (!isUuid(userId) || !isUuid(id)) return false;
    const result = await this.transaction((manager) =>
      manager
        .createQueryBuilder()
        .delete()
        .from(SessionEntity)
        .where('id = :id AND user_id = :userId')
        .andWhere(LIVE)
        .setParameters({ id, userId, now: new Date() })
        .execute(),
    );
    return affectedRows(result.affected) === 1;
  }

  async deleteAllForUser(userId: string, exceptId?: string): Promise<number> {
    if (!isUuid(userId)) return 0;
    return this.transaction(async (manager) => {
      const query = manager
        .createQueryBuilder()
        .delete()
        .from(SessionEntity)
        .where('user_id = :userId')
        .andWhere(LIVE)
        .setParameters({ userId, now: new Date() });
      // A malformed exceptId matches no session, so it excepts nothing.
      if (exceptId !== undefined && isUuid(exceptId)) query.andWhere('id <> :exceptId', { exceptId });
      const deleted = affectedRows((await query.execute()).affected);
      await this.purgeExpiredOfUser(manager, userId);
      return deleted;
    });
  }

  async rotateRefreshToken(
    id: string,
    presentedHash: string,
    nextHash: string,
    now: Date,
    idleExpiresAt: Date,
  ): Promise<RotationResult> {
    if (!isUuid(id)) return { outcome: 'invalid' };
    // Relies on READ COMMITTED on PostgreSQL (its default): a concurrent UPDATE of the same row waits for the
    // winner to commit, then re-checks its WHERE against the new hash and matches nothing.
    return this.transaction(async (manager): Promise<RotationResult> => {
      const updated = await manager
        .createQueryBuilder()
        .update(SessionEntity)
        .set({ refreshTokenHash: nextHash, lastSeenAt: now, idleExpiresAt: () => CAPPED_IDLE })
        .where('id = :id AND refresh_token_hash = :presentedHash')
        .andWhere(LIVE)
        .setParameters({ id, presentedHash, now, idle: idleExpiresAt })
        .execute();
      if (affectedRows(updated.affected) === 1) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(RotatedRefreshTokenEntity)
          .values({ tokenHash: presentedHash, sessionId: id })
          .execute();
        const row = await manager.createQueryBuilder(SessionEntity, 's').where('s.id = :id', { id }).getOneOrFail();
        return { outcome: 'rotated', session: toRecord(row) };
      }
      const reused = await manager
        .createQueryBuilder(RotatedRefreshTokenEntity, 'r')
        .innerJoin('r.session', 's')
        .where('r.tokenHash = :presentedHash AND r.sessionId = :id', { presentedHash, id })
        .andWhere('s.idleExpiresAt > :now AND s.absoluteExpiresAt > :now', { now })
        .getExists();
      if (!reused) return { outcome: 'invalid' };
      // The rotated hashes go with the session (ON DELETE CASCADE).
      await manager.createQueryBuilder().delete().from(SessionEntity).where('id = :id', { id }).execute();
      return { outcome: 'reused' };
    });
  }

  async purgeExpired(now: Date): Promise<number> {
    const result = await this.transaction((manager) =>
      manager.createQueryBuilder().delete().from(SessionEntity).where(EXPIRED).setParameters({ now }).execute(),
    );
    return affectedRows(result.affected);
  }

  countLive(now: Date): Promise<number> {
    return this.dataSource
      .createQueryBuilder(SessionEntity, 's')
      .where('s.idleExpiresAt > :now AND s.absoluteExpiresAt > :now', { now })
      .getCount();
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }

  private async purgeExpiredOfUser(manager: EntityManager, userId: string): Promise<void> {
    await manager
      .createQueryBuilder()
      .delete()
      .from(SessionEntity)
      .where('user_id = :userId')
      .andWhere(EXPIRED)
      .setParameters({ userId, now: new Date() })
      .execute();
  }

  private transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return runInTransaction(this.dataSource, work);
  }
}

// Both supported drivers report affected rows; failing loudly beats silently treating every rotation as invalid.
function affectedRows(affected: number | null | undefined): number {
  if (typeof affected !== 'number') throw new Error('The database driver did not report affected rows');
  return affected;
}

function toRecord(row: SessionEntity): SessionRecord {
  return {
    id: row.id,
    userId: row.userId,
    refreshTokenHash: row.refreshTokenHash,
    ip: row.ip,
    userAgent: row.userAgent,
    createdAt: row.createdAt,
    lastSeenAt: row.lastSeenAt,
    absoluteExpiresAt: row.absoluteExpiresAt,
    idleExpiresAt: row.idleExpiresAt,
  };
}
