import { AuthenticatedRequest } from '@keyward/core';
import { Credentials } from '../../interactors/commands/authenticate/authenticate.interactor';

export const MAX_API_KEY_LENGTH = 256;

type WithHeaders = Pick<AuthenticatedRequest, 'headers'>;

/** The token of an `Authorization: Bearer <token>` header, if any. */
export function bearerTokenOf(request: WithHeaders): string | null {
  const authorization = request.headers.authorization;
  if (typeof authorization !== 'string') return null;
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] ?? null;
}

/** The bearer token or API key a request carries, if any (also read by the API's documentation gate). */
export function credentialsOf(request: WithHeaders): Credentials | null {
  const token = bearerTokenOf(request);
  if (token) return { kind: 'bearer', token };
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.length > 0 && apiKey.length <= MAX_API_KEY_LENGTH)
    return { kind: 'apiKey', key: apiKey };
  return null;
}
