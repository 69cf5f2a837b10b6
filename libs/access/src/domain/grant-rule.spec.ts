import { describeRefusal, Holding, refuseGrant } from './grant-rule';

const holding = (permissions: string[], isAdmin = false): Holding => ({ permissions, isAdmin });
const helpdesk = holding(['users:read', 'users:write']);
const admin = holding(['audit:read', 'users:read', 'users:write'], true);
const role = (name: string, permissions: string[]) => ({ name, permissions });

describe('refuseGrant', () => {
  it('allows handing out roles and permissions the caller holds, and roles that carry nothing', () => {
    expect(refuseGrant(helpdesk, { roles: [role('reader', ['users:read']), role('user', [])] })).toBeNull();
    expect(refuseGrant(helpdesk, { permissions: ['users:write'] })).toBeNull();
    expect(refuseGrant(helpdesk, {})).toBeNull();
  });

  it('refuses permissions the caller lacks, naming each once, sorted', () => {
    const attempt = {
      roles: [role('auditor', ['audit:read', 'users:read']), role('signer', ['signing:sign', 'audit:read'])],
      permissions: ['metrics:read'],
    };
    expect(refuseGrant(helpdesk, attempt)).toEqual({
      reason: 'not-held',
      permissions: ['audit:read', 'metrics:read', 'signing:sign'],
    });
  });

  it('keeps the admin role to admins, even for a caller holding every permission', () => {
    const everything = holding([...admin.permissions]);
    expect(refuseGrant(everything, { roles: [role('admin', [])] })).toEqual({ reason: 'admin-role' });
    expect(refuseGrant(admin, { roles: [role('admin', [])] })).toBeNull();
  });

  it('refuses acting on an account that holds more, and on any admin account', () => {
    expect(refuseGrant(helpdesk, { target: holding(['audit:read', 'users:read']) })).toEqual({
      reason: 'target-holds-more',
      permissions: ['audit:read'],
    });
    expect(refuseGrant(helpdesk, { target: holding([], true) })).toEqual({ reason: 'admin-target' });
    expect(refuseGrant(helpdesk, { target: holding(['users:read']) })).toBeNull();
    expect(refuseGrant(helpdesk, { target: holding([]) })).toBeNull();
  });

  it('checks what is handed out before whom it is handed to', () => {
    const attempt = { roles: [role('auditor', ['audit:read'])], target: holding([], true) };
    expect(refuseGrant(helpdesk, attempt)).toEqual({ reason: 'not-held', permissions: ['audit:read'] });
  });

  it('lets an admin do anything', () => {
    const attempt = {
      roles: [role('admin', []), role('x', ['coffee:brew'])],
      permissions: ['anything:at-all'],
      target: holding(['a:b'], true),
    };
    expect(refuseGrant(admin, attempt)).toBeNull();
  });
});

describe('describeRefusal', () => {
  it('names what is missing', () => {
    expect(describeRefusal({ reason: 'not-held', permissions: ['audit:read', 'users:write'] })).toBe(
      'You cannot grant permissions you do not hold: audit:read, users:write',
    );
    expect(describeRefusal({ reason: 'target-holds-more', permissions: ['audit:read'] })).toBe(
      'This account holds permissions you do not: audit:read',
    );
    expect(describeRefusal({ reason: 'admin-role' })).toContain('admin role');
    expect(describeRefusal({ reason: 'admin-target' })).toContain('administrator');
  });
});
