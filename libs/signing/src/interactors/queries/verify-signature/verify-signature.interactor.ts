import { Injectable } from '@nestjs/common';
import { AuditLog, FieldError, ValidationFailedError } from '@keyward/kernel';
import { Signer } from '../../../domain/signing';
import { SigningDisabledError } from '../../../domain/signing-errors';
import { FileStaging, IncomingFile, StagedFile } from '../../../domain/uploads';
import { SigningConfig } from '../../../signing.config';

export interface VerificationView {
  valid: boolean;
  keyid: string | null;
  fingerprint: string | null;
  signedAt: string | null;
}

const PARTS = ['file', 'signature'] as const;

/**
 * Checks a detached signature over a file. A bad or foreign signature is an answer (`valid: false`), not an error.
 * Each answer is audited (signing.verify) with the file's name, size and digest, never its content.
 */
@Injectable()
export class VerifySignatureInteractor {
  constructor(
    private readonly config: SigningConfig,
    private readonly signer: Signer,
    private readonly staging: FileStaging,
    private readonly audit: AuditLog,
  ) {}

  async execute(query: {
    actorId: string;
    files: AsyncIterable<IncomingFile>;
    signal?: AbortSignal;
  }): Promise<VerificationView> {
    // Before the upload is read: a client sending a large file learns at once that it is pointless.
    if (this.config.keyIds.length === 0) throw new SigningDisabledError();
    const staged = new Map<string, StagedFile>();
    try {
      for await (const file of query.files)
        staged.set(file.field, await this.staging.stage(file, this.config.maxUploadBytes, query.signal));
      const data = staged.get('file');
      const signature = staged.get('signature');
      if (!data || !signature) {
        const missing: FieldError[] = PARTS.filter((p) => !staged.has(p)).map((field) => ({
          field,
          message: 'required',
        }));
        throw new ValidationFailedError(missing.map((m) => `${m.field}: required`).join('; '), missing);
      }
      const result = await this.signer.verify({
        dataPath: data.path,
        signaturePath: signature.path,
        signal: query.signal,
      });
      await this.audit.record({
        actorId: query.actorId,
        action: 'signing.verify',
        targetType: 'signing-key',
        targetId: result.fingerprint,
        details: {
          valid: result.valid,
          keyid: result.keyid,
          file: { filename: data.filename.slice(0, 255), size: data.size, sha256: data.sha256 },
        },
      });
      return {
        valid: result.valid,
        keyid: result.keyid,
        fingerprint: result.fingerprint,
        signedAt: result.signedAt?.toISOString() ?? null,
      };
    } catch (error) {
      throw query.signal?.aborted ? query.signal.reason : error;
    } finally {
      await this.staging.remove([...staged.values()].map((f) => f.path));
    }
  }
}
