import { Logger } from '@nestjs/common';
import { SigningKey } from '../domain/signing';
import { SigningSetupError } from '../domain/signing-setup-error';
import { Agent, AgentPool } from './agents/agent-pool';
import { PASSPHRASE_FD, runGpg } from './gpg/gpg-process';
import { badPassphrase, describeFailure } from './gpg/gpg-status';
import { BATCH } from './gpg-signer';

/**
 * SIGNING_FAST_UNPROTECT: re-protects the copies' secret keys with the same passphrase and the smallest S2K
 * count (the copies' agents run with `s2k-count 65536`), so that a signature no longer pays the key's
 * calibrated passphrase KDF (about 0.6 s). Caching the unlocked key instead would be faster still, but the
 * agents check the passphrase of every sign (`ignore-cache-for-signing`) so that a wrong one is always refused.
 * The operator's GNUPGHOME is never touched; the cheaper keys exist only in the agent copies.
 */
export class GpgKeyProtection {
  private readonly logger = new Logger('Signing');

  constructor(
    private readonly pool: AgentPool,
    private readonly timeoutMs: number,
  ) {}

  /** Re-protects every key once, on the first copy, and spreads the result to the others. */
  async protectCheaply(keys: SigningKey[], passphrases: Map<string, string>): Promise<void> {
    const started = performance.now();
    await this.pool.protectCheaply(async (agent) => {
      for (const key of keys) await this.reprotect(agent, key, passphrases.get(key.fingerprint) ?? '');
    });
    const ms = Math.round(performance.now() - started);
    this.logger.log(`re-protected ${keys.length} signing key(s) in the gpg-agent copies in ${ms} ms`);
  }

  /** `gpg --passwd` in loopback mode answers both the old and the new passphrase from the descriptor. */
  private async reprotect(agent: Agent, key: SigningKey, passphrase: string): Promise<void> {
    const outcome = await runGpg({
      command: this.pool.tools.gpg,
      home: agent.home,
      // No lock: the pool holds this copy's exclusive one while this runs.
      passphrase,
      timeoutMs: this.timeoutMs,
      args: [
        ...BATCH,
        '--pinentry-mode',
        'loopback',
        '--passphrase-fd',
        String(PASSPHRASE_FD),
        '--passwd',
        key.fingerprint,
      ],
    });
    // gpg --passwd exits 0 even when the agent refused the passphrase: only its status line says it worked.
    const changed = outcome.status.some((line) => line.keyword === 'SUCCESS' && line.args[0] === 'keyedit.passwd');
    if (changed && outcome.exitCode === 0) return;
    if (badPassphrase(outcome.status)) throw SigningSetupError.wrongPassphrase(key);
    const message = `Re-protecting signing key ${key.keyid} failed: ${describeFailure(outcome.status, outcome.exitCode)}`;
    this.logger.debug(`gpg --passwd for ${key.keyid} failed: ${outcome.stderr.trim()}`);
    throw new SigningSetupError(outcome.timedOut ? `${message} (timed out after ${this.timeoutMs} ms)` : message);
  }
}
