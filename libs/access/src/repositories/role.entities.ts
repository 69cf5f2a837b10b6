import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

@Entity('roles')
export class RoleEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 64, unique: true })
  name!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description!: string | null;

  @Column({ name: 'built_in', type: 'boolean', default: false })
  builtIn!: boolean;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'updated_at' })
  updatedAt!: Date;
}

@Entity('role_permissions')
export class RolePermissionEntity {
  @ForeignKey('roles', { onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'role_id', type: 'uuid' })
  roleId!: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  permission!: string;
}

@Entity('team_roles')
export class TeamRoleEntity {
  @ForeignKey('teams', { onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'team_id', type: 'uuid' })
  teamId!: string;

  @Index('idx_team_roles_role_id')
  @ForeignKey('roles', { onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'role_id', type: 'uuid' })
  roleId!: string;
}
