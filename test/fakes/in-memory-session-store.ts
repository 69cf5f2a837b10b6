import { RotationResult, SessionRecord, SessionStore } from '@keyward/core';

/** A SessionStore in a Map; it passes the same contract suite as the real adapters. */
export class InMemorySessionStore extends SessionStore {
  readonly sessions = new Map<string, SessionRecord>();
  private readonly rotated = new Map<string, Set<string>>();

  constructor(private readonly now: () => Date = () => new Date()) {
    super();
  }

  async create(session: SessionRecord): Promise<void> {
    this.sessions.set(session.id, { ...session });
    this.rotated.set(session.id, new Set());
  }
  async get(id: string): Promise<SessionRecord | null> {
    const s = this.live(id);
    return s ? { ...s } : null;
  }
  async touch(id: string, lastSeenAt: Date, idleExpiresAt: Date): Promise<void> {
    const s = this.live(id);
    if (s)
      Object.assign(s, {
        lastSeenAt,
        idleExpiresAt: idleExpiresAt < s.absoluteExpiresAt ? idleExpiresAt : s.absoluteExpiresAt,
      });
  }
  async listByUser(userId: string): Promise<SessionRecord[]> {
    return [...this.sessions.values()]
      .filter((s) => s.userId === userId && this.live(s.id))
      .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id.localeCompare(a.id))
      .map((s) => ({ ...s }));
  }
  async deleteForUser(userId: string, id: string): Promise<boolean> {
    const s = this.live(id);
    if (!s || s.userId !== userId) return false;
    return this.sessions.delete(id);
  }
  async deleteAllForUser(userId: string, exceptId?: string): Promise<number> {
    let deleted = 0;
    for (const s of [...this.sessions.values()]) {
      if (s.userId === userId && s.id !== exceptId && this.live(s.id)) deleted += Number(this.sessions.delete(s.id));
    }
    return deleted;
  }
  async rotateRefreshToken(
    id: string,
    presented: string,
    next: string,
    now: Date,
    idle: Date,
  ): Promise<RotationResult> {
    const s = this.live(id);
    if (!s) return { outcome: 'invalid' };
    if (s.refreshTokenHash === presented) {
      this.rotated.get(id)?.add(presented);
      Object.assign(s, {
        refreshTokenHash: next,
        lastSeenAt: now,
        idleExpiresAt: idle < s.absoluteExpiresAt ? idle : s.absoluteExpiresAt,
      });
      return { outcome: 'rotated', session: { ...s } };
    }
    if (this.rotated.get(id)?.has(presented)) {
      this.sessions.delete(id);
      return { outcome: 'reused' };
    }
    return { outcome: 'invalid' };
  }
  async purgeExpired(now: Date): Promise<number> {
    let purged = 0;
    for (const s of [...this.sessions.values()]) {
      if (s.idleExpiresAt <= now || s.absoluteExpiresAt <= now) purged += Number(this.sessions.delete(s.id));
    }
    return purged;
  }
  async countLive(now: Date): Promise<number> {
    return [...this.sessions.values()].filter((s) => s.idleExpiresAt > now && s.absoluteExpiresAt > now).length;
  }
  async ping(): Promise<void> {}

  private live(id: string): SessionRecord | undefined {
    const s = this.sessions.get(id);
    const now = this.now();
    return s && s.idleExpiresAt > now && s.absoluteExpiresAt > now ? s : undefined;
  }
}
