import { normalizeKeyReference, referenceMatches } from '../../domain/key-reference';
import { SigningSetupError } from '../../domain/signing-setup-error';

export interface PassphraseEntry {
  /** Any key reference: short or long key id or fingerprint. */
  reference: string;
  passphrase: string;
}

/**
 * Reads `KEYID=passphrase` lines. Blank lines and lines starting with `#` are skipped; the passphrase is
 * everything after the first `=`, kept exactly (it may contain `=` or spaces). Errors name the line number,
 * never its content.
 */
export function parsePassphraseFile(text: string): PassphraseEntry[] {
  const entries: PassphraseEntry[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (!line.trim() || line.trimStart().startsWith('#')) return;
    const separator = line.indexOf('=');
    const reference = separator > 0 ? line.slice(0, separator).trim() : '';
    if (!normalizeKeyReference(reference)) {
      throw new SigningSetupError(
        `SIGNING_PASSPHRASES_FILE line ${index + 1}: expected KEYID=passphrase (KEYID a key id or fingerprint)`,
      );
    }
    entries.push({ reference, passphrase: line.slice(separator + 1) });
  });
  return entries;
}

export function passphraseFor(entries: PassphraseEntry[], fingerprint: string): string | null {
  return entries.find((entry) => referenceMatches(entry.reference, fingerprint))?.passphrase ?? null;
}
