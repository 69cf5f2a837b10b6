import { isOpen, isVisible, VisibilityInput } from './visibility';

describe('isVisible', () => {
  const base: VisibilityInput = {
    userId: 'u',
    isResourceAdmin: false,
    resource: { createdBy: 'creator', ownerTeamId: 'team-a', visibilityGroupIds: ['group-1', 'group-2'] },
    teamIds: new Set(),
    groupIds: new Set(),
  };
  const visibleWith = (changes: Partial<VisibilityInput>) => isVisible({ ...base, ...changes });

  it('hides a resource from a user with no relation to it', () => {
    expect(visibleWith({})).toBe(false);
  });

  it('shows it to resource admins, whatever else holds', () => {
    expect(visibleWith({ isResourceAdmin: true })).toBe(true);
  });

  it('shows it to its creator', () => {
    expect(visibleWith({ userId: 'creator' })).toBe(true);
  });

  it('shows it to members of its owner team only', () => {
    expect(visibleWith({ teamIds: new Set(['team-a']) })).toBe(true);
    expect(visibleWith({ teamIds: new Set(['team-b']) })).toBe(false);
  });

  it('shows it to members of any attached group (the caller resolves membership through teams)', () => {
    expect(visibleWith({ groupIds: new Set(['group-2']) })).toBe(true);
    expect(visibleWith({ groupIds: new Set(['group-3']) })).toBe(false);
  });

  it('does not treat a missing creator or owner team as a match', () => {
    const orphan = { createdBy: null, ownerTeamId: null, visibilityGroupIds: [] };
    expect(visibleWith({ resource: orphan })).toBe(false);
    expect(visibleWith({ resource: orphan, userId: 'creator', teamIds: new Set(['team-a']) })).toBe(false);
  });
});

describe('isOpen', () => {
  it('is open only with neither owner team nor groups', () => {
    expect(isOpen({ ownerTeamId: null, visibilityGroupIds: [] })).toBe(true);
    expect(isOpen({ ownerTeamId: 't', visibilityGroupIds: [] })).toBe(false);
    expect(isOpen({ ownerTeamId: null, visibilityGroupIds: ['g'] })).toBe(false);
  });
});
