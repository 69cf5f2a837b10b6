import { access, rm } from 'node:fs/promises';
import { Logger } from '@nestjs/common';
import { Signer, SigningKey, SignRequest, VerifyRequest, VerifyResult } from '../domain/signing';
import { SigningFailedError } from '../domain/signing-errors';
import { Agent, AgentPool } from './agents/agent-pool';
import { PASSPHRASE_FD, runGpg, STATUS_FD } from './gpg/gpg-process';
import {
  badPassphrase,
  createdSignature,
  describeFailure,
  HASH_ALGO_IDS,
  pointsAtAgent,
  verification,
} from './gpg/gpg-status';

/** A failure that points at the agent: worth restarting it and trying once more. */
class AgentLostError extends SigningFailedError {}

/** The agent refused the passphrase: at start this names the key; later it cannot happen (proven at start). */
export class BadPassphraseError extends SigningFailedError {}

/** The base of every gpg call: no terminal, machine-readable status on its own descriptor. */
export const BATCH = ['--batch', '--no-tty', '--status-fd', String(STATUS_FD)];

/** Signs through the agent pool with the passphrases proven at start; verifies with the copies' keyrings. */
export class GpgSigner extends Signer {
  private readonly logger = new Logger('Signing');
  private passphrases = new Map<string, string>();

  constructor(
    private readonly pool: AgentPool,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  /** Kept in memory only; keyed by fingerprint. */
  usePassphrases(passphrases: Map<string, string>): void {
    this.passphrases = new Map(passphrases);
  }

  async sign(request: SignRequest): Promise<void> {
    const passphrase = this.passphrases.get(request.key.fingerprint);
    if (passphrase === undefined)
      throw new SigningFailedError(`Key ${request.key.keyid} is not configured for signing`);
    await this.pool.run(request.signal, async (agent) => {
      try {
        await this.signOn(agent, request, passphrase);
      } catch (error) {
        if (!(error instanceof AgentLostError) || request.signal?.aborted) throw error;
        this.logger.warn(`gpg-agent ${agent.index} failed during a sign; restarting it and signing again`);
        await this.pool.restart(agent);
        await this.signOn(agent, request, passphrase);
      }
    });
  }

  /** One gpg run on a given agent; removes the output file on every failure. */
  async signOn(agent: Agent, request: SignRequest, passphrase: string): Promise<void> {
    const { key, digestAlgo, outputPath, inputPath } = request;
    try {
      const outcome = await runGpg({
        command: this.pool.tools.gpg,
        home: agent.home,
        lock: { file: agent.lockFile, mode: 'shared' },
        passphrase,
        timeoutMs: this.timeoutMs,
        signal: request.signal,
        args: [
          ...BATCH,
          '--pinentry-mode',
          'loopback',
          '--passphrase-fd',
          String(PASSPHRASE_FD),
          '--digest-algo',
          digestAlgo,
          '--local-user',
          key.fingerprint,
          '--armor',
          request.signType === 'clear-sign' ? '--clear-sign' : '--detach-sign',
          '--output',
          outputPath,
          '--yes',
          '--',
          inputPath,
        ],
      });
      if (outcome.timedOut) throw new SigningFailedError(`gpg did not finish signing within ${this.timeoutMs} ms`);
      const created = createdSignature(outcome.status);
      if (outcome.exitCode !== 0 || !created) {
        this.logger.debug(`gpg sign with ${key.keyid} on agent ${agent.index} failed: ${outcome.stderr.trim()}`);
        const message = `Signing with key ${key.keyid} failed: ${describeFailure(outcome.status, outcome.exitCode)}`;
        if (badPassphrase(outcome.status)) throw new BadPassphraseError(message);
        throw pointsAtAgent(outcome.status) ? new AgentLostError(message) : new SigningFailedError(message);
      }
      if (created.hashAlgo !== HASH_ALGO_IDS[digestAlgo]) {
        throw new SigningFailedError(`gpg signed with another digest than ${digestAlgo}`);
      }
    } catch (error) {
      await rm(outputPath, { force: true });
      throw error;
    }
  }

  async verify(request: VerifyRequest): Promise<VerifyResult> {
    // Missing inputs are this service's fault, not a bad signature.
    await Promise.all([access(request.dataPath), access(request.signaturePath)]);
    return this.pool.run(request.signal, (agent) => this.verifyOn(agent, request));
  }

  async verifyOn(agent: Agent, request: VerifyRequest): Promise<VerifyResult> {
    const outcome = await runGpg({
      command: this.pool.tools.gpg,
      home: agent.home,
      lock: { file: agent.lockFile, mode: 'shared' },
      timeoutMs: this.timeoutMs,
      signal: request.signal,
      args: [...BATCH, '--no-auto-key-retrieve', '--verify', '--', request.signaturePath, request.dataPath],
    });
    if (outcome.timedOut) throw new SigningFailedError(`gpg did not finish verifying within ${this.timeoutMs} ms`);
    const result = verification(outcome.status);
    if (result) return result;
    // Exit status 1 or 2 without any signature status: what was sent is no detached signature gpg can read.
    if (outcome.exitCode === 1 || outcome.exitCode === 2) {
      return { valid: false, keyid: null, fingerprint: null, signedAt: null };
    }
    this.logger.debug(`gpg verify failed: ${outcome.stderr.trim()}`);
    throw new SigningFailedError(`Verification failed: ${describeFailure(outcome.status, outcome.exitCode)}`);
  }

  /** Whether a detached signature over `dataPath` by exactly this key verifies. */
  async proves(agent: Agent, key: SigningKey, dataPath: string, signaturePath: string): Promise<boolean> {
    const result = await this.verifyOn(agent, { dataPath, signaturePath });
    return result.valid && result.fingerprint === key.fingerprint;
  }
}
