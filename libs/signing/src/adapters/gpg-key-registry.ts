import { longKeyId, normalizeKeyReference, referenceMatches } from '../domain/key-reference';
import { SigningKey, SigningKeyRegistry } from '../domain/signing';
import { SigningFailedError } from '../domain/signing-errors';
import { SigningSetupError } from '../domain/signing-setup-error';
import { AgentPool } from './agents/agent-pool';
import { ListedKey, parseSecretKeyListing, unusableReason } from './gpg/gpg-colons';
import { runGpg } from './gpg/gpg-process';

/** The configured keys, resolved from the first agent copy's keyring at start. */
export class GpgKeyRegistry extends SigningKeyRegistry {
  private keys: SigningKey[] = [];
  private readonly resourceIds = new Map<string, string>();
  private readonly exports = new Map<string, Promise<string>>();

  constructor(
    private readonly pool: AgentPool,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  /**
   * Finds every reference among the secret keys; a reference that matches nothing, matches several keys, or
   * names a key that is revoked, expired, cannot sign or has no secret part here stops the start, named.
   */
  async resolve(references: string[], source: string, now = new Date()): Promise<SigningKey[]> {
    const listed = parseSecretKeyListing(await this.gpg(['--list-secret-keys', '--with-colons', '--fixed-list-mode']));
    const keys = new Map<string, SigningKey>();
    for (const reference of references) {
      const key = pick(reference, listed, source);
      const reason = unusableReason(key, now);
      if (reason) throw new SigningSetupError(`Signing key ${reference} (${describe(key)}) ${reason}`);
      keys.set(key.fingerprint, {
        keyid: longKeyId(key.fingerprint),
        fingerprint: key.fingerprint,
        uids: key.uids,
        algorithm: key.algorithm,
        bits: key.bits,
        createdAt: key.createdAt,
        expiresAt: key.expiresAt,
      });
    }
    this.keys = [...keys.values()];
    return this.list();
  }

  list(): SigningKey[] {
    return [...this.keys];
  }

  find(reference: string): SigningKey | null {
    return this.keys.find((key) => referenceMatches(reference, key.fingerprint)) ?? null;
  }

  /** Armored public key; asked of gpg once per key. */
  exportPublicKey(key: SigningKey): Promise<string> {
    let exported = this.exports.get(key.fingerprint);
    if (!exported) {
      exported = this.gpg(['--armor', '--export', key.fingerprint]).then((armored) => {
        if (!armored.includes('BEGIN PGP PUBLIC KEY BLOCK')) {
          throw new SigningFailedError(`gpg exported no public key for ${key.keyid}`);
        }
        return armored;
      });
      exported.catch(() => this.exports.delete(key.fingerprint));
      this.exports.set(key.fingerprint, exported);
    }
    return exported;
  }

  setResourceId(key: SigningKey, resourceId: string): void {
    this.resourceIds.set(key.fingerprint, resourceId);
  }

  resourceIdOf(key: SigningKey): string {
    const id = this.resourceIds.get(key.fingerprint);
    if (!id) throw new Error(`Signing key ${key.keyid} has no access-control resource yet`);
    return id;
  }

  private async gpg(args: string[]): Promise<string> {
    const agent = this.pool.agents[0];
    const outcome = await runGpg({
      command: this.pool.tools.gpg,
      home: agent.home,
      lock: { file: agent.lockFile, mode: 'shared' },
      args: ['--batch', '--no-tty', ...args],
      timeoutMs: this.timeoutMs,
    });
    if (outcome.exitCode !== 0) {
      throw new SigningFailedError(`gpg ${args[0]} exited with status ${outcome.exitCode ?? 'unknown'}`);
    }
    return outcome.stdout;
  }
}

function pick(reference: string, listed: ListedKey[], source: string): ListedKey {
  if (!normalizeKeyReference(reference)) {
    throw new SigningSetupError(`SIGNING_KEY_IDS: ${reference} is not a key id or fingerprint`);
  }
  const matches = listed.filter((key) => referenceMatches(reference, key.fingerprint));
  if (matches.length === 0) {
    throw new SigningSetupError(`Signing key ${reference} was not found among the secret keys in ${source}`);
  }
  if (matches.length > 1) {
    throw new SigningSetupError(
      `Signing key ${reference} is ambiguous in ${source}: use the long key id or fingerprint`,
    );
  }
  return matches[0];
}

function describe(key: ListedKey): string {
  return [key.fingerprint, key.uids[0]].filter(Boolean).join(', ');
}
