import { VerifiedTokens } from './verified-tokens';

describe('VerifiedTokens', () => {
  it('knows a remembered token until its exp, not a second longer, and no other token', () => {
    let now = 1_000_000_000_000;
    const tokens = new VerifiedTokens(() => now);
    const payload = { sub: 'u', sid: 's', exp: now / 1000 + 60 };
    tokens.remember('header.payload.signature', payload);

    expect(tokens.get('header.payload.signature')).toBe(payload);
    expect(tokens.get('header.payload.signaturX')).toBeUndefined();
    now += 59_999;
    expect(tokens.get('header.payload.signature')).toBe(payload);
    now += 1;
    expect(tokens.get('header.payload.signature')).toBeUndefined();
  });

  it('keeps nothing without an exp', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('t', { sub: 'u' });
    expect(tokens.get('t')).toBeUndefined();
  });
});
