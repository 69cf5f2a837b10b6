import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import argon2 from 'argon2';
import { Argon2Config, Argon2Slots } from '@keyward/core';
import { Opening, Sealing, SecretCipher } from '../domain/ports';
import { SealedContent } from '../domain/secret';

const KDF = /^argon2id\$m=(\d+),t=(\d+),p=(\d+)$/;
const TAG_BYTES = 16;

/**
 * AES-256-GCM with a fresh key per secret: Argon2id stretches the passphrase (memory-hard, so a stolen
 * database cannot be brute-forced cheaply), HKDF mixes in the secret key, which is never stored. So neither
 * the database alone nor the server's configuration alone opens a secret. The associated data binds the
 * ciphertext to its record. Argon2 runs on libuv's thread pool.
 */
export class Argon2AesGcmCipher extends SecretCipher {
  constructor(
    private readonly params: Argon2Config,
    private readonly slots: Argon2Slots,
  ) {
    super();
  }

  async seal(plaintext: string, passphrase: string, secretKey: string, associatedData: Buffer): Promise<Sealing> {
    const salt = randomBytes(16);
    const kdf = `argon2id$m=${this.params.memoryKib},t=${this.params.passes},p=${this.params.parallelism}`;
    const { key, kdfMs } = await this.deriveKey(kdf, passphrase, secretKey, salt);
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    const content = {
      ciphertext: ciphertext.toString('base64'),
      nonce: nonce.toString('base64'),
      salt: salt.toString('base64'),
      kdf,
    };
    return { content, kdfMs };
  }

  async open(content: SealedContent, passphrase: string, secretKey: string, associatedData: Buffer): Promise<Opening> {
    const { key, kdfMs } = await this.deriveKey(
      content.kdf,
      passphrase,
      secretKey,
      Buffer.from(content.salt, 'base64'),
    );
    const sealed = Buffer.from(content.ciphertext, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(content.nonce, 'base64'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAAD(associatedData);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    try {
      const plaintext = Buffer.concat([
        decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return { plaintext: plaintext.toString('utf8'), kdfMs };
    } catch {
      // Authentication failed: the secret key found the record, so the passphrase is wrong.
      return { plaintext: null, kdfMs };
    }
  }

  private async deriveKey(
    kdf: string,
    passphrase: string,
    secretKey: string,
    salt: Buffer,
  ): Promise<{ key: Buffer; kdfMs: number }> {
    const match = KDF.exec(kdf);
    if (!match) throw new Error(`Unsupported secret KDF "${kdf}"`);
    let kdfMs = 0;
    const stretched = await this.slots.run(async () => {
      // Server-Timing's kdf is the derivation itself; the wait for a slot is not part of it.
      const started = performance.now();
      const result = await argon2.hash(passphrase.normalize('NFKC'), {
        type: argon2.argon2id,
        raw: true,
        salt,
        hashLength: 32,
        memoryCost: Number(match[1]),
        timeCost: Number(match[2]),
        parallelism: Number(match[3]),
      });
      kdfMs = performance.now() - started;
      return result;
    });
    const key = Buffer.from(
      hkdfSync('sha256', Buffer.concat([stretched, Buffer.from(secretKey, 'utf8')]), salt, 'keyward-secret-v1', 32),
    );
    return { key, kdfMs };
  }
}
