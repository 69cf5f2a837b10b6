import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { UserEntity } from './user.entity';

/** PostgreSQL returns bigint as a string; counters fit in a JavaScript number. */
const bigintAsNumber = { to: (value: number) => value, from: (value: string | number) => Number(value) };

@Entity('passkeys')
export class PasskeyEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Index('idx_passkeys_user_id')
  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'credential_id', type: 'varchar', length: 1400, unique: true })
  credentialId!: string;

  @Column({ name: 'public_key', type: 'text' })
  publicKey!: string;

  @Column({ type: 'bigint', default: 0, transformer: bigintAsNumber })
  counter!: number;

  /** Comma-separated transport names (internal, hybrid, usb...). */
  @Column({ type: 'varchar', length: 200 })
  transports!: string;

  @Column({ name: 'device_type', type: 'varchar', length: 32 })
  deviceType!: string;

  @Column({ name: 'backed_up', type: 'boolean', default: false })
  backedUp!: boolean;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'last_used_at', type: Date, nullable: true })
  lastUsedAt!: Date | null;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: Relation<UserEntity>;
}
