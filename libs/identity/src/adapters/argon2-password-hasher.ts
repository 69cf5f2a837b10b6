import argon2 from 'argon2';
import { Argon2Config } from '@keyward/core';
import { PasswordHasher } from '../domain/ports';
import { PasswordPolicy } from '../domain/password-policy';

/** Argon2id (OWASP defaults: 19 MiB, 2 passes, 1 lane). argon2 runs on libuv's thread pool, off the event loop. */
export class Argon2PasswordHasher extends PasswordHasher {
  constructor(private readonly params: Argon2Config) {
    super();
  }

  hash(password: string): Promise<string> {
    return argon2.hash(PasswordPolicy.normalize(password), {
      type: argon2.argon2id,
      memoryCost: this.params.memoryKib,
      timeCost: this.params.passes,
      parallelism: this.params.parallelism,
    });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, PasswordPolicy.normalize(password));
    } catch {
      return false;
    }
  }

  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, {
      memoryCost: this.params.memoryKib,
      timeCost: this.params.passes,
      parallelism: this.params.parallelism,
    });
  }
}
