import { WeakPasswordError } from './identity-errors';
import { PasswordPolicy } from './password-policy';

describe('PasswordPolicy', () => {
  const policy = new PasswordPolicy(new Set(['password1', 'iloveyou']));

  it('counts code points, not UTF-16 units, for the length rules', () => {
    expect(() => policy.check('😀😀😀😀😀😀😀')).toThrow(WeakPasswordError);
    expect(() => policy.check('😀😀😀😀😀😀😀😀')).not.toThrow();
    expect(() => policy.check('x'.repeat(1024))).not.toThrow();
    expect(() => policy.check('x'.repeat(1025))).toThrow(/at most 1024/);
  });

  it('refuses listed passwords in any case and the email itself', () => {
    expect(() => policy.check('PASSWORD1')).toThrow(/too common/);
    expect(() => policy.check('me@example.com', { email: 'Me@Example.com' })).toThrow(/email/);
  });

  it('normalises compatible Unicode forms the same way', () => {
    expect(PasswordPolicy.normalize('ﬁancée')).toBe(PasswordPolicy.normalize('fiancée'));
  });
});
