import { Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';
import { NamedEntity } from './named.entity';
import { OutsideAccessCache } from '@keyward/core';

@OutsideAccessCache()
@Entity('visibility_groups')
export class VisibilityGroupEntity extends NamedEntity {}

/** A member is a user or a team: exactly one of the two columns is set. */
@OutsideAccessCache()
@Entity('group_members')
@Unique('uq_group_members_user', ['groupId', 'userId'])
@Unique('uq_group_members_team', ['groupId', 'teamId'])
export class GroupMemberEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @ForeignKey('visibility_groups', { onDelete: 'CASCADE' })
  @Column({ name: 'group_id', type: 'uuid' })
  groupId!: string;

  @Index('idx_group_members_user_id')
  @ForeignKey('users', { onDelete: 'CASCADE' })
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Index('idx_group_members_team_id')
  @ForeignKey('teams', { onDelete: 'CASCADE' })
  @Column({ name: 'team_id', type: 'uuid', nullable: true })
  teamId!: string | null;

  @Column({ name: 'added_at' })
  addedAt!: Date;
}
