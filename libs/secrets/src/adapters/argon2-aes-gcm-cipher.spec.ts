import { Argon2Slots } from '@keyward/core';
import { Argon2AesGcmCipher } from './argon2-aes-gcm-cipher';

describe('Argon2AesGcmCipher', () => {
  // Small Argon2 parameters keep this fast; the parameters travel with the content, as in production.
  const limits = { concurrency: 2, queueLimit: 8, threadPoolSize: 6 };
  const cipher = new Argon2AesGcmCipher(
    { memoryKib: 1024, passes: 1, parallelism: 1, ...limits },
    new Argon2Slots(limits),
  );
  const ad = Buffer.from('record-1');

  it('opens what it sealed, with the same passphrase, key and record', async () => {
    const { content, kdfMs } = await cipher.seal('hello ünïcode\nline 2', 'blue canoe', 'key-1', ad);
    expect(kdfMs).toBeGreaterThan(0);
    expect(content.kdf).toBe('argon2id$m=1024,t=1,p=1');
    expect((await cipher.open(content, 'blue canoe', 'key-1', ad)).plaintext).toBe('hello ünïcode\nline 2');
  });

  it('keeps nothing readable: no plaintext, and a fresh salt and nonce every time', async () => {
    const a = (await cipher.seal('same text', 'p', 'k', ad)).content;
    const b = (await cipher.seal('same text', 'p', 'k', ad)).content;
    expect(Buffer.from(a.ciphertext, 'base64').toString('utf8')).not.toContain('same text');
    expect(a.ciphertext).not.toBe(b.ciphertext);
    expect(a.salt).not.toBe(b.salt);
    expect(a.nonce).not.toBe(b.nonce);
  });

  it('refuses a wrong passphrase, a wrong secret key, another record and tampering', async () => {
    const { content } = await cipher.seal('top secret', 'blue canoe', 'key-1', ad);
    expect((await cipher.open(content, 'blue canoe!', 'key-1', ad)).plaintext).toBeNull();
    expect((await cipher.open(content, 'blue canoe', 'key-2', ad)).plaintext).toBeNull();
    expect((await cipher.open(content, 'blue canoe', 'key-1', Buffer.from('record-2'))).plaintext).toBeNull();
    const bytes = Buffer.from(content.ciphertext, 'base64');
    bytes[0] ^= 1;
    expect(
      (await cipher.open({ ...content, ciphertext: bytes.toString('base64') }, 'blue canoe', 'key-1', ad)).plaintext,
    ).toBeNull();
  });
});
