/** Who is calling: resolved once per request by the authentication guard. */
export interface Principal {
  userId: string;
  /** Set when authenticated with an access token. */
  sessionId: string | null;
  /** Set when authenticated with an API key. */
  apiKeyId: string | null;
  /**
   * Set when authenticated with a scoped API key: the permissions the key is limited to. The caller then acts
   * with the intersection of these and what the owner holds now (see `withinScope`). Absent or null: unscoped.
   */
  scope?: readonly string[] | null;
}

/** Client details recorded with sessions and audit events. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/**
 * What a caller may use of the permissions its account holds: all of them when unscoped (null), else only those
 * also in the scope. Computed on every request from the owner's current permissions, so a demoted owner's
 * scoped keys shrink with them.
 */
export function withinScope(held: Iterable<string>, scope: readonly string[] | null | undefined): string[] {
  const all = [...new Set(held)];
  if (!scope) return all.sort();
  const allowed = new Set(scope);
  return all.filter((permission) => allowed.has(permission)).sort();
}
