/*
 * Port offered by audit: TypeormAuditLog (libs/audit/src/repositories/typeorm-audit-log.ts).
 * Used by the interactors of every context that records a security event: identity (logins, sessions, accounts,
 * API keys), access (roles, teams, groups, resources, refused grants), secrets (create, reveal, burn) and signing
 * (SigningAudit, libs/signing/src/interactors/commands/signing-audit.ts). The actions are in
 * libs/kernel/src/audit/audit-actions.ts.
 * Bound in apps/api/src/context-ports.module.ts.
 */
import { AuditAction } from '../audit/audit-actions';

/** An event to record: who did what to which object. */
export interface NewAuditEvent {
  actorId: string | null;
  action: AuditAction;
  targetType: string | null;
  targetId: string | null;
  /**
   * The client's address and the request's X-Request-Id. Left out, they are taken from the request being served
   * (libs/core request context), so interactors need not carry them.
   */
  ip?: string | null;
  requestId?: string | null;
  /** Plain JSON; never secrets, passwords, tokens, keys, passphrases or file contents. */
  details: Record<string, unknown>;
}

/** Records audit events for every context. The class is the DI token. */
export abstract class AuditLog {
  /**
   * Commits the event on its own, whatever happens to the caller's work, and chains it to the one before; call
   * it after the work committed and outside runInTransaction (on SQLite, where transactions queue, recording from
   * inside one would wait for that one forever).
   */
  abstract record(event: NewAuditEvent): Promise<void>;
}
