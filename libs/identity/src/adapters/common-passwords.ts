import { dictionary } from '@zxcvbn-ts/language-common';

/** The ~49,000 most common passwords from the zxcvbn-ts project's maintained list, lower-cased. */
export function loadCommonPasswords(): ReadonlySet<string> {
  return new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()));
}
