/**
 * The permission catalogue and the built-in roles. Until the access-control context owns roles, the
 * mapping from role to permissions is fixed here and consulted only by the permission resolver.
 */
export const PERMISSIONS: Record<string, string> = {
  'users:read': 'List and view user accounts',
  'users:write': 'Create, change, deactivate and delete user accounts, their roles, keys and sessions',
  'roles:manage': 'Create, change and delete roles',
  'teams:manage': 'Manage every team',
  'groups:manage': 'Manage visibility groups',
  'resources:manage': 'Manage every registered resource',
  'authz:check': 'Ask the authorize API about other users',
  'audit:read': 'Read audit events',
  'secrets:read': 'Read receipts of one-time secrets',
  'signing:sign': 'Sign files with the signing keys one may use',
  'signing:manage': 'Manage signing keys and their access',
  'admin:access': 'Open the admin panel',
  'metrics:read': 'Read Prometheus metrics',
};

export const BUILT_IN_ROLES: Record<string, { description: string; permissions: string[] }> = {
  admin: { description: 'Everything', permissions: Object.keys(PERMISSIONS) },
  user: { description: 'Self-service: own profile, sessions and API keys', permissions: [] },
  signer: { description: 'Sign with the signing keys one may use', permissions: ['signing:sign'] },
};

export const DEFAULT_ROLE = 'user';

export function unknownRoles(names: string[]): string[] {
  return names.filter((name) => !(name in BUILT_IN_ROLES));
}

export function permissionsOfRoles(roles: string[]): string[] {
  const all = new Set<string>();
  for (const role of roles) for (const permission of BUILT_IN_ROLES[role]?.permissions ?? []) all.add(permission);
  return [...all].sort();
}
