import { Injectable } from '@nestjs/common';
import { SessionStore } from '@keyward/core';
import { Page, pageOf, PageRequest } from '@keyward/kernel';
import { UserRepository } from '../../../domain/ports';
import { requireUser } from '../../shared/users';

export interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  current: boolean;
}

@Injectable()
export class ListSessionsInteractor {
  constructor(
    private readonly sessions: SessionStore,
    private readonly users: UserRepository,
  ) {}

  async execute(query: {
    userId: string;
    currentSessionId: string | null;
    page: PageRequest;
  }): Promise<Page<SessionView>> {
    await requireUser(this.users, query.userId);
    const sessions = await this.sessions.listByUser(query.userId);
    const views = sessions.map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: (s.idleExpiresAt < s.absoluteExpiresAt ? s.idleExpiresAt : s.absoluteExpiresAt).toISOString(),
      ip: s.ip,
      userAgent: s.userAgent,
      current: s.id === query.currentSessionId,
    }));
    return pageOf(views, query.page);
  }
}
