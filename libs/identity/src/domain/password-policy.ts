import { WeakPasswordError } from './identity-errors';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 1024;

/**
 * NIST SP 800-63B style rules: length in Unicode code points (8..1024, no truncation, any characters),
 * and no password from a list of commonly used ones. No composition rules.
 */
export class PasswordPolicy {
  constructor(private readonly commonPasswords: ReadonlySet<string>) {}

  /** The password as it will be hashed (NFKC, so the same text typed differently matches). */
  static normalize(password: string): string {
    return password.normalize('NFKC');
  }

  check(password: string, context: { email?: string } = {}): void {
    const length = [...PasswordPolicy.normalize(password)].length;
    if (length < PASSWORD_MIN_LENGTH) {
      throw new WeakPasswordError(`Password must be at least ${PASSWORD_MIN_LENGTH} characters long`);
    }
    if (length > PASSWORD_MAX_LENGTH) {
      throw new WeakPasswordError(`Password must be at most ${PASSWORD_MAX_LENGTH} characters long`);
    }
    const lowered = password.toLowerCase();
    if (this.commonPasswords.has(lowered)) {
      throw new WeakPasswordError('This password is too common; choose a less predictable one');
    }
    if (context.email && lowered === context.email.trim().toLowerCase()) {
      throw new WeakPasswordError('Password must not be the email address');
    }
  }
}
