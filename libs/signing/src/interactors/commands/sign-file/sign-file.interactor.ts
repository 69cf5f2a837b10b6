import { Injectable } from '@nestjs/common';
import { ValidationFailedError } from '@keyward/kernel';
import { Signer } from '../../../domain/signing';
import { FileStaging, SignedOutput, StagedFile } from '../../../domain/uploads';
import { KeyAccess } from '../../key-access';
import { SigningConfig } from '../../../signing.config';
import { SigningAudit } from '../signing-audit';
import { SignFileCommand } from './sign-file.command';

/**
 * Signs one uploaded file: the key is checked before the upload is read, the upload is staged on disk (never
 * held in memory), gpg signs it into a second file, and the result is handed back as a stream whose file
 * name is already gone. Both files are removed on every path.
 */
@Injectable()
export class SignFileInteractor {
  constructor(
    private readonly config: SigningConfig,
    private readonly keys: KeyAccess,
    private readonly signer: Signer,
    private readonly staging: FileStaging,
    private readonly audit: SigningAudit,
  ) {}

  async execute(command: SignFileCommand): Promise<SignedOutput> {
    const attempt = this.audit.begin('signing.sign', command);
    const outputPath = this.staging.reservePath();
    try {
      const key = (attempt.key = this.keys.resolve(command.keyid));
      await this.keys.assertUsable(command.actorId, key);
      const input = await this.stageOnly(command, attempt.files);
      const { signType, digestAlgo, signal } = command;
      await this.signer.sign({ key, signType, digestAlgo, inputPath: input.path, outputPath, signal });
      const output = await this.staging.takeOver(outputPath);
      await this.audit.succeeded(attempt).catch((error: unknown) => {
        output.content.destroy();
        throw error;
      });
      return output;
    } catch (error) {
      // Once the client is gone, whatever gpg or the parser said is a consequence, not the cause.
      const cause = command.signal?.aborted ? command.signal.reason : error;
      await this.audit.failed(attempt, cause);
      throw cause;
    } finally {
      await this.staging.remove([...attempt.files.map((f) => f.path), outputPath]);
    }
  }

  /** Stages the `file` part; reading on to the end of the body proves nothing else was sent. */
  private async stageOnly(command: SignFileCommand, staged: StagedFile[]): Promise<StagedFile> {
    const maxBytes = this.config.maxUploadBytes;
    for await (const file of command.files) staged.push(await this.staging.stage(file, maxBytes, command.signal));
    if (staged.length === 0)
      throw new ValidationFailedError('file: required', [{ field: 'file', message: 'required' }]);
    return staged[0];
  }
}
