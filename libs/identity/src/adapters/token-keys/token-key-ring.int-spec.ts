import { createPublicKey, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { FakeClock } from '@keyward/testing';
import { createMigratedDataSource } from '../../../../../test/support/test-database';
import { AsymmetricAlgorithm, StoredTokenKey, TokenKeyRepository } from '../../domain/token-keys';
import { TypeormTokenKeyRepository } from '../../repositories/typeorm-token-key.repository';
import { TokenKeyCipher } from './token-key-cipher';
import { TokenKeyRing } from './token-key-ring';

/** The real repository, counting the reads that load keys. */
class CountingRepository extends TokenKeyRepository {
  listed = 0;
  constructor(private readonly inner: TokenKeyRepository) {
    super();
  }
  findCurrent(algorithm: AsymmetricAlgorithm) {
    return this.inner.findCurrent(algorithm);
  }
  listPublished(algorithm: AsymmetricAlgorithm, now: Date) {
    this.listed += 1;
    return this.inner.listPublished(algorithm, now);
  }
  insertFirst(key: StoredTokenKey) {
    return this.inner.insertFirst(key);
  }
  rotate(key: StoredTokenKey, retireAt: Date, now: Date) {
    return this.inner.rotate(key, retireAt, now);
  }
}

describe('TokenKeyRing on the real database', () => {
  let dataSource: DataSource;
  let close: () => Promise<void>;
  const secret = 'a-long-enough-secret-for-the-key-encryption-key';
  const rings: TokenKeyRing[] = [];

  beforeAll(async () => {
    ({ dataSource, close } = await createMigratedDataSource());
  });
  afterEach(async () => {
    rings.splice(0).forEach((ring) => ring.stop());
    await dataSource.query('DELETE FROM token_signing_keys');
  });
  afterAll(() => close());

  function ring(algorithm: AsymmetricAlgorithm = 'ES256', clock = new FakeClock()) {
    const repository = new CountingRepository(new TypeormTokenKeyRepository(dataSource));
    const created = new TokenKeyRing(
      repository,
      new TokenKeyCipher(secret),
      { algorithm, refreshMs: 60_000, longestTokenTtlSeconds: 1800 },
      clock,
    );
    rings.push(created);
    return { ring: created, repository, clock };
  }
  const failOnRefresh = (message: string) => {
    throw new Error(message);
  };

  it('creates one current key when several processes start at once, and stores it sealed', async () => {
    const starting = [ring(), ring(), ring(), ring()];
    await Promise.all(starting.map(({ ring }) => ring.start(failOnRefresh)));
    const kids = new Set(starting.map(({ ring }) => ring.signingKey().kid));
    expect(kids.size).toBe(1);
    const rows = await dataSource.query(
      'SELECT kid, current_for, sealed_private_key, public_jwk FROM token_signing_keys',
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kid: [...kids][0], current_for: 'ES256' });
    // The raw row holds no private key material: not PEM, not the JWK's private `d`, not the DER base64 body.
    const pkcs8 = starting[0].ring.signingKey().key.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    expect(rows[0].sealed_private_key).not.toContain('PRIVATE KEY');
    expect(rows[0].sealed_private_key).not.toContain(pkcs8.slice(0, 40));
    expect(JSON.parse(rows[0].public_jwk)).not.toHaveProperty('d');
  });

  it.each(['ES256', 'RS256'] as const)('%s: publishes a JWK whose public key matches the signing key', async (alg) => {
    const { ring: keys } = ring(alg);
    await keys.start(failOnRefresh);
    const [jwk] = keys.publicJwks();
    expect(jwk).toMatchObject({ kid: keys.signingKey().kid, alg, use: 'sig', kty: alg === 'ES256' ? 'EC' : 'RSA' });
    const fromJwk = createPublicKey({ key: jwk, format: 'jwk' }).export({ format: 'pem', type: 'spki' });
    expect(fromJwk).toBe(createPublicKey(keys.signingKey().key).export({ format: 'pem', type: 'spki' }));
  });

  it('rotation: the new key becomes current, the old one stays published until its tokens expired', async () => {
    const { ring: keys, clock } = ring();
    await keys.start(failOnRefresh);
    const old = keys.signingKey().kid;
    const rotated = await keys.rotate();
    expect(rotated.previousRetiresAt.getTime()).toBe(clock.now().getTime() + 1800_000 + 60_000);
    clock.advance(60_000);
    expect(await keys.verificationKey(rotated.kid)).not.toBeNull();
    expect(keys.signingKey().kid).toBe(rotated.kid);
    expect(keys.publicJwks().map((jwk) => jwk.kid)).toEqual([rotated.kid, old]);
    expect(await keys.verificationKey(old)).not.toBeNull();

    // Past the retirement a later start (or reload) no longer publishes nor accepts the old key.
    clock.advance(1800_000 + 1);
    const { ring: later } = ring('ES256', clock);
    await later.start(failOnRefresh);
    expect(later.publicJwks().map((jwk) => jwk.kid)).toEqual([rotated.kid]);
    expect(await later.verificationKey(old)).toBeNull();
    // A second rotation deletes the rows retired by then.
    await later.rotate();
    const kids = (await dataSource.query('SELECT kid FROM token_signing_keys')).map((r: { kid: string }) => r.kid);
    expect(kids).not.toContain(old);
    expect(kids).toHaveLength(2);
  });

  it('a storm of unknown kids reloads the keys at most once per refresh period', async () => {
    const { ring: keys, repository, clock } = ring();
    await keys.start(failOnRefresh);
    const before = repository.listed;
    const results = await Promise.all(Array.from({ length: 500 }, () => keys.verificationKey(randomUUID())));
    for (let i = 0; i < 500; i += 1) results.push(await keys.verificationKey(randomUUID()));
    expect(results.every((key) => key === null)).toBe(true);
    expect(repository.listed - before).toBe(0);
    // One period later, the first unknown kid reloads once (a key added by another process shows up), then no more.
    clock.advance(60_000);
    await Promise.all(Array.from({ length: 100 }, () => keys.verificationKey(randomUUID())));
    expect(repository.listed - before).toBe(1);
  });

  it('rotates out, with a warning, a current key sealed under another secret (a restore elsewhere)', async () => {
    const { ring: keys } = ring();
    await keys.start(failOnRefresh);
    const sealedElsewhere = keys.signingKey().kid;
    const warnings: string[] = [];
    const restored = new TokenKeyRing(
      new TypeormTokenKeyRepository(dataSource),
      new TokenKeyCipher(`${secret}-changed`),
      { algorithm: 'ES256', refreshMs: 60_000, longestTokenTtlSeconds: 1800 },
      new FakeClock(),
    );
    rings.push(restored);
    await restored.start((message) => warnings.push(message));
    expect(warnings).toEqual([expect.stringContaining('sealed under another key-encryption key')]);
    expect(restored.signingKey().kid).not.toBe(sealedElsewhere);
    // The old key's tokens still verify: its public key needs no secret.
    expect(await restored.verificationKey(sealedElsewhere)).not.toBeNull();
  });
});
