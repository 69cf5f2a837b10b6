import { ADMIN_COOKIE_OPTIONS, decodeSessionCookie, encodeSessionCookie } from './admin-cookies';

describe('admin session cookie', () => {
  it('round-trips the token pair', () => {
    const tokens = { accessToken: 'eyJ.a.b', refreshToken: 'sid.secret' };
    const value = encodeSessionCookie(tokens);
    expect(value).toMatch(/^[A-Za-z0-9_-]+$/); // nothing a cookie would have to quote
    expect(decodeSessionCookie(value)).toEqual(tokens);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['not base64 JSON', 'not-json'],
    ['JSON of another shape', Buffer.from('{"accessToken":"a"}').toString('base64url')],
    ['a pair that is not strings', Buffer.from('[1,2]').toString('base64url')],
    ['three values', Buffer.from('["a","b","c"]').toString('base64url')],
    ['oversized', 'A'.repeat(4097)],
  ])('reads %s as no session', (_, value) => {
    expect(decodeSessionCookie(value)).toBeNull();
  });

  it('is HttpOnly, SameSite=Strict and limited to the panel, Secure only under TLS', () => {
    expect(ADMIN_COOKIE_OPTIONS('/auth/admin', false)).toEqual({
      path: '/auth/admin',
      httpOnly: true,
      sameSite: 'strict',
      secure: false,
    });
    expect(ADMIN_COOKIE_OPTIONS('/auth/admin', true).secure).toBe(true);
  });
});
