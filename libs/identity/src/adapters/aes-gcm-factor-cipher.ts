import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { FactorCipher } from '../domain/mfa-ports';

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM under a key derived (HKDF-SHA256) from the service's secret, so a copy of the database alone does
 * not reveal TOTP seeds. The context (the user id) is the associated data: a ciphertext copied to another
 * account does not open. Stored as `v1.<nonce>.<ciphertext+tag>` in base64url.
 */
export class AesGcmFactorCipher extends FactorCipher {
  private readonly key: Buffer;

  constructor(rootSecret: string) {
    super();
    this.key = Buffer.from(hkdfSync('sha256', rootSecret, 'keyward', 'keyward mfa factor encryption v1', 32));
  }

  encrypt(plaintext: string, context: string): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(context));
    const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return [VERSION, nonce.toString('base64url'), sealed.toString('base64url')].join('.');
  }

  decrypt(ciphertext: string, context: string): string {
    const [version, nonce, sealed] = ciphertext.split('.');
    if (version !== VERSION || !nonce || !sealed) throw new Error('Unknown factor ciphertext format');
    const bytes = Buffer.from(sealed, 'base64url');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(nonce, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString(
      'utf8',
    );
  }
}
