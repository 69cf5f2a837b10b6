import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex } from 'typeorm';
import { portable } from './support';

/** Tables of the embedded session store (libs/core/src/session/embedded). */
export class CreateSessions1763700000000 implements MigrationInterface {
  name = 'CreateSessions1763700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = portable(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'sessions',
        columns: [
          c.uuid('id', { isPrimary: true }),
          c.uuid('user_id'),
          c.text('refresh_token_hash', 64),
          c.text('ip', 64, { isNullable: true }),
          c.text('user_agent', 512, { isNullable: true }),
          c.timestamp('created_at'),
          c.timestamp('last_seen_at'),
          c.timestamp('absolute_expires_at'),
          c.timestamp('idle_expires_at'),
        ],
      }),
    );
    await queryRunner.createIndex(
      'sessions',
      new TableIndex({ name: 'IDX_sessions_user_id', columnNames: ['user_id'] }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'session_rotated_refresh_tokens',
        columns: [c.text('token_hash', 64, { isPrimary: true }), c.uuid('session_id')],
      }),
    );
    await queryRunner.createIndex(
      'session_rotated_refresh_tokens',
      new TableIndex({ name: 'IDX_session_rotated_refresh_tokens_session_id', columnNames: ['session_id'] }),
    );
    await queryRunner.createForeignKey(
      'session_rotated_refresh_tokens',
      new TableForeignKey({
        name: 'FK_session_rotated_refresh_tokens_session_id',
        columnNames: ['session_id'],
        referencedTableName: 'sessions',
        referencedColumnNames: ['id'],
        onDelete: 'CASCADE',
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Dropping the table drops its index and foreign key on both dialects.
    await queryRunner.dropTable('session_rotated_refresh_tokens');
    await queryRunner.dropTable('sessions');
  }
}
