import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource, In } from 'typeorm';
import { isUniqueViolation, runInTransaction } from '@keyward/core';
import { Page, PageRequest } from '@keyward/kernel';
import { NameTakenError } from '../domain/access-errors';
import { BuiltInRole } from '../domain/built-in-roles';
import { RoleRepository } from '../domain/ports';
import { Role, RoleGrant } from '../domain/role';
import { RoleEntity, RolePermissionEntity } from './role.entities';

// Both kinds of grant in one statement: it runs on every permission check.
const GRANTS_VIA_TEAMS = `SELECT r.name AS role, rp.permission AS permission, t.id AS "teamId", t.name AS "teamName"
  FROM team_members tm
  JOIN team_roles tr ON tr.team_id = tm.team_id
  JOIN teams t ON t.id = tm.team_id
  JOIN roles r ON r.id = tr.role_id
  LEFT JOIN role_permissions rp ON rp.role_id = r.id`;
const GRANTS_OWN = `SELECT r.name, rp.permission, NULL, NULL FROM roles r LEFT JOIN role_permissions rp ON rp.role_id = r.id`;

interface GrantRow {
  role: string;
  permission: string | null;
  teamId: string | null;
  teamName: string | null;
}

@Injectable()
export class TypeormRoleRepository extends RoleRepository {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async list(page: PageRequest): Promise<Page<Role>> {
    const [rows, total] = await this.dataSource
      .getRepository(RoleEntity)
      .createQueryBuilder('r')
      .orderBy('r.name', 'ASC')
      .skip(page.offset)
      .take(page.limit)
      .getManyAndCount();
    return { items: await this.withPermissions(rows), total, limit: page.limit, offset: page.offset };
  }

  async findById(id: string): Promise<Role | null> {
    const row = await this.dataSource.getRepository(RoleEntity).findOneBy({ id });
    return row ? (await this.withPermissions([row]))[0] : null;
  }

  async findByNames(names: string[]): Promise<Role[]> {
    if (!names.length) return [];
    return this.withPermissions(await this.dataSource.getRepository(RoleEntity).findBy({ name: In(names) }));
  }

  async create(role: Role): Promise<void> {
    await translateNameConflict(() =>
      runInTransaction(this.dataSource, async (manager) => {
        await manager.insert(RoleEntity, toRow(role));
        await insertPermissions(manager.getRepository(RolePermissionEntity), role);
      }),
    );
  }

  async update(role: Role): Promise<void> {
    await translateNameConflict(() =>
      runInTransaction(this.dataSource, async (manager) => {
        await manager.update(RoleEntity, { id: role.id }, toRow(role));
        await manager.delete(RolePermissionEntity, { roleId: role.id });
        await insertPermissions(manager.getRepository(RolePermissionEntity), role);
      }),
    );
  }

  async delete(id: string): Promise<boolean> {
    const result = await runInTransaction(this.dataSource, (manager) => manager.delete(RoleEntity, { id }));
    return (result.affected ?? 0) > 0;
  }

  async ensureBuiltIn(roles: readonly BuiltInRole[], now: Date): Promise<string[]> {
    const created: string[] = [];
    for (const builtIn of roles) {
      const role: Role = {
        id: randomUUID(),
        name: builtIn.name,
        description: builtIn.description,
        builtIn: true,
        permissions: [...builtIn.permissions],
        createdAt: now,
        updatedAt: now,
      };
      try {
        await runInTransaction(this.dataSource, async (manager) => {
          if (await manager.existsBy(RoleEntity, { name: role.name })) return;
          await manager.insert(RoleEntity, toRow(role));
          await insertPermissions(manager.getRepository(RolePermissionEntity), role);
          created.push(role.name);
        });
      } catch (error) {
        // Another process created it between the check and the insert.
        if (!isUniqueViolation(error)) throw error;
      }
    }
    return created;
  }

  async grantsOf(userId: string, ownRoles: readonly string[]): Promise<RoleGrant[]> {
    const rows: GrantRow[] =
      this.dataSource.options.type === 'postgres'
        ? await this.preparedGrants(userId, ownRoles)
        : await this.dataSource.query(
            `${GRANTS_VIA_TEAMS} WHERE tm.user_id = ? UNION ALL ${GRANTS_OWN} WHERE r.name IN (SELECT value FROM json_each(?))`,
            [userId, JSON.stringify(ownRoles)],
          );
    const grants = new Map<string, RoleGrant & { permissions: string[] }>();
    for (const row of rows) {
      const key = `${row.teamId ?? ''}/${row.role}`;
      let grant = grants.get(key);
      if (!grant) {
        grant = { role: row.role, permissions: [], team: row.teamId ? { id: row.teamId, name: row.teamName! } : null };
        grants.set(key, grant);
      }
      if (row.permission) grant.permissions.push(row.permission);
    }
    return [...grants.values()];
  }

  /**
   * On PostgreSQL, planning this join costs more than running it; a named prepared statement is planned once per
   * pooled connection (measured with bench/access.bench.mjs). TypeORM cannot name statements, so this goes to
   * its pg pool directly; the pool's connections carry the same settings (statement_timeout, application_name).
   */
  private async preparedGrants(userId: string, ownRoles: readonly string[]): Promise<GrantRow[]> {
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const result = await pool.query<GrantRow>({
      name: 'keyward_role_grants',
      text: `${GRANTS_VIA_TEAMS} WHERE tm.user_id = $1 UNION ALL ${GRANTS_OWN} WHERE r.name = ANY($2::varchar[])`,
      values: [userId, [...ownRoles]],
    });
    return result.rows;
  }

  private async withPermissions(rows: RoleEntity[]): Promise<Role[]> {
    const permissions = rows.length
      ? await this.dataSource.getRepository(RolePermissionEntity).findBy({ roleId: In(rows.map((r) => r.id)) })
      : [];
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      description: row.description,
      builtIn: row.builtIn,
      permissions: permissions
        .filter((p) => p.roleId === row.id)
        .map((p) => p.permission)
        .sort(),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    }));
  }
}

function toRow(role: Role): RoleEntity {
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    builtIn: role.builtIn,
    createdAt: role.createdAt,
    updatedAt: role.updatedAt,
  };
}

async function insertPermissions(
  repository: { insert(rows: RolePermissionEntity[]): Promise<unknown> },
  role: Role,
): Promise<void> {
  const rows = [...new Set(role.permissions)].map((permission) => ({ roleId: role.id, permission }));
  if (rows.length) await repository.insert(rows);
}

async function translateNameConflict<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw new NameTakenError('role');
    throw error;
  }
}
