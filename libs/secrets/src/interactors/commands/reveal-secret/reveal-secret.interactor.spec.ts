import {
  FakeClock,
  FakeSecretCipher,
  InMemorySecretRepository,
  RecordingAuditLog,
  RecordingMeter,
  SequentialRandom,
  sliceOf,
} from '@keyward/testing';
import { SecretNotFoundError, SecretTooLargeError, WrongPassphraseError } from '../../../domain/secret-errors';
import { SecretsConfig } from '../../../secrets.config';
import { CreateSecretInteractor } from '../create-secret/create-secret.interactor';
import { RevealSecretInteractor } from './reveal-secret.interactor';

describe('CreateSecretInteractor and RevealSecretInteractor', () => {
  function setup() {
    const config = sliceOf(SecretsConfig, { maxBytes: 16 });
    const clock = new FakeClock();
    const secrets = new InMemorySecretRepository();
    const cipher = new FakeSecretCipher();
    const meter = new RecordingMeter();
    const audit = new RecordingAuditLog();
    const create = new CreateSecretInteractor(secrets, cipher, clock, new SequentialRandom(), config, meter, audit);
    const reveal = new RevealSecretInteractor(secrets, cipher, clock, meter, audit);
    return { clock, secrets, create, reveal, meter, audit };
  }

  it('stores only the hash of the key and reveals exactly once', async () => {
    const { create, reveal, secrets, meter } = setup();
    const created = await create.execute({ secret: 'hunter2', passphrase: 'p', ttl: 60, creatorId: null });
    const stored = [...secrets.rows.values()][0];
    expect(stored.lookupHash).not.toContain(created.secretKey);
    expect(stored.lookupHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await reveal.execute({ secretKey: created.secretKey, passphrase: 'p' })).secret).toBe('hunter2');
    await expect(reveal.execute({ secretKey: created.secretKey, passphrase: 'p' })).rejects.toBeInstanceOf(
      SecretNotFoundError,
    );
    expect(meter.secrets).toEqual(['created', 'revealed']);
  });

  it('audits creation and reveal by the secret id only, never its key, passphrase or content', async () => {
    const { create, reveal, audit } = setup();
    const created = await create.execute({ secret: 'hunter2', passphrase: 'open sesame', creatorId: null });
    await reveal.execute({ secretKey: created.secretKey, passphrase: 'wrong' }).catch(() => undefined);
    await reveal.execute({ secretKey: created.secretKey, passphrase: 'open sesame' });
    expect(audit.events.map((e) => [e.action, e.targetType, e.targetId])).toEqual([
      ['secret.created', 'secret', created.id],
      ['secret.revealed', 'secret', created.id],
    ]);
    expect(audit.of('secret.revealed')[0].details).toEqual({ failedAttemptsBefore: 1 });
    const recorded = JSON.stringify(audit.events);
    for (const secret of ['hunter2', 'open sesame', created.secretKey]) expect(recorded).not.toContain(secret);
  });

  it('counts wrong passphrases down and destroys the secret at the fifth, recording that once', async () => {
    const { create, reveal, meter, audit } = setup();
    const { secretKey } = await create.execute({ secret: 's', passphrase: 'right', creatorId: null });
    for (const left of [4, 3, 2, 1, 0]) {
      const failure = await reveal.execute({ secretKey, passphrase: 'wrong' }).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(WrongPassphraseError);
      expect((failure as WrongPassphraseError).attemptsLeft).toBe(left);
    }
    await expect(reveal.execute({ secretKey, passphrase: 'right' })).rejects.toBeInstanceOf(SecretNotFoundError);
    expect(meter.secrets).toEqual(['created', 'destroyed']);
    expect(audit.of('secret.destroyed-by-attempts')).toEqual([
      expect.objectContaining({ actorId: null, targetId: expect.any(String), details: { attempts: 5 } }),
    ]);
    expect(audit.of('secret.revealed')).toEqual([]);
  });

  it('enforces expiry on read, whether or not the purge ran', async () => {
    const { create, reveal, clock } = setup();
    const { secretKey, expiresAt } = await create.execute({
      secret: 's',
      passphrase: 'p',
      ttl: { minutes: 1 },
      creatorId: null,
    });
    expect(expiresAt.getTime() - clock.now().getTime()).toBe(60_000);
    clock.advance(60_000);
    await expect(reveal.execute({ secretKey, passphrase: 'p' })).rejects.toBeInstanceOf(SecretNotFoundError);
  });

  it('measures size in UTF-8 bytes and defaults the TTL to 7 days', async () => {
    const { create, clock } = setup();
    await expect(create.execute({ secret: 'é'.repeat(9), passphrase: 'p', creatorId: null })).rejects.toBeInstanceOf(
      SecretTooLargeError,
    );
    const created = await create.execute({ secret: 'é'.repeat(8), passphrase: 'p', creatorId: null });
    expect(created.expiresAt.getTime() - clock.now().getTime()).toBe(7 * 86_400_000);
  });
});
