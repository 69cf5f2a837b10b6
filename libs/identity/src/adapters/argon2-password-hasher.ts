import argon2 from 'argon2';
import { Argon2Config, Argon2Slots } from '@keyward/core';
import { PasswordHasher } from '../domain/ports';
import { PasswordPolicy } from '../domain/password-policy';

/**
 * Argon2id (OWASP defaults: 19 MiB, 2 passes, 1 lane). argon2 runs on libuv's thread pool, off the event loop;
 * `slots` bound how many run and wait at once (a full queue throws ServiceUnavailableError: 503, not a refusal).
 */
export class Argon2PasswordHasher extends PasswordHasher {
  constructor(
    private readonly params: Argon2Config,
    private readonly slots: Argon2Slots,
  ) {
    super();
  }

  hash(password: string): Promise<string> {
    return this.slots.run(() =>
      argon2.hash(PasswordPolicy.normalize(password), {
        type: argon2.argon2id,
        memoryCost: this.params.memoryKib,
        timeCost: this.params.passes,
        parallelism: this.params.parallelism,
      }),
    );
  }

  verify(hash: string, password: string): Promise<boolean> {
    // Only argon2's own failure (a malformed stored hash) means "no match"; a full queue must reach the client.
    return this.slots.run(() => argon2.verify(hash, PasswordPolicy.normalize(password)).catch(() => false));
  }

  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, {
      memoryCost: this.params.memoryKib,
      timeCost: this.params.passes,
      parallelism: this.params.parallelism,
    });
  }
}
