import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';
import { portable } from './support';

/**
 * API keys gain an optional scope: a JSON list of permission names. Existing keys keep null, which means all of
 * their owner's permissions, so nothing they could do changes.
 */
export class ScopeApiKeys1763700016000 implements MigrationInterface {
  name = 'ScopeApiKeys1763700016000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = portable(queryRunner);
    await queryRunner.addColumn('api_keys', new TableColumn(c.json('permissions', { isNullable: true })));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('api_keys', 'permissions');
  }
}
