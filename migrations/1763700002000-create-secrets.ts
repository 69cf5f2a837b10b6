import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { portable } from './support';

export class CreateSecrets1763700002000 implements MigrationInterface {
  name = 'CreateSecrets1763700002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = portable(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'secrets',
        columns: [
          c.uuid('id', { isPrimary: true }),
          c.text('lookup_hash', 64, { isUnique: true }),
          // No foreign key to users: the secrets context does not reach into identity's tables.
          c.uuid('creator_id', { isNullable: true }),
          c.longText('ciphertext', { isNullable: true }),
          c.text('nonce', 32, { isNullable: true }),
          c.text('salt', 32, { isNullable: true }),
          c.text('kdf', 64, { isNullable: true }),
          c.integer('failed_attempts', { default: 0 }),
          c.timestamp('created_at'),
          c.timestamp('expires_at'),
          c.timestamp('revealed_at', { isNullable: true }),
          c.timestamp('burned_at', { isNullable: true }),
        ],
        indices: [
          new TableIndex({ name: 'idx_secrets_creator_id', columnNames: ['creator_id'] }),
          new TableIndex({ name: 'idx_secrets_expires_at', columnNames: ['expires_at'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('secrets');
  }
}
