/** A login session as the store keeps it. Timestamps are absolute; the store never keeps a refresh token, only its hash. */
export interface SessionRecord {
  id: string;
  userId: string;
  /** SHA-256 (hex) of the refresh token currently valid for this session. */
  refreshTokenHash: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  /** Hard end of the session, whatever its activity. */
  absoluteExpiresAt: Date;
  /** End of the session if it stays unused; moved forward by `touch`. */
  idleExpiresAt: Date;
}

/** Outcome of presenting a refresh token hash for rotation. */
export type RotationResult =
  | { outcome: 'rotated'; session: SessionRecord }
  /** The hash was valid once and has already been rotated away: the store has deleted the session. */
  | { outcome: 'reused' }
  /** Unknown session, expired session or a hash this session never issued. */
  | { outcome: 'invalid' };

/**
 * Port for session storage. The class is the DI token. Implementations: Redis (shared by several API
 * processes) and embedded (rows in the SQL database, so sessions survive a restart).
 * Expired sessions (now > min(idleExpiresAt, absoluteExpiresAt)) behave as if absent in every method.
 */
export abstract class SessionStore {
  abstract create(session: SessionRecord): Promise<void>;
  abstract get(id: string): Promise<SessionRecord | null>;
  /** Records activity: sets lastSeenAt and idleExpiresAt (never beyond absoluteExpiresAt). No-op if absent. */
  abstract touch(id: string, lastSeenAt: Date, idleExpiresAt: Date): Promise<void>;
  /** Live sessions of a user, newest first. */
  abstract listByUser(userId: string): Promise<SessionRecord[]>;
  /** Deletes one session of that user; false when it does not exist or belongs to someone else. */
  abstract deleteForUser(userId: string, id: string): Promise<boolean>;
  /** Deletes every session of a user except `exceptId`; returns how many were deleted. */
  abstract deleteAllForUser(userId: string, exceptId?: string): Promise<number>;
  /**
   * Atomically replaces the session's refresh hash when `presentedHash` is the current one. Of many
   * concurrent calls with one hash at most one is `rotated`. A hash that was current before (already
   * rotated away) is `reused` and deletes the session.
   */
  abstract rotateRefreshToken(
    id: string,
    presentedHash: string,
    nextHash: string,
    now: Date,
    idleExpiresAt: Date,
  ): Promise<RotationResult>;
  /**
   * Deletes every expired session (and what hangs off it); returns how many. Stores whose entries expire by
   * themselves (Redis) have nothing to do.
   */
  abstract purgeExpired(now: Date): Promise<number>;
  /**
   * How many sessions are live now, over every user: the operators' gauge (read when metrics are scraped) and the
   * admin panel's dashboard. The embedded store counts rows by index; Redis walks the session keys with SCAN, a
   * few round trips per thousand sessions, so this is for an occasional look, not for every request.
   */
  abstract countLive(now: Date): Promise<number>;
  /** Liveness for /health/ready; throws when the backing service does not answer. */
  abstract ping(): Promise<void>;
}
