import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { OutsideAccessCache } from '@keyward/core';

@OutsideAccessCache()
@Entity('secrets')
export class SecretEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'lookup_hash', type: 'varchar', length: 64, unique: true })
  lookupHash!: string;

  @Index('idx_secrets_creator_id')
  @Column({ name: 'creator_id', type: 'uuid', nullable: true })
  creatorId!: string | null;

  @Column({ type: 'text', nullable: true })
  ciphertext!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  nonce!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  salt!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  kdf!: string | null;

  @Column({ name: 'failed_attempts', type: 'integer', default: 0 })
  failedAttempts!: number;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  @Index('idx_secrets_expires_at')
  @Column({ name: 'expires_at' })
  expiresAt!: Date;

  @Column({ name: 'revealed_at', type: Date, nullable: true })
  revealedAt!: Date | null;

  @Column({ name: 'burned_at', type: Date, nullable: true })
  burnedAt!: Date | null;
}
