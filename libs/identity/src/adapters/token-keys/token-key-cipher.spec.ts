import { TokenKeyCipher } from './token-key-cipher';

describe('TokenKeyCipher', () => {
  const secret = 'a-long-enough-secret-for-the-key-encryption-key';
  const cipher = new TokenKeyCipher(secret);
  const pem =
    '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n';

  it('round-trips, and never stores the plaintext nor the same ciphertext twice', () => {
    const sealed = cipher.seal(pem, 'kid-1');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('PRIVATE KEY');
    expect(sealed).not.toContain('MIGHAgEAMBMGByqGSM49');
    expect(cipher.seal(pem, 'kid-1')).not.toBe(sealed);
    expect(cipher.open(sealed, 'kid-1')).toBe(pem);
  });

  it('refuses another secret, another kid and any altered byte', () => {
    const sealed = cipher.seal(pem, 'kid-1');
    expect(() => new TokenKeyCipher(`${secret}!`).open(sealed, 'kid-1')).toThrow();
    expect(() => cipher.open(sealed, 'kid-2')).toThrow();
    const bytes = Buffer.from(sealed.slice(3), 'base64url');
    for (const position of [0, 13, bytes.length - 1]) {
      const altered = Buffer.from(bytes);
      altered[position] ^= 1;
      expect(() => cipher.open(`v1.${altered.toString('base64url')}`, 'kid-1')).toThrow();
    }
    expect(() => cipher.open(`v2.${sealed.slice(3)}`, 'kid-1')).toThrow(/format/);
  });
});
