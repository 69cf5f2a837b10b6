import { Injectable } from '@nestjs/common';
import { DataSource, QueryDeepPartialEntity, Repository } from 'typeorm';
import { Clock, Page, PageRequest, Random } from '@keyward/core';
import { AuditEvent, AuditEventReader, AuditFilter, assertRecordable } from '../domain/audit-event';
import { AuditLog, NewAuditEvent } from '../domain/audit-log';
import { AuditEventEntity } from './audit-event.entity';

/** Both sides of the audit log on one table: other contexts record, GET /audit reads. */
@Injectable()
export class TypeormAuditLog extends AuditLog implements AuditEventReader {
  private readonly events: Repository<AuditEventEntity>;

  constructor(
    dataSource: DataSource,
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
    // TypeORM's deep-partial insert type cannot follow `unknown` JSON values; the row is a whole entity.
    await this.events.insert(row as QueryDeepPartialEntity<AuditEventEntity>);
  }

  async list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEvent>> {
    const query = this.events.createQueryBuilder('e');
    if (filter.actorId) query.andWhere('e.actor_id = :actorId', { actorId: filter.actorId.toLowerCase() });
    if (filter.action) query.andWhere('e.action = :action', { action: filter.action });
    if (filter.from) query.andWhere('e.at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('e.at < :to', { to: filter.to });
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
