/**
 * Every action the audit log records, with what it means. Recording an action not listed here does not compile,
 * so this list is the whole vocabulary an operator filters GET /auth/audit by. Dotted: `<area>.<what happened>`.
 * No event's details ever hold a password, token, key, secret or passphrase.
 */
export const AUDIT_ACTIONS = {
  'auth.login.success': 'A password login opened a session (actor and target: the account)',
  'auth.login.failure': 'A password login was refused (actor: the account if the email matched, else null)',
  'auth.token.issued': 'POST /token opened a session for a sign-file client',
  'auth.logout': 'A session was ended by its user (details.everywhere: all of their sessions)',
  'auth.refresh.reuse': 'An already-rotated refresh token was presented; the whole session was revoked',
  'user.registered': 'An account registered itself',
  'user.created': 'An account was created for someone (by an admin, the CLI or the bootstrap)',
  'user.updated': 'An account was changed by an admin (details.fields names what changed, never values of secrets)',
  'user.deactivated': 'An account was deactivated; its sessions were revoked',
  'user.password.changed': 'A user changed their own password; their other sessions were revoked',
  'user.deleted': 'An account was deleted, by itself or by an admin',
  'user.roles.set': "An account's roles were replaced (details.before and details.after)",
  'email.verification.sent': 'A verification link was mailed to the address of the account (never the token)',
  'email.verified': 'An account proved its address by following a verification link; emailVerified is true',
  'password.reset.requested': 'A password reset link was mailed to a known, active account (never the token)',
  'password.reset': 'A password was set through a reset link; every session of the account was revoked',
  'user.sessions.revoked': 'Every session of an account was revoked by an admin',
  'session.revoked': 'A user revoked one of their own sessions',
  'api-key.created': 'An API key was issued (key id and name, never the key)',
  'api-key.updated': 'An API key was renamed, deactivated or reactivated',
  'api-key.revoked': 'An API key was deleted',
  'grant.denied': 'A grant was refused with ESCALATION_DENIED: the caller tried to hand out more than it holds',
  'role.created': 'A role was created (details.permissions)',
  'role.updated': 'A role was renamed or its permissions changed (details.before and details.after)',
  'role.deleted': 'A role was deleted',
  'team.created': 'A team was created; its creator became its owner',
  'team.updated': "A team's name or description changed",
  'team.deleted': 'A team was deleted',
  'team.member.added': 'A user joined a team (details.userId, details.role)',
  'team.member.changed': "A member's place in a team changed (details.from, details.to)",
  'team.member.removed': 'A user left or was removed from a team',
  'team.roles.set': "A team's roles were replaced (details.before and details.after)",
  'group.created': 'A visibility group was created',
  'group.updated': "A visibility group's name or description changed",
  'group.deleted': 'A visibility group was deleted',
  'group.member.added': 'A user or a team joined a visibility group',
  'group.member.removed': 'A user or a team left a visibility group',
  'resource.created': 'A resource was created',
  'resource.updated': 'A resource was changed (details.fields names what changed)',
  'resource.deleted': 'A resource was deleted',
  'secret.created': 'A one-time secret was created (secret id only)',
  'secret.revealed': 'A one-time secret was revealed and destroyed',
  'secret.burned': 'A one-time secret was burned by its creator before it was read',
  'secret.destroyed-by-attempts': 'A one-time secret was destroyed after too many wrong passphrases',
  'signing.sign': 'One file was signed, or signing it failed (details.result)',
  'signing.sign-batch': 'A batch of files was signed, or the batch failed (details.result)',
  'signing.verify': 'A signature was checked (details.valid)',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** Where an event came from: the JSON API, the admin panel or the command line. */
export type AuditVia = 'api' | 'admin' | 'cli';
