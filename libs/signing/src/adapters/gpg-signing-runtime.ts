import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { SigningKey } from '../domain/signing';
import { SigningSetupError } from '../domain/signing-setup-error';
import { Agent, AgentPool } from './agents/agent-pool';
import { GpgKeyProtection } from './gpg-key-protection';
import { GpgKeyRegistry } from './gpg-key-registry';
import { runGpg } from './gpg/gpg-process';
import { BadPassphraseError, GpgSigner } from './gpg-signer';
import { PassphraseSource } from './passphrases/passphrase-source';

export interface RuntimeSettings {
  gnupgHome: string;
  keyIds: string[];
  tmpDir: string;
  timeoutMs: number;
  /** SIGNING_FAST_UNPROTECT: re-protect the copies' keys with the smallest S2K count. */
  fastUnprotect: boolean;
}

/** Brings signing up at start (keys, passphrases, agents, proofs), answers readiness, and stops the agents. */
export class GpgSigningRuntime {
  constructor(
    private readonly settings: RuntimeSettings,
    private readonly pool: AgentPool,
    private readonly registry: GpgKeyRegistry,
    private readonly signer: GpgSigner,
    private readonly passphrases: PassphraseSource,
    private readonly protection: GpgKeyProtection,
  ) {}

  /** Every step either succeeds or stops the start with a message naming what to fix; agents never leak. */
  async start(): Promise<SigningKey[]> {
    try {
      await this.checkPrerequisites();
      const { gnupgHome, keyIds, fastUnprotect } = this.settings;
      await this.pool.prepare(gnupgHome, { cheapProtection: fastUnprotect });
      const keys = await this.registry.resolve(keyIds, gnupgHome);
      const passphrases = await this.passphrases.load(keys);
      if (fastUnprotect) await this.protection.protectCheaply(keys, passphrases);
      // Every agent's proofs must be over before the agents are stopped: a proof still running would start
      // its agent again (gpg launches a missing one) and leave it behind.
      const proofs = await Promise.allSettled(this.pool.agents.map((agent) => this.prove(agent, keys, passphrases)));
      const failed = proofs.find((proof): proof is PromiseRejectedResult => proof.status === 'rejected');
      if (failed) throw failed.reason;
      this.signer.usePassphrases(passphrases);
      return keys;
    } catch (error) {
      await this.pool.stop().catch(() => undefined);
      throw error;
    }
  }

  stop(): Promise<void> {
    return this.pool.stop();
  }

  /** Readiness: gpg runs, every agent answers, and no key has expired since the start. */
  async checkReady(): Promise<void> {
    const now = new Date();
    const expired = this.registry.list().find((key) => key.expiresAt && key.expiresAt <= now);
    if (expired) throw new Error(`signing key ${expired.keyid} has expired`);
    await Promise.all(
      this.pool.agents.map(async (agent) => {
        const outcome = await runGpg({
          command: this.pool.tools.connectAgent,
          home: agent.home,
          args: ['GETINFO version', '/bye'],
          timeoutMs: 2500,
        });
        if (outcome.exitCode !== 0 || !/^OK/m.test(outcome.stdout)) throw new Error(`gpg-agent ${agent.index} is down`);
      }),
    );
  }

  private async checkPrerequisites(): Promise<void> {
    const { gnupgHome, tmpDir } = this.settings;
    const home = await stat(gnupgHome).catch(() => null);
    if (!home?.isDirectory()) throw new SigningSetupError(`GNUPGHOME ${gnupgHome} is not a directory`);
    const tmp = await stat(tmpDir).catch(() => null);
    if (!tmp?.isDirectory()) throw new SigningSetupError(`SIGNING_TMP_DIR ${tmpDir} is not a directory`);
    await run(this.pool.tools.gpg, ['--version'], 'GPG_BINARY');
    await run(this.pool.tools.gpgconf, ['--version'], 'gpgconf (beside GPG_BINARY)');
    await run('flock', ['--version'], 'flock (util-linux)');
  }

  /** Signs a probe with every key on this agent and verifies it: a wrong passphrase stops the start. */
  private async prove(agent: Agent, keys: SigningKey[], passphrases: Map<string, string>): Promise<void> {
    for (const key of keys) {
      const name = `keyward-probe-${randomBytes(12).toString('hex')}`;
      const inputPath = path.join(this.settings.tmpDir, name);
      const outputPath = `${inputPath}.asc`;
      try {
        await writeFile(inputPath, `keyward start-up probe for ${key.fingerprint}\n`, { mode: 0o600, flag: 'wx' });
        const request = { key, signType: 'detach-sign', digestAlgo: 'SHA256', inputPath, outputPath } as const;
        await this.signer.signOn(agent, request, passphrases.get(key.fingerprint) ?? '');
        if (!(await this.signer.proves(agent, key, inputPath, outputPath))) {
          throw new SigningSetupError(`The probe signature of signing key ${key.keyid} does not verify`);
        }
      } catch (error) {
        if (error instanceof BadPassphraseError) throw SigningSetupError.wrongPassphrase(key);
        if (error instanceof SigningSetupError) throw error;
        throw new SigningSetupError(
          `Signing key ${key.keyid} could not sign a probe on gpg-agent ${agent.index}: ${(error as Error).message}`,
        );
      } finally {
        await rm(inputPath, { force: true });
        await rm(outputPath, { force: true });
      }
    }
  }
}

async function run(command: string, args: string[], what: string): Promise<void> {
  await promisify(execFile)(command, args, { timeout: 10000 }).catch((error: NodeJS.ErrnoException) => {
    throw new SigningSetupError(`${what} (${command}) cannot be run: ${error.code ?? error.message}`);
  });
}
