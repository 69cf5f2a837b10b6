import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { OutsideAccessCache } from '@keyward/core';

@OutsideAccessCache()
@Entity('resources')
@Index('idx_resources_type_created_at', ['type', 'createdAt'])
@Index('idx_resources_created_at_id', ['createdAt', 'id'])
export class ResourceEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100 })
  type!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Index('idx_resources_owner_team_id')
  @ForeignKey('teams', { onDelete: 'SET NULL' })
  @Column({ name: 'owner_team_id', type: 'uuid', nullable: true })
  ownerTeamId!: string | null;

  @Index('idx_resources_created_by')
  @ForeignKey('users', { onDelete: 'SET NULL' })
  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy!: string | null;

  /** `<type>:<name>` for resources the service registers itself, so that registering them is idempotent. */
  @Column({ name: 'system_key', type: 'varchar', length: 320, nullable: true, unique: true })
  systemKey!: string | null;

  @Column({ type: 'text' })
  attributes!: string;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'updated_at' })
  updatedAt!: Date;
}

@OutsideAccessCache()
@Entity('resource_groups')
export class ResourceGroupEntity {
  @ForeignKey('resources', { onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'resource_id', type: 'uuid' })
  resourceId!: string;

  @Index('idx_resource_groups_group_id')
  @ForeignKey('visibility_groups', { onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'group_id', type: 'uuid' })
  groupId!: string;
}
