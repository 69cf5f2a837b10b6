/** Who is calling: resolved once per request by the authentication guard. */
export interface Principal {
  userId: string;
  /** Set when authenticated with an access token. */
  sessionId: string | null;
  /** Set when authenticated with an API key. */
  apiKeyId: string | null;
}

/** Client details recorded with sessions and audit events. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}
