import { AuditAction, AuditLog, NewAuditEvent } from '@keyward/kernel';

/** Keeps what interactors record; `failing` makes recording throw as a store that is down would. */
export class RecordingAuditLog extends AuditLog {
  readonly events: NewAuditEvent[] = [];
  failing = false;
  async record(event: NewAuditEvent): Promise<void> {
    if (this.failing) throw new Error('audit store down');
    this.events.push(event);
  }

  /** The events of one action, in the order they were recorded. */
  of(action: AuditAction): NewAuditEvent[] {
    return this.events.filter((event) => event.action === action);
  }
}
