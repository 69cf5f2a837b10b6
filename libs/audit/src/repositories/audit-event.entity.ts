import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

// Each index serves one filter of GET /audit, newest first.
@Entity('audit_events')
@Index('idx_audit_events_actor_id_at', ['actorId', 'at'])
@Index('idx_audit_events_action_at', ['action', 'at'])
export class AuditEventEntity {
  @PrimaryColumn('uuid')
  id!: string;

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

  // JSON as text on both dialects (see migrations/support.ts json()).
  @Column({ type: 'simple-json' })
  details!: Record<string, unknown>;
}
