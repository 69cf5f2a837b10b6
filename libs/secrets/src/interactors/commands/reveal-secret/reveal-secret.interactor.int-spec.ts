import { randomUUID } from 'node:crypto';
import { Argon2Slots } from '@keyward/core';
import { RecordingAuditLog, RecordingMeter, sliceOf } from '@keyward/testing';
import { CryptoRandom, SystemClock } from '@keyward/kernel';
import { createMigratedDataSource } from '../../../../../../test/support/test-database';
import { Argon2AesGcmCipher } from '../../../adapters/argon2-aes-gcm-cipher';
import { Opening, SecretRepository } from '../../../domain/ports';
import { MAX_FAILED_ATTEMPTS, SealedContent, stateOf } from '../../../domain/secret';
import { SecretNotFoundError, WrongPassphraseError } from '../../../domain/secret-errors';
import { TypeormSecretRepository } from '../../../repositories/typeorm-secret.repository';
import { SecretsConfig } from '../../../secrets.config';
import { CreateSecretInteractor } from '../create-secret/create-secret.interactor';
import { RevealSecretInteractor } from './reveal-secret.interactor';

/** The real cipher (Argon2id at the shipped cost), counting the passphrases it was asked to try. */
class CountingCipher extends Argon2AesGcmCipher {
  opened = 0;
  override async open(content: SealedContent, passphrase: string, key: string, ad: Buffer): Promise<Opening> {
    this.opened += 1;
    return super.open(content, passphrase, key, ad);
  }
}

describe('RevealSecretInteractor: concurrent passphrases on the real database', () => {
  let close: () => Promise<void>;
  let secrets: SecretRepository;
  // As shipped: the real Argon2id cost.
  const config = sliceOf(SecretsConfig);

  beforeAll(async () => {
    const migrated = await createMigratedDataSource();
    close = migrated.close;
    secrets = new TypeormSecretRepository(migrated.dataSource);
  });
  afterAll(() => close());

  it.each(Array.from({ length: 10 }, (_, run) => run + 1))(
    'run %i: of 10 wrong passphrases and the right one at once, at most 5 are tried; none is revealed after a fifth wrong one',
    async () => {
      const cipher = new CountingCipher(config.argon2, new Argon2Slots(config.argon2));
      const clock = new SystemClock();
      const meter = new RecordingMeter();
      const audit = new RecordingAuditLog();
      const create = new CreateSecretInteractor(secrets, cipher, clock, new CryptoRandom(), config, meter, audit);
      const reveal = new RevealSecretInteractor(secrets, cipher, clock, meter, audit);
      const creatorId = randomUUID();
      const { id, secretKey } = await create.execute({ secret: 'the payload', passphrase: 'right', creatorId });

      const guesses = Array.from({ length: 10 }, (_, i) => `wrong ${i}`);
      guesses.splice(Math.floor(Math.random() * 11), 0, 'right');
      const outcomes = await Promise.all(
        guesses.map((passphrase) =>
          reveal.execute({ secretKey, passphrase }).then(
            (revealed) => ({ passphrase, revealed: revealed.secret as string | null, error: null as unknown }),
            (error: unknown) => ({ passphrase, revealed: null, error }),
          ),
        ),
      );

      for (const { error } of outcomes)
        if (error) expect(error instanceof WrongPassphraseError || error instanceof SecretNotFoundError).toBe(true);
      const wrong = outcomes.filter((o) => o.error instanceof WrongPassphraseError);
      const attemptsLeft = wrong.map((o) => (o.error as WrongPassphraseError).attemptsLeft).sort();
      const right = outcomes.find((o) => o.passphrase === 'right');
      const stored = await secrets.findForCreator(creatorId, id);

      expect(cipher.opened).toBeLessThanOrEqual(MAX_FAILED_ATTEMPTS);
      expect(new Set(attemptsLeft).size).toBe(attemptsLeft.length);
      expect(stored!.failedAttempts).toBeLessThanOrEqual(MAX_FAILED_ATTEMPTS);
      // However the race went, the secret ended one way, and the audit log says which, once.
      const endings = audit.events.filter((e) => e.action !== 'secret.created').map((e) => e.action);
      expect(endings).toEqual([right?.revealed ? 'secret.revealed' : 'secret.destroyed-by-attempts']);
      if (right?.revealed) {
        // The right passphrase was among the five tried, before a fifth wrong one: four wrong ones at most.
        expect(right.revealed).toBe('the payload');
        expect(wrong.length).toBeLessThan(MAX_FAILED_ATTEMPTS);
        expect(stored!.failedAttempts).toBe(wrong.length);
        expect(stateOf(stored!, clock.now())).toBe('revealed');
        expect(meter.secrets).toEqual(['created', 'revealed']);
      } else {
        // A wrong passphrase took the fifth attempt and burned the secret: the right one was not tried, or
        // was still being tried when that happened.
        expect(right?.error).toBeInstanceOf(SecretNotFoundError);
        expect(cipher.opened).toBe(MAX_FAILED_ATTEMPTS);
        expect(attemptsLeft).toContain(0);
        expect(stateOf(stored!, clock.now())).toBe('burned');
        expect(meter.secrets).toEqual(['created', 'destroyed']);
      }
    },
  );
});
