import { apiKeyCreated, apiKeys } from './api-keys.view';
import { audit } from './audit.view';
import { dashboard } from './dashboard.view';
import { layout } from './layout.view';
import { login, loginMfa } from './login.view';
import { cell, csrf, error, grid, pager, record, table, time } from './partials.view';
import { permissionBoxes, role, roles } from './roles.view';
import { group, namedList, team } from './teams.view';
import { user } from './user.view';
import { userCreated, users } from './users.view';

/** Every template by name: a page renders `@<name>.eta` (see admin-panel.ts). */
export const ADMIN_TEMPLATES: Readonly<Record<string, string>> = {
  layout,
  csrf,
  pager,
  time,
  grid,
  cell,
  table,
  record,
  error,
  login,
  'login-mfa': loginMfa,
  dashboard,
  users,
  'user-created': userCreated,
  user,
  audit,
  'permission-boxes': permissionBoxes,
  roles,
  role,
  'named-list': namedList,
  team,
  group,
  'api-keys': apiKeys,
  'api-key-created': apiKeyCreated,
};
