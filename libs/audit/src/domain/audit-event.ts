import { AuditVia, isUuid, NewAuditEvent, Page, PageRequest } from '@keyward/kernel';

export interface AuditEvent extends NewAuditEvent {
  id: string;
  at: Date;
  ip: string | null;
  requestId: string | null;
  via: AuditVia | null;
  hash: string;
}

/** Every given criterion must match; `from` is inclusive and `to` exclusive, so adjacent windows never overlap. */
export interface AuditFilter {
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
}

/** The read side of the audit log. The class is the DI token. */
export abstract class AuditEventReader {
  /** Newest first. */
  abstract list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditEvent>>;
}

/** Column sizes of audit_events; checked before writing so both databases refuse the same events. */
export const AUDIT_LIMITS = { action: 100, targetType: 64, targetId: 255, ip: 64, requestId: 128 } as const;

/**
 * Throws on an event no database column could hold. A caller's bug, not a client's: a plain Error, and
 * PostgreSQL and SQLite (which ignores varchar lengths) then behave alike.
 */
export function assertRecordable(event: NewAuditEvent): void {
  const problems: string[] = [];
  if (event.actorId !== null && !isUuid(event.actorId)) problems.push('actorId must be a UUID or null');
  if (!event.action) problems.push('action must not be empty');
  for (const field of ['action', 'targetType', 'targetId', 'ip', 'requestId'] as const) {
    const value = event[field];
    if (value === null || value === undefined) continue;
    if (value.length > AUDIT_LIMITS[field]) problems.push(`${field} exceeds ${AUDIT_LIMITS[field]} characters`);
    // PostgreSQL text cannot hold U+0000 (details are safe: JSON escapes it).
    if (value.includes('\u0000')) problems.push(`${field} contains a NUL character`);
  }
  if (typeof event.details !== 'object' || event.details === null || Array.isArray(event.details))
    problems.push('details must be a JSON object');
  if (problems.length) throw new Error(`Audit event "${event.action}" not recorded: ${problems.join('; ')}`);
}
