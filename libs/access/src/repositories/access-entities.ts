import { GroupMemberEntity, VisibilityGroupEntity } from './group.entities';
import { ResourceEntity, ResourceGroupEntity } from './resource.entities';
import { RoleEntity, RolePermissionEntity, TeamRoleEntity } from './role.entities';
import { TeamEntity, TeamMemberEntity } from './team.entities';

export const accessEntities = [
  RoleEntity,
  RolePermissionEntity,
  TeamEntity,
  TeamMemberEntity,
  TeamRoleEntity,
  VisibilityGroupEntity,
  GroupMemberEntity,
  ResourceEntity,
  ResourceGroupEntity,
];
