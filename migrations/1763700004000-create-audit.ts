import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { portable } from './support';

export class CreateAudit1763700004000 implements MigrationInterface {
  name = 'CreateAudit1763700004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = portable(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'audit_events',
        columns: [
          c.uuid('id', { isPrimary: true }),
          c.timestamp('at'),
          // No foreign key to users: events outlive the accounts they name.
          c.uuid('actor_id', { isNullable: true }),
          c.text('action', 100),
          c.text('target_type', 64, { isNullable: true }),
          c.text('target_id', 255, { isNullable: true }),
          c.text('ip', 64, { isNullable: true }),
          c.json('details'),
        ],
        indices: [
          new TableIndex({ name: 'idx_audit_events_at', columnNames: ['at'] }),
          new TableIndex({ name: 'idx_audit_events_actor_id_at', columnNames: ['actor_id', 'at'] }),
          new TableIndex({ name: 'idx_audit_events_action_at', columnNames: ['action', 'at'] }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_events');
  }
}
