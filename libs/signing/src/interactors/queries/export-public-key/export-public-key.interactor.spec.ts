import { FakeKeyRegistry, fakeKey } from '../../../../../../test/fakes/signing-fakes';
import { KeyNotFoundError } from '../../../domain/signing-errors';
import { ExportPublicKeyInteractor } from './export-public-key.interactor';

describe('ExportPublicKeyInteractor', () => {
  const key = fakeKey('0123456789ABCDEF0123456789ABCDEF89ABCDEF');
  const exporter = new ExportPublicKeyInteractor(new FakeKeyRegistry([key]));

  it('exports a configured key by short id, long id or fingerprint', async () => {
    for (const reference of ['89abcdef', '0x89abcdef89abcdef', key.fingerprint]) {
      expect(await exporter.execute({ keyid: reference })).toContain(key.fingerprint);
    }
  });

  it('answers KEY_NOT_FOUND for any other key, also when signing is disabled', async () => {
    await expect(exporter.execute({ keyid: 'DEADBEEF' })).rejects.toBeInstanceOf(KeyNotFoundError);
    const disabled = new ExportPublicKeyInteractor(new FakeKeyRegistry([]));
    await expect(disabled.execute({ keyid: '89ABCDEF' })).rejects.toBeInstanceOf(KeyNotFoundError);
  });
});
