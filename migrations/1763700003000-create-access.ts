import { randomUUID } from 'node:crypto';
import { MigrationInterface, QueryRunner, Table, TableForeignKey, TableIndex, TableUnique } from 'typeorm';
import { portable } from './support';

// The built-in roles as this migration creates them (later changes go in later migrations). Admin's stored
// permissions are informative only: the code grants admin the whole catalogue.
const BUILT_IN_ROLES = [
  {
    name: 'admin',
    description: 'Everything',
    permissions: [
      'admin:access',
      'audit:read',
      'authz:check',
      'groups:manage',
      'metrics:read',
      'resources:manage',
      'roles:manage',
      'secrets:read',
      'signing:manage',
      'signing:sign',
      'teams:manage',
      'users:read',
      'users:write',
    ],
  },
  { name: 'user', description: 'Self-service: own profile, sessions, API keys, teams and resources', permissions: [] },
  { name: 'signer', description: 'Sign with the signing keys one may use', permissions: ['signing:sign'] },
];

// Through the entities (by table name), which convert dates to each dialect's timestamp format.
async function seedBuiltInRoles(queryRunner: QueryRunner): Promise<void> {
  const now = new Date();
  for (const role of BUILT_IN_ROLES) {
    const id = randomUUID();
    await queryRunner.manager.insert('roles', {
      id,
      name: role.name,
      description: role.description,
      builtIn: true,
      createdAt: now,
      updatedAt: now,
    });
    for (const permission of role.permissions)
      await queryRunner.manager.insert('role_permissions', { roleId: id, permission });
  }
}

const fk = (column: string, table: string, onDelete: 'CASCADE' | 'SET NULL' = 'CASCADE') =>
  new TableForeignKey({ columnNames: [column], referencedTableName: table, referencedColumnNames: ['id'], onDelete });

export class CreateAccess1763700003000 implements MigrationInterface {
  name = 'CreateAccess1763700003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = portable(queryRunner);
    const named = (table: string) => [
      c.uuid('id', { isPrimary: true }),
      c.text('name', table === 'roles' ? 64 : 100, { isUnique: true }),
      c.text('description', 500, { isNullable: true }),
    ];
    const stamps = [c.timestamp('created_at'), c.timestamp('updated_at')];
    await queryRunner.createTable(
      new Table({ name: 'roles', columns: [...named('roles'), c.boolean('built_in', { default: false }), ...stamps] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'role_permissions',
        columns: [c.uuid('role_id', { isPrimary: true }), c.text('permission', 64, { isPrimary: true })],
        foreignKeys: [fk('role_id', 'roles')],
      }),
    );
    await queryRunner.createTable(new Table({ name: 'teams', columns: [...named('teams'), ...stamps] }));
    await queryRunner.createTable(
      new Table({
        name: 'team_members',
        columns: [
          c.uuid('team_id', { isPrimary: true }),
          c.uuid('user_id', { isPrimary: true }),
          c.text('role', 16),
          c.timestamp('joined_at'),
        ],
        foreignKeys: [fk('team_id', 'teams'), fk('user_id', 'users')],
        indices: [new TableIndex({ name: 'idx_team_members_user_id', columnNames: ['user_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'team_roles',
        columns: [c.uuid('team_id', { isPrimary: true }), c.uuid('role_id', { isPrimary: true })],
        foreignKeys: [fk('team_id', 'teams'), fk('role_id', 'roles')],
        indices: [new TableIndex({ name: 'idx_team_roles_role_id', columnNames: ['role_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({ name: 'visibility_groups', columns: [...named('visibility_groups'), ...stamps] }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'group_members',
        columns: [
          c.uuid('id', { isPrimary: true }),
          c.uuid('group_id'),
          c.uuid('user_id', { isNullable: true }),
          c.uuid('team_id', { isNullable: true }),
          c.timestamp('added_at'),
        ],
        foreignKeys: [fk('group_id', 'visibility_groups'), fk('user_id', 'users'), fk('team_id', 'teams')],
        uniques: [
          new TableUnique({ name: 'uq_group_members_user', columnNames: ['group_id', 'user_id'] }),
          new TableUnique({ name: 'uq_group_members_team', columnNames: ['group_id', 'team_id'] }),
        ],
        indices: [
          new TableIndex({ name: 'idx_group_members_user_id', columnNames: ['user_id'] }),
          new TableIndex({ name: 'idx_group_members_team_id', columnNames: ['team_id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'resources',
        columns: [
          c.uuid('id', { isPrimary: true }),
          c.text('type', 100),
          c.text('name', 200),
          c.uuid('owner_team_id', { isNullable: true }),
          c.uuid('created_by', { isNullable: true }),
          c.text('system_key', 320, { isNullable: true, isUnique: true }),
          c.longText('attributes'),
          ...stamps,
        ],
        foreignKeys: [fk('owner_team_id', 'teams', 'SET NULL'), fk('created_by', 'users', 'SET NULL')],
        indices: [
          new TableIndex({ name: 'idx_resources_type_created_at', columnNames: ['type', 'created_at'] }),
          new TableIndex({ name: 'idx_resources_created_at_id', columnNames: ['created_at', 'id'] }),
          new TableIndex({ name: 'idx_resources_owner_team_id', columnNames: ['owner_team_id'] }),
          new TableIndex({ name: 'idx_resources_created_by', columnNames: ['created_by'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'resource_groups',
        columns: [c.uuid('resource_id', { isPrimary: true }), c.uuid('group_id', { isPrimary: true })],
        foreignKeys: [fk('resource_id', 'resources'), fk('group_id', 'visibility_groups')],
        indices: [new TableIndex({ name: 'idx_resource_groups_group_id', columnNames: ['group_id'] })],
      }),
    );
    await seedBuiltInRoles(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'resource_groups',
      'resources',
      'group_members',
      'visibility_groups',
      'team_roles',
      'team_members',
      'teams',
      'role_permissions',
      'roles',
    ])
      await queryRunner.dropTable(table);
  }
}
