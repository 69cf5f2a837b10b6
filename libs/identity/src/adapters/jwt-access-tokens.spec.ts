import { generateKeyPairSync, KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { JwtAccessTokens } from './jwt-access-tokens';
import { SharedSecretKeySource, TokenKeySource } from './token-keys/token-key-source';

/** An ES256/RS256 key source holding fixed key pairs by kid, the first one current. */
function fixedKeys(algorithm: 'ES256' | 'RS256', kids: string[]) {
  const pairs = new Map(
    kids.map((kid) => [
      kid,
      algorithm === 'ES256'
        ? generateKeyPairSync('ec', { namedCurve: 'P-256' })
        : generateKeyPairSync('rsa', { modulusLength: 2048 }),
    ]),
  );
  const source: TokenKeySource = {
    algorithm,
    signingKey: () => ({ kid: kids[0], key: pairs.get(kids[0])!.privateKey }),
    verificationKey: async (kid) => (kid === null ? null : (pairs.get(kid)?.publicKey ?? null)),
  };
  return { source, pairs };
}

describe('JwtAccessTokens', () => {
  const options = { issuer: 'keyward', audience: 'keyward', ttlSeconds: 900 };
  const secret = 's'.repeat(40);
  const now = new Date('2026-11-21T12:00:00Z');
  const claims = { userId: 'u-1', sessionId: 's-1' };
  const payload = { sub: 'u-1', sid: 's-1', iss: 'keyward', aud: 'keyward', exp: now.getTime() / 1000 + 60 };

  describe('HS256 (JWT_SECRET)', () => {
    const tokens = new JwtAccessTokens(new SharedSecretKeySource(secret), options, () => now);

    it('round-trips its own tokens and sets type, issuer, audience and expiry, without a kid', async () => {
      const issued = tokens.issue(claims);
      expect(issued.expiresAt.getTime()).toBe(now.getTime() + 900_000);
      expect(await tokens.verify(issued.token)).toEqual(claims);
      const decoded = jwt.decode(issued.token, { complete: true });
      expect(decoded?.header).toEqual({ alg: 'HS256', typ: 'at+jwt' });
      expect(decoded?.payload).toMatchObject({ sub: 'u-1', sid: 's-1', iss: 'keyward', aud: 'keyward' });
    });

    it('refuses expired tokens by its clock', async () => {
      const issued = tokens.issue(claims);
      const later = new JwtAccessTokens(new SharedSecretKeySource(secret), options, () => new Date(+now + 901_000));
      expect(await later.verify(issued.token)).toBeNull();
    });

    it('refuses other algorithms, types, issuers, audiences and a kid it does not have', async () => {
      const header = { alg: 'HS256', typ: 'at+jwt' } as const;
      const none = `${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;
      const hs512 = jwt.sign(payload, secret, { algorithm: 'HS512', header: { alg: 'HS512', typ: 'at+jwt' } });
      const plainJwt = jwt.sign(payload, secret, { algorithm: 'HS256' });
      const otherIssuer = jwt.sign({ ...payload, iss: 'evil' }, secret, { algorithm: 'HS256', header });
      const otherAudience = jwt.sign({ ...payload, aud: 'evil' }, secret, { algorithm: 'HS256', header });
      const withKid = jwt.sign(payload, secret, { algorithm: 'HS256', header: { ...header, kid: 'k' } });
      for (const token of [none, hs512, plainJwt, otherIssuer, otherAudience, withKid, 'garbage'])
        expect(await tokens.verify(token)).toBeNull();
    });

    it('refuses a correctly signed token without exp, which would never expire', async () => {
      const withoutExp: Partial<typeof payload> = { ...payload };
      delete withoutExp.exp;
      const header = { alg: 'HS256', typ: 'at+jwt' } as const;
      expect(await tokens.verify(jwt.sign(withoutExp, secret, { algorithm: 'HS256', header }))).toBeNull();
    });
  });

  describe.each(['ES256', 'RS256'] as const)('%s (keys by kid)', (algorithm) => {
    const { source, pairs } = fixedKeys(algorithm, ['current', 'older']);
    const tokens = new JwtAccessTokens(source, options, () => now);
    const sign = (key: KeyObject, header: { kid?: string }, alg: jwt.Algorithm = algorithm) =>
      jwt.sign(payload, key, { algorithm: alg, header: { typ: 'at+jwt', ...header, alg } });

    it('signs with the current key and names it in the kid header', async () => {
      const issued = tokens.issue(claims);
      expect(jwt.decode(issued.token, { complete: true })?.header).toEqual({
        alg: algorithm,
        typ: 'at+jwt',
        kid: 'current',
      });
      expect(await tokens.verify(issued.token)).toEqual(claims);
      // The token verifies with the public key alone: what a third party holding the JWKS does.
      expect(jwt.verify(issued.token, pairs.get('current')!.publicKey, { clockTimestamp: +now / 1000 })).toMatchObject({
        sub: 'u-1',
      });
    });

    it('verifies a token of an older, still published key, by its kid', async () => {
      expect(await tokens.verify(sign(pairs.get('older')!.privateKey, { kid: 'older' }))).toEqual(claims);
    });

    it('refuses a foreign key under a known kid, no kid, an unknown kid, HS256 with the public key, and none', async () => {
      const foreign = fixedKeys(algorithm, ['current']).pairs.get('current')!.privateKey;
      const publicPem = pairs.get('current')!.publicKey.export({ format: 'pem', type: 'spki' }) as string;
      // Algorithm confusion: an HMAC "signed" with the public key's bytes, which a naive verifier would accept.
      const confused = jwt.sign(payload, publicPem, {
        algorithm: 'HS256',
        header: { alg: 'HS256', typ: 'at+jwt', kid: 'current' },
      });
      const none = `${Buffer.from(`{"alg":"none","typ":"at+jwt","kid":"current"}`).toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;
      const tokensToRefuse = [
        sign(foreign, { kid: 'current' }),
        sign(pairs.get('current')!.privateKey, {}),
        sign(pairs.get('current')!.privateKey, { kid: 'unknown' }),
        confused,
        none,
      ];
      for (const token of tokensToRefuse) expect(await tokens.verify(token)).toBeNull();
    });
  });
});
