import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { SessionEntity } from './session.entity';
import { OutsideAccessCache } from '../../access-cache/outside-access-cache';

/** A refresh hash that was current once and has been rotated away; presenting it again means the token leaked. */
@OutsideAccessCache()
@Entity({ name: 'session_rotated_refresh_tokens' })
@Index('IDX_session_rotated_refresh_tokens_session_id', ['sessionId'])
export class RotatedRefreshTokenEntity {
  // Hashes of 256-bit random tokens do not collide, so the hash alone identifies the row.
  @PrimaryColumn({ type: 'varchar', length: 64, name: 'token_hash' })
  tokenHash!: string;

  @Column('uuid', { name: 'session_id' })
  sessionId!: string;

  // Deleting a session takes its rotated hashes with it.
  @ManyToOne(() => SessionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'FK_session_rotated_refresh_tokens_session_id' })
  session?: SessionEntity;
}
