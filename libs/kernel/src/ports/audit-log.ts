/*
 * Port offered by audit: TypeormAuditLog (libs/audit/src/repositories/typeorm-audit-log.ts).
 * Used by signing (SigningAudit, libs/signing/src/interactors/shared/signing-audit.ts).
 * Bound in apps/api/src/context-ports.module.ts.
 */

/** An event to record: who did what to which object. */
export interface NewAuditEvent {
  actorId: string | null;
  /** Dotted verb such as `signing.sign` or `signing.sign-batch`. */
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  /** Plain JSON; never secrets, passwords, keys or file contents. */
  details: Record<string, unknown>;
}

/** Records audit events for every context. The class is the DI token. */
export abstract class AuditLog {
  /**
   * Commits the event on its own, whatever happens to the caller's work; call it outside runInTransaction
   * (on SQLite, where transactions queue, recording from inside one would wait for that one forever).
   */
  abstract record(event: NewAuditEvent): Promise<void>;
}
