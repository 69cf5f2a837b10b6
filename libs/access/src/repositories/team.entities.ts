import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

@Entity('teams')
export class TeamEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 100, unique: true })
  name!: string;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description!: string | null;

  @Column({ name: 'created_at' })
  createdAt!: Date;

  @Column({ name: 'updated_at' })
  updatedAt!: Date;
}

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
