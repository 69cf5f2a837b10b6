export interface VisibilityGroup {
  id: string;
  name: string;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface GroupMember {
  /** The user's or the team's id. */
  memberId: string;
  kind: 'user' | 'team';
  addedAt: Date;
}
