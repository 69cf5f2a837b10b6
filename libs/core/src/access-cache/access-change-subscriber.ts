import type { EntitySubscriberInterface, QueryRunner, TransactionCommitEvent } from 'typeorm';
import { currentRequestContext } from '../http/request-context';
import { AccessVersion } from './access-version';
import { isOutsideAccessCache } from './outside-access-cache';

const PENDING = 'keywardAccessChangePending';

interface WriteEvent {
  queryRunner: QueryRunner;
  metadata: { target: unknown };
}

/**
 * Announces every committed write to a table the access cache may hold (all but those marked
 * `@OutsideAccessCache`), through TypeORM's events, so that no repository can forget to. A write inside a
 * transaction is announced after the commit: announced earlier, another process could reload the old rows and
 * keep them under the new version.
 */
export class AccessChangeSubscriber implements EntitySubscriberInterface {
  constructor(private readonly version: AccessVersion) {}

  afterInsert(event: WriteEvent): Promise<void> {
    return this.written(event);
  }

  afterUpdate(event: WriteEvent): Promise<void> {
    return this.written(event);
  }

  afterRemove(event: WriteEvent): Promise<void> {
    return this.written(event);
  }

  afterSoftRemove(event: WriteEvent): Promise<void> {
    return this.written(event);
  }

  afterRecover(event: WriteEvent): Promise<void> {
    return this.written(event);
  }

  async afterTransactionCommit(event: TransactionCommitEvent): Promise<void> {
    const runner = event.queryRunner;
    if (runner.isTransactionActive || !runner.data?.[PENDING]) return; // a savepoint released: wait for the end
    runner.data[PENDING] = false;
    await this.announce();
  }

  afterTransactionRollback(event: TransactionCommitEvent): void {
    if (!event.queryRunner.isTransactionActive && event.queryRunner.data) event.queryRunner.data[PENDING] = false;
  }

  private async written(event: WriteEvent): Promise<void> {
    if (isOutsideAccessCache(event.metadata.target)) return;
    const runner = event.queryRunner;
    if (runner.isTransactionActive) {
      runner.data = { ...runner.data, [PENDING]: true };
      return;
    }
    await this.announce();
  }

  private async announce(): Promise<void> {
    await this.version.changed();
    // The request that made the change reads fresh rows from now on, whatever version it pinned when it began.
    const context = currentRequestContext();
    if (context) context.accessVersion = undefined;
  }
}
