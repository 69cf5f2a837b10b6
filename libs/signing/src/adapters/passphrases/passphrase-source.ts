import { readFile } from 'node:fs/promises';
import { SigningKey } from '../../domain/signing';
import { SigningSetupError } from '../../domain/signing-setup-error';
import { parsePassphraseFile, PassphraseEntry, passphraseFor } from './passphrase-file';

/** Asks a person for a passphrase without echoing it. */
export abstract class PassphrasePrompt {
  /** Whether anybody can be asked (a terminal is attached). */
  abstract available(): boolean;
  abstract ask(question: string): Promise<string>;
}

export interface PassphraseSettings {
  passphrase: string | null;
  passphrasesFile: string | null;
}

/**
 * Where each key's passphrase comes from: its line in SIGNING_PASSPHRASES_FILE, else SIGNING_PASSPHRASE,
 * else (neither set) a hidden prompt on the terminal. Passphrases stay in memory and are never logged.
 */
export class PassphraseSource {
  constructor(
    private readonly settings: PassphraseSettings,
    private readonly prompt: PassphrasePrompt,
  ) {}

  async load(keys: SigningKey[]): Promise<Map<string, string>> {
    const entries = await this.fileEntries();
    const passphrases = new Map<string, string>();
    for (const key of keys) {
      const passphrase = (entries && passphraseFor(entries, key.fingerprint)) ?? this.settings.passphrase;
      if (passphrase !== null) {
        passphrases.set(key.fingerprint, passphrase);
      } else if (entries) {
        throw new SigningSetupError(`SIGNING_PASSPHRASES_FILE has no passphrase for signing key ${name(key)}`);
      } else if (!this.prompt.available()) {
        throw new SigningSetupError(
          `No passphrase for signing key ${name(key)}: set SIGNING_PASSPHRASES_FILE (or SIGNING_PASSPHRASE in ` +
            'development), or start the service on a terminal to be asked',
        );
      } else {
        passphrases.set(key.fingerprint, await this.prompt.ask(`Passphrase for signing key ${name(key)}: `));
      }
    }
    return passphrases;
  }

  private async fileEntries(): Promise<PassphraseEntry[] | null> {
    const file = this.settings.passphrasesFile;
    if (!file) return null;
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new SigningSetupError(`SIGNING_PASSPHRASES_FILE ${file} cannot be read (${error.code ?? 'error'})`);
    });
    return parsePassphraseFile(text);
  }
}

function name(key: SigningKey): string {
  return key.uids[0] ? `${key.keyid} (${key.uids[0]})` : key.keyid;
}
