import { Injectable } from '@nestjs/common';
import { AuditVia, Page, PageRequest, ValidationFailedError } from '@keyward/kernel';
import { AuditEventReader, AuditFilter } from '../../../domain/audit-event';

export interface AuditEventView {
  id: string;
  at: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  requestId: string | null;
  via: AuditVia | null;
  details: Record<string, unknown>;
  hash: string;
}

/** Audit events matching every given filter, newest first. */
@Injectable()
export class ListAuditEventsInteractor {
  constructor(private readonly events: AuditEventReader) {}

  async execute(query: { filter: AuditFilter; page: PageRequest }): Promise<Page<AuditEventView>> {
    const { from, to } = query.filter;
    // A reversed range is a client's mistake, not a question whose answer is "nothing".
    if (from && to && to < from)
      throw new ValidationFailedError('to: must not be before from', [
        { field: 'to', message: 'must not be before from' },
      ]);
    const page = await this.events.list(query.filter, query.page);
    return {
      ...page,
      items: page.items.map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        actorId: e.actorId,
        action: e.action,
        targetType: e.targetType,
        targetId: e.targetId,
        ip: e.ip,
        requestId: e.requestId,
        via: e.via,
        details: e.details,
        hash: e.hash,
      })),
    };
  }
}
