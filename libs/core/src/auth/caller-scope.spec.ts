import { Principal, withinScope } from '@keyward/kernel';
import { runInRequestContext } from '../http/request-context';
import { callerScopeOf, narrowToCaller } from './caller-scope';

describe('caller scope', () => {
  const owner = 'owner-id';
  const held = ['users:read', 'signing:sign', 'audit:read'];
  const asCaller = <T>(principal: Principal | undefined, work: () => T): T =>
    runInRequestContext({ requestId: 'r', ip: null, via: 'api', principal: () => principal }, work);
  const scopedKey: Principal = {
    userId: owner,
    sessionId: null,
    apiKeyId: 'k',
    scope: ['signing:sign', 'roles:manage'],
  };

  it('intersects: only what is both held and in the scope; null scope keeps everything', () => {
    expect(withinScope(held, ['signing:sign', 'roles:manage'])).toEqual(['signing:sign']);
    expect(withinScope(held, [])).toEqual([]);
    expect(withinScope(held, null)).toEqual(['audit:read', 'signing:sign', 'users:read']);
  });

  it("narrows the caller acting through a scoped key, and nobody else's permissions", () => {
    asCaller(scopedKey, () => {
      expect(narrowToCaller(owner, held)).toEqual(['signing:sign']);
      expect(narrowToCaller('someone-else', held)).toEqual(['audit:read', 'signing:sign', 'users:read']);
    });
  });

  it('leaves unscoped callers, requests not yet authenticated and the CLI alone', () => {
    asCaller({ ...scopedKey, scope: null }, () => expect(callerScopeOf(owner)).toBeNull());
    asCaller(undefined, () => expect(callerScopeOf(owner)).toBeNull());
    runInRequestContext({ requestId: null, ip: null, via: 'cli' }, () => expect(callerScopeOf(owner)).toBeNull());
    expect(callerScopeOf(owner)).toBeNull();
  });
});
