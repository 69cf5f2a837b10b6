import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { portable } from './support';

export class CreatePasskeys1763700014000 implements MigrationInterface {
  name = 'CreatePasskeys1763700014000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = portable(queryRunner);
    const owner = () =>
      new TableForeignKey({
        columnNames: ['user_id'],
        referencedTableName: 'users',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      });
    await queryRunner.createTable(
      new Table({
        name: 'passkeys',
        columns: [
          c.uuid('id', { isPrimary: true }),
          c.uuid('user_id'),
          c.text('name', 100),
          c.text('credential_id', 1400, { isUnique: true }),
          c.longText('public_key'),
          // Signature counters are unsigned 32-bit: past PostgreSQL's integer.
          { name: 'counter', type: 'bigint', default: 0 },
          c.text('transports', 200),
          c.text('device_type', 32),
          c.boolean('backed_up', { default: false }),
          c.timestamp('created_at'),
          c.timestamp('last_used_at', { isNullable: true }),
        ],
        foreignKeys: [owner()],
        indices: [new TableIndex({ name: 'idx_passkeys_user_id', columnNames: ['user_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'passkey_challenges',
        columns: [
          c.uuid('id', { isPrimary: true }),
          c.text('purpose', 16),
          c.text('challenge', 128),
          c.uuid('user_id', { isNullable: true }),
          c.boolean('for_account', { default: false }),
          c.timestamp('expires_at'),
        ],
        foreignKeys: [owner()],
        indices: [
          new TableIndex({ name: 'idx_passkey_challenges_user_id', columnNames: ['user_id'] }),
          new TableIndex({ name: 'idx_passkey_challenges_expires_at', columnNames: ['expires_at'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('passkey_challenges');
    await queryRunner.dropTable('passkeys');
  }
}
