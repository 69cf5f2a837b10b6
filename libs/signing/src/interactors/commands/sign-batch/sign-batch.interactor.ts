import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '@keyward/kernel';
import { SigningKey, Signer } from '../../../domain/signing';
import { FileStaging, SignedOutput } from '../../../domain/uploads';
import { KeyAccess } from '../../key-access';
import { SigningConfig } from '../../../signing.config';
import { SigningAttempt, SigningAudit } from '../signing-audit';
import { abortable } from './abortable';
import { SignBatchCommand, SignedBatch } from './sign-batch.command';

/**
 * Signs every file of an upload, all or nothing. Each file is handed to gpg as soon as it is staged, so
 * signing overlaps the rest of the upload; the agent pool's semaphores bound how many gpg processes run.
 * The first failure aborts everything still running (the adapter kills those gpg processes), stops reading
 * the upload, removes every staged file and is the answer: no signature is returned.
 */
@Injectable()
export class SignBatchInteractor {
  constructor(
    private readonly config: SigningConfig,
    private readonly keys: KeyAccess,
    private readonly signer: Signer,
    private readonly staging: FileStaging,
    private readonly audit: SigningAudit,
  ) {}

  async execute(command: SignBatchCommand): Promise<SignedBatch> {
    const attempt = this.audit.begin('signing.sign-batch', command);
    const outputs: string[] = [];
    const cancel = new AbortController();
    const signal = command.signal ? AbortSignal.any([cancel.signal, command.signal]) : cancel.signal;
    const outcome: { failed: boolean; error?: unknown } = { failed: false };
    const fail = (error: unknown) => {
      if (outcome.failed) return;
      // Once the client is gone, whatever gpg or the parser said is a consequence, not the cause.
      Object.assign(outcome, { failed: true, error: command.signal?.aborted ? command.signal.reason : error });
      cancel.abort(outcome.error);
    };
    const signing: Promise<void>[] = [];
    try {
      const key = (attempt.key = this.keys.resolve(command.keyid));
      await this.keys.assertUsable(command.actorId, key);
      for await (const outputPath of this.stageAll(command, attempt, signal)) {
        outputs.push(outputPath);
        const input = attempt.files[attempt.files.length - 1];
        signing.push(this.signOne(key, command, input.path, outputPath, signal).catch(fail));
      }
      // The upload stops early when the client leaves between two parts: that is no smaller batch.
      command.signal?.throwIfAborted();
      if (attempt.files.length === 0)
        throw new ValidationFailedError('files: at least one file is required', [
          { field: 'files', message: 'required' },
        ]);
    } catch (error) {
      fail(error);
    }
    await Promise.all(signing);
    try {
      if (outcome.failed) throw outcome.error;
      return await this.collect(attempt, outputs);
    } catch (error) {
      await this.audit.failed(attempt, error);
      throw error;
    } finally {
      await this.staging.remove([...attempt.files.map((f) => f.path), ...outputs]);
    }
  }

  /** Stages the files one by one as they arrive, yielding where each one's signature goes. */
  private async *stageAll(command: SignBatchCommand, attempt: SigningAttempt, signal: AbortSignal) {
    const { maxUploadBytes, batchMaxFiles } = this.config;
    for await (const file of abortable(command.files, signal)) {
      if (attempt.files.length === batchMaxFiles)
        throw new ValidationFailedError(`files: at most ${batchMaxFiles} files per batch`, [
          { field: 'files', message: `at most ${batchMaxFiles}` },
        ]);
      attempt.files.push(await this.staging.stage(file, maxUploadBytes, signal));
      yield this.staging.reservePath();
    }
  }

  private signOne(
    key: SigningKey,
    command: SignBatchCommand,
    inputPath: string,
    outputPath: string,
    signal: AbortSignal,
  ) {
    const { signType, digestAlgo } = command;
    return this.signer.sign({ key, signType, digestAlgo, inputPath, outputPath, signal });
  }

  /** Opens every signature (unlinking it), records the batch, and hands the streams over. */
  private async collect(attempt: SigningAttempt, outputs: string[]): Promise<SignedBatch> {
    const opened: SignedOutput[] = [];
    try {
      for (const output of outputs) opened.push(await this.staging.takeOver(output));
      await this.audit.succeeded(attempt);
    } catch (error) {
      for (const output of opened) output.content.destroy();
      throw error;
    }
    const results = opened.map((signature, i) => ({ filename: attempt.files[i].filename, signature }));
    return { results, total: results.length, successful: results.length };
  }
}
