import { canChangeMembership, canEditTeam, canSeeTeam, TeamActor } from './team';

const actor = (teamRole: TeamActor['teamRole'], isTeamAdmin = false): TeamActor => ({
  userId: 'me',
  teamRole,
  isTeamAdmin,
});

describe('team rules', () => {
  it('shows a team to members and team admins only', () => {
    expect(canSeeTeam(actor('member'))).toBe(true);
    expect(canSeeTeam(actor(null))).toBe(false);
    expect(canSeeTeam(actor(null, true))).toBe(true);
  });

  it('lets owners and team admins edit the team', () => {
    expect(canEditTeam(actor('owner'))).toBe(true);
    expect(canEditTeam(actor('maintainer'))).toBe(false);
    expect(canEditTeam(actor(null, true))).toBe(true);
  });

  it('lets maintainers manage members and maintainers, but not owners', () => {
    const maintainer = actor('maintainer');
    expect(canChangeMembership(maintainer, { userId: 'x', from: null, to: 'member' })).toBe(true);
    expect(canChangeMembership(maintainer, { userId: 'x', from: 'member', to: 'maintainer' })).toBe(true);
    expect(canChangeMembership(maintainer, { userId: 'x', from: null, to: 'owner' })).toBe(false);
    expect(canChangeMembership(maintainer, { userId: 'x', from: 'owner', to: null })).toBe(false);
    expect(canChangeMembership(maintainer, { userId: 'x', from: 'maintainer', to: 'owner' })).toBe(false);
  });

  it('lets members do nothing but leave', () => {
    const member = actor('member');
    expect(canChangeMembership(member, { userId: 'me', from: 'member', to: null })).toBe(true);
    expect(canChangeMembership(member, { userId: 'me', from: 'member', to: 'owner' })).toBe(false);
    expect(canChangeMembership(member, { userId: 'x', from: 'member', to: null })).toBe(false);
    expect(canChangeMembership(member, { userId: 'x', from: null, to: 'member' })).toBe(false);
  });

  it('lets owners and team admins change anything (the last-owner rule is the repository’s)', () => {
    expect(canChangeMembership(actor('owner'), { userId: 'x', from: 'owner', to: 'member' })).toBe(true);
    expect(canChangeMembership(actor(null, true), { userId: 'x', from: null, to: 'owner' })).toBe(true);
  });
});
