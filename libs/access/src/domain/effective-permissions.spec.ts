import { effectivePermissions, grantFor } from './effective-permissions';
import { ALL_PERMISSIONS } from './permissions';

const team = { id: 't', name: 'platform' };

describe('effectivePermissions', () => {
  it('unites own and team grants, sorted and without repeats', () => {
    const grants = [
      { role: 'reader', permissions: ['users:read', 'audit:read'], team: null },
      { role: 'signer', permissions: ['signing:sign', 'users:read'], team },
    ];
    expect(effectivePermissions(grants)).toEqual(['audit:read', 'signing:sign', 'users:read']);
  });

  it('gives admin the whole catalogue whatever its stored permissions, also through a team', () => {
    expect(effectivePermissions([{ role: 'admin', permissions: [], team }])).toEqual([...ALL_PERMISSIONS]);
  });

  it('is empty without grants', () => {
    expect(effectivePermissions([])).toEqual([]);
  });
});

describe('grantFor', () => {
  it('prefers an own role over a team role as the reason', () => {
    const own = { role: 'reader', permissions: ['users:read'], team: null };
    const viaTeam = { role: 'team-reader', permissions: ['users:read'], team };
    expect(grantFor([viaTeam, own], 'users:read')).toBe(own);
    expect(grantFor([viaTeam], 'users:read')).toBe(viaTeam);
    expect(grantFor([own], 'signing:sign')).toBeNull();
  });
});
