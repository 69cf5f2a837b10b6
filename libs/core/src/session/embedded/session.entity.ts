import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { OutsideAccessCache } from '../../access-cache/outside-access-cache';

/** Row of the embedded session store. No foreign key to users: core must not know identity's tables. */
@OutsideAccessCache()
@Entity({ name: 'sessions' })
@Index('IDX_sessions_user_id', ['userId'])
export class SessionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'user_id' })
  userId!: string;

  @Column({ type: 'varchar', length: 64, name: 'refresh_token_hash' })
  refreshTokenHash!: string;

  // Room for an IPv6 address with a zone index.
  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ type: 'varchar', length: 512, name: 'user_agent', nullable: true })
  userAgent!: string | null;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'last_seen_at' })
  lastSeenAt!: Date;

  @Column({ name: 'absolute_expires_at' })
  absoluteExpiresAt!: Date;

  @Column({ name: 'idle_expires_at' })
  idleExpiresAt!: Date;
}
