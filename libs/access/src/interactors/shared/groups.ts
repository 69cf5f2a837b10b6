import { GroupMember, VisibilityGroup } from '../../domain/visibility-group';

export interface GroupMemberView {
  memberId: string;
  type: 'user' | 'team';
  addedAt: string;
}

export interface GroupView {
  id: string;
  name: string;
  description: string | null;
  members: GroupMemberView[];
  createdAt: string;
  updatedAt: string;
}

export function toGroupMemberView(member: GroupMember): GroupMemberView {
  return { memberId: member.memberId, type: member.kind, addedAt: member.addedAt.toISOString() };
}

export function toGroupView(group: VisibilityGroup, members: GroupMember[]): GroupView {
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    members: members.map(toGroupMemberView),
    createdAt: group.createdAt.toISOString(),
    updatedAt: group.updatedAt.toISOString(),
  };
}
