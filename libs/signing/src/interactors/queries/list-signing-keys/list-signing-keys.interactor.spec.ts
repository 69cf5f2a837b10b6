import { FakeKeyRegistry, FakeResourceGate, fakeKey } from '../../../../../../test/fakes/signing-fakes';
import { KeyAccess } from '../../key-access';
import { ListSigningKeysInteractor } from './list-signing-keys.interactor';

describe('ListSigningKeysInteractor', () => {
  const rsa = fakeKey('AAAAAAAAAAAAAAAAAAAAAAAA1111111111111111', {
    algorithm: 'RSA',
    bits: 4096,
    expiresAt: new Date('2030-01-01T00:00:00Z'),
  });
  const ed = fakeKey('BBBBBBBBBBBBBBBBBBBBBBBB2222222222222222');
  const third = fakeKey('CCCCCCCCCCCCCCCCCCCCCCCC3333333333333333');

  it('lists only the keys the user may use, paged, in the house shape', async () => {
    const gate = new FakeResourceGate();
    gate.deny('user-1', 'resource-2222222222222222');
    const list = new ListSigningKeysInteractor(new KeyAccess(new FakeKeyRegistry([rsa, ed, third]), gate));
    const page = await list.execute({ userId: 'user-1', page: { limit: 1, offset: 0 } });
    expect(page).toEqual({
      items: [
        {
          keyid: '1111111111111111',
          fingerprint: rsa.fingerprint,
          uids: rsa.uids,
          algorithm: 'RSA',
          bits: 4096,
          createdAt: '2026-01-01T00:00:00.000Z',
          expiresAt: '2030-01-01T00:00:00.000Z',
        },
      ],
      total: 2,
      limit: 1,
      offset: 0,
    });
    const second = await list.execute({ userId: 'user-1', page: { limit: 50, offset: 1 } });
    expect(second.items.map((k) => [k.keyid, k.expiresAt])).toEqual([['3333333333333333', null]]);
    expect((await list.execute({ userId: 'user-2', page: { limit: 50, offset: 0 } })).total).toBe(3);
  });

  it('is empty when signing is disabled', async () => {
    const list = new ListSigningKeysInteractor(new KeyAccess(new FakeKeyRegistry([]), new FakeResourceGate()));
    expect(await list.execute({ userId: 'u', page: { limit: 50, offset: 0 } })).toEqual({
      items: [],
      total: 0,
      limit: 50,
      offset: 0,
    });
  });
});
