import { Module, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SessionStore } from '../session/session-store';
import { SessionStoreModule } from '../session/session-store.module';
import { HealthController } from './health.controller';
import { Readiness } from './readiness';
import { ReadinessModule } from './readiness.module';

/** /health and /health/ready, with the checks of the platform (database, session store). */
@Module({ imports: [ReadinessModule, SessionStoreModule], controllers: [HealthController] })
export class HealthModule implements OnModuleInit {
  constructor(
    private readonly readiness: Readiness,
    private readonly dataSource: DataSource,
    private readonly sessions: SessionStore,
  ) {}

  onModuleInit(): void {
    this.readiness.register('database', async () => {
      await this.dataSource.query('SELECT 1');
    });
    this.readiness.register('sessionStore', () => this.sessions.ping());
  }
}
