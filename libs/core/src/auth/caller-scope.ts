import { withinScope } from '@keyward/kernel';
import { currentRequestContext } from '../http/request-context';

/**
 * The scope of the API key the request being served is authenticated with, when that key acts as `userId`; null
 * when the caller is unscoped, is someone else, or there is no request (CLI). Only the caller is narrowed: asking
 * about another user (authorize with authz:check, the grant rule's target) sees that user's own permissions.
 */
export function callerScopeOf(userId: string): readonly string[] | null {
  const principal = currentRequestContext()?.principal?.();
  if (!principal || principal.userId !== userId) return null;
  return principal.scope ?? null;
}

/** `permissions` of `userId`, narrowed to the key's scope when that user is the caller acting through a scoped key. */
export function narrowToCaller(userId: string, permissions: Iterable<string>): string[] {
  return withinScope(permissions, callerScopeOf(userId));
}
