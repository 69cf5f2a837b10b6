import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { AuditVia } from '@keyward/kernel';
import { OutsideAccessCache } from '@keyward/core';

// Each index serves one filter of GET /audit, newest first; seq is the chain's order (audit:verify walks it).
@OutsideAccessCache()
@Entity('audit_events')
@Index('idx_audit_events_actor_id_at', ['actorId', 'at'])
@Index('idx_audit_events_action_at', ['action', 'at'])
@Index('idx_audit_events_target_at', ['targetType', 'targetId', 'at'])
export class AuditEventEntity {
  @PrimaryColumn('uuid')
  id!: string;

  // Unique: two writers that read the same chain head cannot both append after it.
  @Index('uq_audit_events_seq', { unique: true })
  @Column({ type: 'integer' })
  seq!: number;

  @Index('idx_audit_events_at')
  @Column()
  at!: Date;

  // No foreign key: events outlive the users they name.
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ type: 'varchar', length: 100 })
  action!: string;

  @Column({ name: 'target_type', type: 'varchar', length: 64, nullable: true })
  targetType!: string | null;

  @Column({ name: 'target_id', type: 'varchar', length: 255, nullable: true })
  targetId!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  via!: AuditVia | null;

  // JSON as text on both dialects (see migrations/support.ts json()).
  @Column({ type: 'simple-json' })
  details!: Record<string, unknown>;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64 })
  prevHash!: string;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}

/**
 * The last event of the chain, in one row (id 1). Appending locks this row first, so concurrent writers, in this
 * process or another, append one after the other; audit:verify also checks that no event after it was removed.
 */
@OutsideAccessCache()
@Entity('audit_chain_head')
export class AuditChainHeadEntity {
  @PrimaryColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'varchar', length: 64 })
  hash!: string;
}
