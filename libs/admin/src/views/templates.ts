import { audit } from './audit.view';
import { dashboard } from './dashboard.view';
import { layout } from './layout.view';
import { login } from './login.view';
import { csrf, error, pager, table } from './partials.view';
import { user } from './user.view';
import { userCreated, users } from './users.view';

/** Every template by name: a page renders `@<name>.eta` (see admin-panel.ts). */
export const ADMIN_TEMPLATES: Readonly<Record<string, string>> = {
  layout,
  csrf,
  pager,
  table,
  error,
  login,
  dashboard,
  users,
  'user-created': userCreated,
  user,
  audit,
};
