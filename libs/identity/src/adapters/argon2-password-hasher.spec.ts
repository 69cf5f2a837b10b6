import { Argon2Slots } from '@keyward/core';
import { sliceOf } from '@keyward/testing';
import { IdentityConfig } from '../identity.config';
import { Argon2PasswordHasher } from './argon2-password-hasher';

describe('Argon2PasswordHasher', () => {
  // The configured defaults, as the service runs them.
  const params = sliceOf(IdentityConfig).argon2;
  const slots = new Argon2Slots(params);
  const hasher = new Argon2PasswordHasher(params, slots);

  it('hashes with Argon2id at the OWASP parameters by default', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    const [, algorithm, version, parameters] = hash.split('$');
    expect([algorithm, version]).toEqual(['argon2id', 'v=19']);
    expect(parameters.split(',').sort()).toEqual(['m=19456', 'p=1', 't=2']);
    expect(hash).not.toContain('correct horse');
    expect(await hasher.verify(hash, 'correct horse battery staple')).toBe(true);
    expect(await hasher.verify(hash, 'correct horse battery stapler')).toBe(false);
  });

  it('verifies the NFKC form, so the same text typed differently matches', async () => {
    const hash = await hasher.hash('ﬁancée passphrase');
    expect(await hasher.verify(hash, 'fiancée passphrase')).toBe(true);
  });

  it('asks for a rehash when the parameters change, and answers false for a malformed hash', async () => {
    const hash = await hasher.hash('some passphrase');
    expect(hasher.needsRehash(hash)).toBe(false);
    expect(new Argon2PasswordHasher({ ...params, memoryKib: 65536 }, slots).needsRehash(hash)).toBe(true);
    expect(await hasher.verify('not-a-hash', 'x')).toBe(false);
  });
});
