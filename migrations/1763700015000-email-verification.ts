import { MigrationInterface, QueryRunner, Table, TableColumn, TableForeignKey, TableIndex } from 'typeorm';
import { portable } from './support';

/**
 * Users gain `email_verified` (existing accounts start unverified), and the single-use tokens that mails carry:
 * password reset and email verification links, kept only as SHA-256 hashes.
 */
export class EmailVerification1763700015000 implements MigrationInterface {
  name = 'EmailVerification1763700015000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = portable(queryRunner);
    await queryRunner.addColumn('users', new TableColumn(c.boolean('email_verified', { default: false })));
    await queryRunner.createTable(
      new Table({
        name: 'email_tokens',
        columns: [
          c.uuid('id', { isPrimary: true }),
          c.uuid('user_id'),
          c.text('purpose', 32),
          c.text('token_hash', 64, { isUnique: true }),
          c.text('email', 320),
          c.timestamp('created_at'),
          c.timestamp('expires_at'),
        ],
        foreignKeys: [
          new TableForeignKey({
            columnNames: ['user_id'],
            referencedTableName: 'users',
            referencedColumnNames: ['id'],
            onDelete: 'CASCADE',
          }),
        ],
        indices: [new TableIndex({ name: 'idx_email_tokens_user_purpose', columnNames: ['user_id', 'purpose'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('email_tokens');
    await queryRunner.dropColumn('users', 'email_verified');
  }
}
