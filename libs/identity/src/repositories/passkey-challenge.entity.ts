import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { UserEntity } from './user.entity';
import { OutsideAccessCache } from '@keyward/core';

@OutsideAccessCache()
@Entity('passkey_challenges')
export class PasskeyChallengeEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 16 })
  purpose!: 'registration' | 'authentication';

  @Column({ type: 'varchar', length: 128 })
  challenge!: string;

  @Index('idx_passkey_challenges_user_id')
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ name: 'for_account', type: 'boolean', default: false })
  forAccount!: boolean;

  @Index('idx_passkey_challenges_expires_at')
  @Column({ name: 'expires_at' })
  expiresAt!: Date;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;
}
