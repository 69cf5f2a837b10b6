/**
 * The permission catalogue: every permission a route can require, `<area>:<action>`. Adding a protected
 * route that needs a new permission means adding it here; the admin role holds all of them.
 */
export const PERMISSIONS: Readonly<Record<string, string>> = {
  'users:read': 'List and view user accounts',
  'users:write': 'Create, change, deactivate and delete user accounts, their roles, keys and sessions',
  'roles:manage': 'Create, change and delete roles; grant roles to teams',
  'teams:manage': 'Manage every team and its members',
  'groups:manage': 'Manage visibility groups and their members',
  'resources:manage': 'See and manage every registered resource',
  'authz:check': 'Ask the authorize API about other users',
  'audit:read': 'Read audit events',
  'secrets:read': 'Read receipts of one-time secrets',
  'signing:sign': 'Sign files with the signing keys one may use',
  'signing:manage': 'Manage signing keys and their access',
  'admin:access': 'Open the admin panel',
  'metrics:read': 'Read Prometheus metrics',
};

export const ALL_PERMISSIONS: readonly string[] = Object.keys(PERMISSIONS).sort();

export function unknownPermissions(names: readonly string[]): string[] {
  return names.filter((name) => !Object.hasOwn(PERMISSIONS, name));
}
