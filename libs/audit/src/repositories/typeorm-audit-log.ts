import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, MoreThan, QueryDeepPartialEntity, Repository } from 'typeorm';
import { currentRequestContext, runInTransaction } from '@keyward/core';
import { AuditLog, Clock, NewAuditEvent, Page, PageRequest, Random } from '@keyward/kernel';
import { chainHash, ChainedEvent } from '../domain/audit-chain';
import { AuditChainReader } from '../domain/audit-chain-reader';
import { AuditEvent, AuditEventReader, AuditFilter, assertRecordable } from '../domain/audit-event';
import { AuditChainHeadEntity, AuditEventEntity } from './audit-event.entity';

const LAST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const HEAD_ID = 1;

/** Both sides of the audit log on one table: other contexts record, GET /audit reads, audit:verify walks. */
@Injectable()
export class TypeormAuditLog extends AuditLog implements AuditEventReader, AuditChainReader {
  private readonly events: Repository<AuditEventEntity>;

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly random: Random,
  ) {
    super();
    this.events = dataSource.getRepository(AuditEventEntity);
  }

  async record(event: NewAuditEvent): Promise<void> {
    // Interactors rarely know the request; the request context does (null outside one, e.g. at start-up).
    const context = currentRequestContext();
    const fields = {
      id: this.random.uuid(),
      actorId: event.actorId?.toLowerCase() ?? null,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId,
      ip: event.ip ?? context?.ip ?? null,
      requestId: event.requestId ?? context?.requestId ?? null,
      via: context?.via ?? null,
      details: event.details,
    };
    assertRecordable(fields);
    // A transaction of its own: on SQLite every query shares one connection, so a plain insert made while another
    // context's transaction is open would join it and vanish if that one rolled back; this one waits its turn.
    await runInTransaction(this.dataSource, (manager) => this.append(manager, fields));
  }

  /**
   * Locks the chain head before reading it (an UPDATE takes PostgreSQL's row lock and SQLite's write lock, across
   * processes too), so concurrent writers append one after the other and the chain never forks.
   */
  private async append(manager: EntityManager, fields: Omit<ChainedEvent, 'seq' | 'at' | 'prevHash' | 'hash'>) {
    await manager
      .createQueryBuilder()
      .update(AuditChainHeadEntity)
      .set({ seq: () => 'seq' })
      .where('id = :id', { id: HEAD_ID })
      .execute();
    const head = await manager.findOneBy(AuditChainHeadEntity, { id: HEAD_ID });
    if (!head) throw new Error('The audit chain head (audit_chain_head, id 1) is missing; run the migrations');
    // The time is read under the lock too, so that the chain's order is also the order in time (on one clock).
    const chained = { ...fields, seq: head.seq + 1, at: this.clock.now() };
    const hash = chainHash(head.hash, chained);
    const row: AuditEventEntity = { ...chained, prevHash: head.hash, hash };
    // TypeORM's deep-partial insert type cannot follow `unknown` JSON values; the row is a whole entity.
    await manager.insert(AuditEventEntity, row as QueryDeepPartialEntity<AuditEventEntity>);
    await manager.update(AuditChainHeadEntity, { id: HEAD_ID }, { seq: chained.seq, hash });
  }

  async list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEvent>> {
    // No event is recorded after year 9999, and SQLite compares timestamps as text with a four-digit year,
    // where a later instant (reachable with an offset: 9999-12-31T23:00:00-05:00) would sort before them all.
    if (filter.from && filter.from.getTime() > LAST_INSTANT)
      return { items: [], total: 0, limit: page.limit, offset: page.offset };
    const to = filter.to && filter.to.getTime() <= LAST_INSTANT ? filter.to : undefined;
    const query = this.events.createQueryBuilder('e');
    if (filter.actorId) query.andWhere('e.actor_id = :actorId', { actorId: filter.actorId.toLowerCase() });
    if (filter.action) query.andWhere('e.action = :action', { action: filter.action });
    if (filter.targetType) query.andWhere('e.target_type = :targetType', { targetType: filter.targetType });
    if (filter.targetId) query.andWhere('e.target_id = :targetId', { targetId: filter.targetId });
    if (filter.from) query.andWhere('e.at >= :from', { from: filter.from });
    if (to) query.andWhere('e.at < :to', { to });
    const [rows, total] = await query
      .orderBy('e.at', 'DESC')
      .addOrderBy('e.seq', 'DESC')
      .skip(page.offset)
      .take(page.limit)
      .getManyAndCount();
    return { items: rows.map(toEvent), total, limit: page.limit, offset: page.offset };
  }

  count(): Promise<number> {
    return this.events.count();
  }

  async *walk(batchSize = 1000): AsyncIterable<ChainedEvent> {
    let after = 0;
    for (;;) {
      const rows = await this.events.find({ where: { seq: MoreThan(after) }, order: { seq: 'ASC' }, take: batchSize });
      for (const row of rows) yield row;
      if (rows.length < batchSize) return;
      after = rows[rows.length - 1].seq;
    }
  }

  async head(): Promise<{ seq: number; hash: string } | null> {
    const head = await this.dataSource.getRepository(AuditChainHeadEntity).findOneBy({ id: HEAD_ID });
    return head ? { seq: head.seq, hash: head.hash } : null;
  }
}

function toEvent(row: AuditEventEntity): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actorId: row.actorId,
    action: row.action as AuditEvent['action'],
    targetType: row.targetType,
    targetId: row.targetId,
    ip: row.ip,
    requestId: row.requestId,
    via: row.via,
    details: row.details,
    hash: row.hash,
  };
}
