import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { portable } from './support';

export class CreateIdentity1763700001000 implements MigrationInterface {
  name = 'CreateIdentity1763700001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = portable(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          c.uuid('id', { isPrimary: true }),
          c.text('email', 320, { isUnique: true }),
          c.text('name', 200, { isNullable: true }),
          c.text('password_hash', 255),
          c.boolean('active', { default: true }),
          c.timestamp('created_at'),
          c.timestamp('updated_at'),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'user_roles',
        columns: [c.uuid('user_id', { isPrimary: true }), c.text('role', 64, { isPrimary: true })],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [new TableIndex({ name: 'idx_user_roles_role', columnNames: ['role'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          c.uuid('id', { isPrimary: true }),
          c.uuid('user_id'),
          c.text('name', 100),
          c.text('prefix', 16),
          c.text('key_hash', 64, { isUnique: true }),
          c.boolean('active', { default: true }),
          c.timestamp('created_at'),
          c.timestamp('last_used_at', { isNullable: true }),
          c.timestamp('expires_at', { isNullable: true }),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [new TableIndex({ name: 'idx_api_keys_user_id', columnNames: ['user_id'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('api_keys');
    await queryRunner.dropTable('user_roles');
    await queryRunner.dropTable('users');
  }
}
