import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { NamedEntity } from './named.entity';

@Entity('teams')
export class TeamEntity extends NamedEntity {}

// Memberships follow the account: deleting a user (identity's table) removes them from every team.
@Entity('team_members')
export class TeamMemberEntity {
  @ForeignKey('teams', { onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'team_id', type: 'uuid' })
  teamId!: string;

  @Index('idx_team_members_user_id')
  @ForeignKey('users', { onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  role!: string;

  @Column({ name: 'joined_at' })
  joinedAt!: Date;
}
