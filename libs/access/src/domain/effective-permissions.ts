import { ADMIN_ROLE } from './built-in-roles';
import { ALL_PERMISSIONS } from './permissions';
import { RoleGrant } from './role';

/** The union of every grant's permissions; the admin role holds the whole catalogue, including later additions. */
export function effectivePermissions(grants: readonly RoleGrant[]): string[] {
  if (grants.some((grant) => grant.role === ADMIN_ROLE)) return [...ALL_PERMISSIONS];
  return [...new Set(grants.flatMap((grant) => grant.permissions))].sort();
}

/** The first grant that carries the permission: own roles before team roles, as `reason` names it. */
export function grantFor(grants: readonly RoleGrant[], permission: string): RoleGrant | null {
  const carries = (grant: RoleGrant) => grant.role === ADMIN_ROLE || grant.permissions.includes(permission);
  return grants.find((g) => g.team === null && carries(g)) ?? grants.find(carries) ?? null;
}
