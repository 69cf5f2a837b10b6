import jwt from 'jsonwebtoken';
import { JwtAccessTokens } from './jwt-access-tokens';

describe('JwtAccessTokens', () => {
  const options = { secret: 's'.repeat(40), issuer: 'keyward', audience: 'keyward', ttlSeconds: 900 };
  const now = new Date('2026-11-21T12:00:00Z');
  const tokens = new JwtAccessTokens(options, () => now);
  const claims = { userId: 'u-1', sessionId: 's-1' };

  it('round-trips its own tokens and sets type, issuer, audience and expiry', () => {
    const issued = tokens.issue(claims);
    expect(issued.expiresAt.getTime()).toBe(now.getTime() + 900_000);
    expect(tokens.verify(issued.token)).toEqual(claims);
    const decoded = jwt.decode(issued.token, { complete: true });
    expect(decoded?.header).toEqual({ alg: 'HS256', typ: 'at+jwt' });
    expect(decoded?.payload).toMatchObject({ sub: 'u-1', sid: 's-1', iss: 'keyward', aud: 'keyward' });
  });

  it('refuses expired tokens by its clock', () => {
    const issued = tokens.issue(claims);
    expect(new JwtAccessTokens(options, () => new Date(now.getTime() + 901_000)).verify(issued.token)).toBeNull();
  });

  it('refuses other algorithms, types, issuers and audiences', () => {
    const payload = { sub: 'u-1', sid: 's-1', iss: 'keyward', aud: 'keyward', exp: now.getTime() / 1000 + 60 };
    const none = `${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;
    const hs512 = jwt.sign(payload, options.secret, { algorithm: 'HS512', header: { alg: 'HS512', typ: 'at+jwt' } });
    const plainJwt = jwt.sign(payload, options.secret, { algorithm: 'HS256' });
    const otherIssuer = jwt.sign({ ...payload, iss: 'evil' }, options.secret, {
      algorithm: 'HS256',
      header: { alg: 'HS256', typ: 'at+jwt' },
    });
    const otherAudience = jwt.sign({ ...payload, aud: 'evil' }, options.secret, {
      algorithm: 'HS256',
      header: { alg: 'HS256', typ: 'at+jwt' },
    });
    for (const token of [none, hs512, plainJwt, otherIssuer, otherAudience, 'garbage'])
      expect(tokens.verify(token)).toBeNull();
  });

  it('refuses a correctly signed token without exp, which would never expire', () => {
    const payload = { sub: 'u-1', sid: 's-1', iss: 'keyward', aud: 'keyward' };
    const header = { alg: 'HS256', typ: 'at+jwt' } as const;
    expect(tokens.verify(jwt.sign(payload, options.secret, { algorithm: 'HS256', header }))).toBeNull();
  });
});
