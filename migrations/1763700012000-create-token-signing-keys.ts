import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { portable } from './support';

/**
 * Keys that sign access tokens (ES256/RS256), private keys sealed. `current_for` holds the algorithm of the current
 * key and is unique (NULLs do not collide on either database), so racing first starts cannot add two current keys.
 */
export class CreateTokenSigningKeys1763700012000 implements MigrationInterface {
  name = 'CreateTokenSigningKeys1763700012000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = portable(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'token_signing_keys',
        columns: [
          c.text('kid', 64, { isPrimary: true }),
          c.text('algorithm', 8),
          c.longText('public_jwk'),
          c.longText('sealed_private_key'),
          c.timestamp('created_at'),
          c.text('current_for', 8, { isNullable: true, isUnique: true }),
          c.timestamp('retires_at', { isNullable: true }),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('token_signing_keys');
  }
}
