import { Column, Entity, PrimaryColumn } from 'typeorm';
import { OutsideAccessCache } from '@keyward/core';

@OutsideAccessCache()
@Entity('token_signing_keys')
export class TokenSigningKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  kid!: string;

  @Column({ type: 'varchar', length: 8 })
  algorithm!: string;

  @Column({ name: 'public_jwk', type: 'text' })
  publicJwk!: string;

  @Column({ name: 'sealed_private_key', type: 'text' })
  sealedPrivateKey!: string;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  /** The algorithm while this key is current, else null: unique, so two processes cannot both add a current key. */
  @Column({ name: 'current_for', type: 'varchar', length: 8, nullable: true, unique: true })
  currentFor!: string | null;

  @Column({ name: 'retires_at', type: Date, nullable: true })
  retiresAt!: Date | null;
}
