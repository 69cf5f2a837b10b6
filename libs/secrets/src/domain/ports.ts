import { Page, PageRequest } from '@keyward/kernel';
import { SealedContent, Secret } from './secret';

export abstract class SecretRepository {
  abstract create(secret: Secret): Promise<void>;
  abstract findByLookupHash(lookupHash: string): Promise<Secret | null>;
  /**
   * Takes the content away if the secret is still revealable at `now`, in one conditional statement: of
   * any number of concurrent callers exactly one gets true. The attempt the right passphrase took is given
   * back, so `failedAttempts` counts wrong passphrases only.
   */
  abstract claimForReveal(id: string, now: Date): Promise<boolean>;
  /**
   * Takes one attempt, before a passphrase is tried, if the secret is still revealable at `now` and fewer
   * than `maxAttempts` are taken, in one conditional statement: returns this attempt's number (1 to
   * `maxAttempts`), or null when none is left or the content is gone. However many callers race, no more
   * than `maxAttempts` get a number. An attempt that fails stays counted.
   */
  abstract takeAttempt(id: string, now: Date, maxAttempts: number): Promise<number | null>;
  /**
   * Destroys the content (state burned) unless it is already gone (revealed, burned or expired at `now`);
   * true when something was destroyed.
   */
  abstract burn(id: string, now: Date): Promise<boolean>;
  abstract findForCreator(creatorId: string, id: string): Promise<Secret | null>;
  abstract listForCreator(creatorId: string, page: PageRequest): Promise<Page<Secret>>;
  /** Secrets still waiting to be revealed at `now`, over every creator (anonymous ones included). */
  abstract countPending(now: Date): Promise<number>;
  /** Drops the content of expired secrets, and whole records that have no receipt to keep. */
  abstract purgeExpired(now: Date, receiptsOlderThan: Date): Promise<{ contentPurged: number; recordsDeleted: number }>;
}

/** `kdfMs`: time spent stretching the passphrase, reported to clients as Server-Timing. */
export interface Sealing {
  content: SealedContent;
  kdfMs: number;
}

export interface Opening {
  /** Null when the passphrase (or anything bound to the content) is wrong. */
  plaintext: string | null;
  kdfMs: number;
}

/** Seals and opens secret content with a key derived from the passphrase and the secret key. */
export abstract class SecretCipher {
  abstract seal(plaintext: string, passphrase: string, secretKey: string, associatedData: Buffer): Promise<Sealing>;
  abstract open(
    content: SealedContent,
    passphrase: string,
    secretKey: string,
    associatedData: Buffer,
  ): Promise<Opening>;
}
