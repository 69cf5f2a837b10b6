import { Injectable } from '@nestjs/common';
import { DataSource, QueryDeepPartialEntity, Repository } from 'typeorm';
import { runInTransaction } from '@keyward/core';
import { AuditLog, Clock, NewAuditEvent, Page, PageRequest, Random } from '@keyward/kernel';
import { AuditEvent, AuditEventReader, AuditFilter, assertRecordable } from '../domain/audit-event';
import { AuditEventEntity } from './audit-event.entity';

const LAST_INSTANT = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Both sides of the audit log on one table: other contexts record, GET /audit reads. */
@Injectable()
export class TypeormAuditLog extends AuditLog implements AuditEventReader {
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
    assertRecordable(event);
    const row: AuditEventEntity = {
      id: this.random.uuid(),
      at: this.clock.now(),
      actorId: event.actorId?.toLowerCase() ?? null,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId,
      ip: event.ip,
      details: event.details,
    };
    // On SQLite every query shares one connection, so a plain insert made while another context's transaction
    // is open joins it and vanishes if that one rolls back; a transaction of its own waits its turn instead.
    // TypeORM's deep-partial insert type cannot follow `unknown` JSON values; the row is a whole entity.
    await runInTransaction(this.dataSource, (manager) =>
      manager.insert(AuditEventEntity, row as QueryDeepPartialEntity<AuditEventEntity>),
    );
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
    if (filter.from) query.andWhere('e.at >= :from', { from: filter.from });
    if (to) query.andWhere('e.at < :to', { to });
    const [rows, total] = await query
      .orderBy('e.at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .skip(page.offset)
      .take(page.limit)
      .getManyAndCount();
    return { items: rows.map(toEvent), total, limit: page.limit, offset: page.offset };
  }
}

function toEvent(row: AuditEventEntity): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actorId: row.actorId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    ip: row.ip,
    details: row.details,
  };
}
