export interface Role {
  id: string;
  name: string;
  description: string | null;
  builtIn: boolean;
  permissions: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface RoleView {
  id: string;
  name: string;
  description: string | null;
  builtIn: boolean;
  permissions: string[];
  createdAt: string;
  updatedAt: string;
}

export function toRoleView(role: Role): RoleView {
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    builtIn: role.builtIn,
    permissions: [...role.permissions].sort(),
    createdAt: role.createdAt.toISOString(),
    updatedAt: role.updatedAt.toISOString(),
  };
}

/** Where a user's permission comes from: one of their own roles, or a role granted to one of their teams. */
export interface RoleGrant {
  role: string;
  permissions: readonly string[];
  team: { id: string; name: string } | null;
}
