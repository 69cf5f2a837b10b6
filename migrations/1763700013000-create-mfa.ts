import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { portable } from './support';

const ownedByUser = () =>
  new TableForeignKey({
    columnNames: ['user_id'],
    referencedTableName: 'users',
    referencedColumnNames: ['id'],
    onDelete: 'CASCADE',
  });

/** TOTP factors, recovery codes (hashed) and logins waiting for their second factor (token hashed). */
export class CreateMfa1763700013000 implements MigrationInterface {
  name = 'CreateMfa1763700013000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = portable(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'mfa_totp',
        columns: [
          c.uuid('user_id', { isPrimary: true }),
          c.text('encrypted_secret', 255),
          c.timestamp('enabled_at', { isNullable: true }),
          c.integer('last_used_step', { isNullable: true }),
          c.timestamp('created_at'),
        ],
        foreignKeys: [ownedByUser()],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'mfa_recovery_codes',
        columns: [c.uuid('user_id', { isPrimary: true }), c.text('code_hash', 64, { isPrimary: true })],
        foreignKeys: [ownedByUser()],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'mfa_challenges',
        columns: [c.text('token_hash', 64, { isPrimary: true }), c.uuid('user_id'), c.timestamp('expires_at')],
        foreignKeys: [ownedByUser()],
        indices: [new TableIndex({ name: 'idx_mfa_challenges_expires_at', columnNames: ['expires_at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('mfa_challenges');
    await queryRunner.dropTable('mfa_recovery_codes');
    await queryRunner.dropTable('mfa_totp');
  }
}
