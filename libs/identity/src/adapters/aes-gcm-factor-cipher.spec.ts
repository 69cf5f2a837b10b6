import { AesGcmFactorCipher } from './aes-gcm-factor-cipher';

describe('AesGcmFactorCipher', () => {
  const cipher = new AesGcmFactorCipher('root secret one, long enough for HKDF');

  it('opens what it sealed for the same record, and keeps nothing readable', () => {
    const sealed = cipher.encrypt('JBSWY3DPEHPK3PXP', 'user-1');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(cipher.encrypt('JBSWY3DPEHPK3PXP', 'user-1')).not.toBe(sealed);
    expect(cipher.decrypt(sealed, 'user-1')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses another record, another root secret and tampering', () => {
    const sealed = cipher.encrypt('JBSWY3DPEHPK3PXP', 'user-1');
    expect(() => cipher.decrypt(sealed, 'user-2')).toThrow();
    expect(() => new AesGcmFactorCipher('root secret two, long enough for HKDF').decrypt(sealed, 'user-1')).toThrow();
    const [version, nonce, body] = sealed.split('.');
    const bytes = Buffer.from(body, 'base64url');
    bytes[0] ^= 1;
    expect(() => cipher.decrypt([version, nonce, bytes.toString('base64url')].join('.'), 'user-1')).toThrow();
  });
});
