import { ALL_PERMISSIONS } from './permissions';

export const ADMIN_ROLE = 'admin';
/** Granted at registration. */
export const DEFAULT_ROLE = 'user';

export interface BuiltInRole {
  name: string;
  description: string;
  /** Permissions it is created with. The admin role always holds the whole catalogue, whatever is stored. */
  permissions: readonly string[];
}

export const BUILT_IN_ROLES: readonly BuiltInRole[] = [
  { name: ADMIN_ROLE, description: 'Everything', permissions: ALL_PERMISSIONS },
  {
    name: DEFAULT_ROLE,
    description: 'Self-service: own profile, sessions, API keys, teams and resources',
    permissions: [],
  },
  { name: 'signer', description: 'Sign with the signing keys one may use', permissions: ['signing:sign'] },
];

export function isBuiltInRole(name: string): boolean {
  return BUILT_IN_ROLES.some((role) => role.name === name);
}
