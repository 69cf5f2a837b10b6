import { Injectable } from '@nestjs/common';
import { DataSource, In, Repository } from 'typeorm';
import { isForeignKeyViolation, isUniqueViolation, replaceRows, runInTransaction } from '@keyward/core';
import { NotFoundError, Page, PageRequest } from '@keyward/kernel';
import { EmailTakenError } from '../domain/identity-errors';
import { UserRepository } from '../domain/ports';
import { User } from '../domain/user';
import { UserRoleEntity } from './user-role.entity';
import { UserEntity } from './user.entity';

@Injectable()
export class TypeormUserRepository extends UserRepository {
  private readonly users: Repository<UserEntity>;
  private readonly roles: Repository<UserRoleEntity>;

  constructor(private readonly dataSource: DataSource) {
    super();
    this.users = dataSource.getRepository(UserEntity);
    this.roles = dataSource.getRepository(UserRoleEntity);
  }

  async create(user: User): Promise<void> {
    await this.translateConflicts(() =>
      runInTransaction(this.dataSource, async (manager) => {
        await manager.insert(UserEntity, toRow(user));
        if (user.roles.length)
          await manager.insert(
            UserRoleEntity,
            user.roles.map((role) => ({ userId: user.id, role })),
          );
      }),
    );
  }

  async findById(id: string): Promise<User | null> {
    return this.findOneWithRoles('u.id = :id', { id });
  }

  async findByEmail(normalizedEmail: string): Promise<User | null> {
    return this.findOneWithRoles('u.email = :email', { email: normalizedEmail });
  }

  async list(filter: { email?: string }, page: PageRequest): Promise<Page<User>> {
    const query = this.users.createQueryBuilder('u').orderBy('u.created_at', 'ASC').addOrderBy('u.id', 'ASC');
    if (filter.email) {
      const escaped = filter.email
        .trim()
        .toLowerCase()
        .replace(/[\\%_]/g, (c) => `\\${c}`);
      query.where("u.email LIKE :pattern ESCAPE '\\'", { pattern: `%${escaped}%` });
    }
    const [rows, total] = await query.skip(page.offset).take(page.limit).getManyAndCount();
    const roles = rows.length ? await this.roles.findBy({ userId: In(rows.map((r) => r.id)) }) : [];
    const items = rows.map((row) =>
      toUser(
        row,
        roles.filter((r) => r.userId === row.id).map((r) => r.role),
      ),
    );
    return { items, total, limit: page.limit, offset: page.offset };
  }

  async update(user: User): Promise<void> {
    await this.translateConflicts(() => this.users.update({ id: user.id }, toRow(user)));
  }

  async setRoles(userId: string, roles: string[]): Promise<void> {
    try {
      await replaceRows(
        this.dataSource,
        UserRoleEntity,
        { userId },
        roles.map((role) => ({ userId, role })),
      );
    } catch (error) {
      // The user was deleted while the roles were being replaced.
      if (isForeignKeyViolation(error)) throw new NotFoundError('User');
      throw error;
    }
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.users.delete({ id });
    return (result.affected ?? 0) > 0;
  }

  async existsWithRole(role: string): Promise<boolean> {
    return this.roles.existsBy({ role });
  }

  async otherActiveWithRole(role: string, exceptUserId: string): Promise<boolean> {
    return this.roles
      .createQueryBuilder('r')
      .innerJoin(UserEntity, 'u', 'u.id = r.user_id')
      .where('r.role = :role AND u.active = :active AND u.id <> :exceptUserId', { role, active: true, exceptUserId })
      .getExists();
  }

  async reassignRole(from: string, to: string | null): Promise<number> {
    return runInTransaction(this.dataSource, async (manager) => {
      if (to === null) return (await manager.delete(UserRoleEntity, { role: from })).affected ?? 0;
      // A user holding both names keeps one row.
      await manager
        .createQueryBuilder()
        .delete()
        .from(UserRoleEntity)
        .where('role = :from AND user_id IN (SELECT h.user_id FROM user_roles h WHERE h.role = :to)', { from, to })
        .execute();
      return (await manager.update(UserRoleEntity, { role: from }, { role: to })).affected ?? 0;
    });
  }

  // One query with the roles joined: these lookups sit on the path of every permission check.
  private async findOneWithRoles(condition: string, parameters: Record<string, string>): Promise<User | null> {
    const row = await this.users
      .createQueryBuilder('u')
      .leftJoinAndMapMany('u.roleRows', UserRoleEntity, 'r', 'r.user_id = u.id')
      .where(condition, parameters)
      .getOne();
    if (!row) return null;
    const joined = (row as UserEntity & { roleRows?: UserRoleEntity[] }).roleRows ?? [];
    return toUser(
      row,
      joined.map((r) => r.role),
    );
  }

  private async translateConflicts<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error)) throw new EmailTakenError();
      throw error;
    }
  }
}

function toRow(user: User): UserEntity {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    passwordHash: user.passwordHash,
    active: user.active,
    emailVerified: user.emailVerified,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

function toUser(row: UserEntity, roles: string[]): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    passwordHash: row.passwordHash,
    active: row.active,
    emailVerified: row.emailVerified,
    roles: roles.sort(),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
