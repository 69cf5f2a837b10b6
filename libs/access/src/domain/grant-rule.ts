import { ADMIN_ROLE } from './built-in-roles';

/** What someone holds now: their effective permissions (own roles and teams') and whether one of them is admin. */
export interface Holding {
  permissions: readonly string[];
  isAdmin: boolean;
}

/** A role handed out, taken away, created, redefined or deleted, with the permissions it carries. */
export interface RoleInGrant {
  name: string;
  permissions: readonly string[];
}

/** What a caller is about to do; every part is optional, and all present parts must pass. */
export interface GrantAttempt {
  /** Roles given or taken away (a role's definition before and after a change counts as both). */
  roles?: readonly RoleInGrant[];
  /** Permissions handed out directly, such as the scope of an API key. */
  permissions?: readonly string[];
  /** The other account acted on; omitted when acting on oneself or on an account being created. */
  target?: Holding;
}

export type GrantRefusal =
  | { reason: 'admin-role' }
  | { reason: 'not-held'; permissions: string[] }
  | { reason: 'admin-target' }
  | { reason: 'target-holds-more'; permissions: string[] };

/**
 * The grant rule: a caller hands out or takes away only permissions it holds, only admins grant or remove the
 * admin role, and a caller acts on another account only if that account holds nothing the caller lacks. An
 * administrator account counts as holding more than any non-admin, whatever the permission lists say: admin also
 * holds every permission added to the catalogue later, and taking over an admin is becoming one.
 * Returns null when the attempt is allowed.
 */
export function refuseGrant(caller: Holding, attempt: GrantAttempt): GrantRefusal | null {
  if (caller.isAdmin) return null;
  const roles = attempt.roles ?? [];
  if (roles.some((role) => role.name === ADMIN_ROLE)) return { reason: 'admin-role' };
  const handedOut = [...roles.flatMap((role) => role.permissions), ...(attempt.permissions ?? [])];
  const notHeld = lacking(caller, handedOut);
  if (notHeld.length) return { reason: 'not-held', permissions: notHeld };
  if (!attempt.target) return null;
  if (attempt.target.isAdmin) return { reason: 'admin-target' };
  const more = lacking(caller, attempt.target.permissions);
  return more.length ? { reason: 'target-holds-more', permissions: more } : null;
}

/** A message for the caller that names what is missing. */
export function describeRefusal(refusal: GrantRefusal): string {
  switch (refusal.reason) {
    case 'admin-role':
      return 'Only administrators grant or remove the admin role';
    case 'not-held':
      return `You cannot grant permissions you do not hold: ${refusal.permissions.join(', ')}`;
    case 'admin-target':
      return 'This account is an administrator; only administrators act on it';
    case 'target-holds-more':
      return `This account holds permissions you do not: ${refusal.permissions.join(', ')}`;
  }
}

/** Of these permissions, the ones the holder lacks: sorted, without repeats. */
function lacking(holder: Holding, permissions: readonly string[]): string[] {
  const held = new Set(holder.permissions);
  return [...new Set(permissions)].filter((permission) => !held.has(permission)).sort();
}
