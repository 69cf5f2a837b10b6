import { MigrationInterface, QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { chainHash, GENESIS_HASH } from '../libs/audit/src/domain/audit-chain';
import { portable } from './support';

interface LegacyRow {
  id: string;
  at: Date | string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  details: string;
}

/**
 * Audit events gain the request id, where they came from, and a hash chain: a sequence number, the previous
 * event's hash and their own. Events recorded before this are chained in the order they happened.
 */
export class ChainAuditEvents1763700011000 implements MigrationInterface {
  name = 'ChainAuditEvents1763700011000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = portable(queryRunner);
    await queryRunner.addColumns('audit_events', [
      new TableColumn(c.integer('seq', { isNullable: true })),
      new TableColumn(c.text('request_id', 128, { isNullable: true })),
      new TableColumn(c.text('via', 16, { isNullable: true })),
      new TableColumn(c.text('prev_hash', 64, { isNullable: true })),
      new TableColumn(c.text('hash', 64, { isNullable: true })),
    ]);
    const head = await this.chainExisting(queryRunner);
    const p = placeholders(queryRunner);
    for (const name of ['seq', 'prev_hash', 'hash']) {
      const table = await queryRunner.getTable('audit_events');
      const column = table!.findColumnByName(name)!;
      await queryRunner.changeColumn('audit_events', column, new TableColumn({ ...column, isNullable: false }));
    }
    await queryRunner.createIndices('audit_events', [
      new TableIndex({ name: 'uq_audit_events_seq', columnNames: ['seq'], isUnique: true }),
      new TableIndex({ name: 'idx_audit_events_target_at', columnNames: ['target_type', 'target_id', 'at'] }),
    ]);
    await queryRunner.createTable(
      new Table({
        name: 'audit_chain_head',
        columns: [c.integer('id', { isPrimary: true }), c.integer('seq'), c.text('hash', 64)],
      }),
    );
    await queryRunner.query(`INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, ${p(1)}, ${p(2)})`, [
      head.seq,
      head.hash,
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('audit_chain_head');
    await queryRunner.dropIndex('audit_events', 'idx_audit_events_target_at');
    await queryRunner.dropIndex('audit_events', 'uq_audit_events_seq');
    for (const name of ['hash', 'prev_hash', 'via', 'request_id', 'seq'])
      await queryRunner.dropColumn('audit_events', name);
  }

  /** Chains the events recorded so far, oldest first; returns the head. */
  private async chainExisting(queryRunner: QueryRunner): Promise<{ seq: number; hash: string }> {
    const p = placeholders(queryRunner);
    // Plain SQL: the entities describe the schema after this migration, not the one it starts from.
    const rows: LegacyRow[] = await queryRunner.query(
      'SELECT id, at, actor_id, action, target_type, target_id, ip, details FROM audit_events ORDER BY at, id',
    );
    let head = { seq: 0, hash: GENESIS_HASH };
    for (const row of rows) {
      const seq = head.seq + 1;
      const at = row.at instanceof Date ? row.at : new Date(`${row.at.replace(' ', 'T')}Z`);
      const hash = chainHash(head.hash, {
        seq,
        id: row.id,
        at,
        actorId: row.actor_id,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        ip: row.ip,
        requestId: null,
        via: null,
        details: JSON.parse(row.details) as Record<string, unknown>,
      });
      await queryRunner.query(
        `UPDATE audit_events SET seq = ${p(1)}, prev_hash = ${p(2)}, hash = ${p(3)} WHERE id = ${p(4)}`,
        [seq, head.hash, hash, row.id],
      );
      head = { seq, hash };
    }
    return head;
  }
}

/** The n-th query parameter in this dialect's syntax. */
function placeholders(queryRunner: QueryRunner): (n: number) => string {
  return queryRunner.connection.options.type === 'postgres' ? (n) => `$${n}` : () => '?';
}
