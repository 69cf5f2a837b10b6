import { Injectable, Logger } from '@nestjs/common';
import { AppError, AuditLog, DomainMeter } from '@keyward/kernel';
import { DigestAlgo, SigningKey, SignType } from '../../domain/signing';
import { StagedFile } from '../../domain/uploads';

/** One sign or batch request, filled in as it goes, recorded once at the end whatever the outcome. */
export interface SigningAttempt {
  action: 'signing.sign' | 'signing.sign-batch';
  actorId: string;
  ip: string | null;
  /** As the client named it, until the key is resolved. */
  reference: string;
  key: SigningKey | null;
  signType: SignType;
  digestAlgo: DigestAlgo;
  files: StagedFile[];
  startedAt: number;
}

/**
 * Who signed what with which key: names, sizes and digests of the inputs, never their content. Both sign
 * commands (sign-file, sign-batch) record through it, so one file and a batch are recorded in the same shape,
 * and counted in the metrics once each, by outcome.
 */
@Injectable()
export class SigningAudit {
  private readonly logger = new Logger('Signing');

  constructor(
    private readonly audit: AuditLog,
    private readonly meter: DomainMeter,
  ) {}

  begin(
    action: SigningAttempt['action'],
    command: { actorId: string; ip: string | null; keyid: string; signType: SignType; digestAlgo: DigestAlgo },
  ): SigningAttempt {
    return {
      action,
      actorId: command.actorId,
      ip: command.ip,
      reference: command.keyid.slice(0, 100),
      key: null,
      signType: command.signType,
      digestAlgo: command.digestAlgo,
      files: [],
      startedAt: performance.now(),
    };
  }

  /** Throws when the event cannot be written: no signature leaves the service unrecorded. */
  async succeeded(attempt: SigningAttempt): Promise<void> {
    await this.audit.record(this.eventOf(attempt, { result: 'success' }));
    this.measure(attempt, 'success');
  }

  /** Never throws: the client gets the original error, the log gets the recording problem. */
  async failed(attempt: SigningAttempt, error: unknown): Promise<void> {
    const code = error instanceof AppError ? error.code : 'INTERNAL_ERROR';
    this.measure(attempt, 'failure');
    try {
      await this.audit.record(this.eventOf(attempt, { result: 'failure', error: code }));
    } catch (recording) {
      this.logger.error(
        `could not record the failed ${attempt.action} of ${attempt.actorId}: ${recording instanceof Error ? recording.message : String(recording)}`,
      );
    }
  }

  private measure(attempt: SigningAttempt, outcome: 'success' | 'failure'): void {
    this.meter.signed({
      operation: attempt.action === 'signing.sign' ? 'sign' : 'sign-batch',
      keyid: attempt.key?.keyid ?? null,
      outcome,
      seconds: (performance.now() - attempt.startedAt) / 1000,
    });
  }

  private eventOf(attempt: SigningAttempt, outcome: { result: 'success' | 'failure'; error?: string }) {
    return {
      actorId: attempt.actorId,
      action: attempt.action,
      targetType: 'signing-key',
      targetId: attempt.key?.fingerprint ?? null,
      ip: attempt.ip,
      details: {
        keyid: attempt.key?.keyid ?? attempt.reference,
        signType: attempt.signType,
        digestAlgo: attempt.digestAlgo,
        // Client-chosen names can be as long as a multipart header; the digest identifies the file anyway.
        files: attempt.files.map((f) => ({ filename: f.filename.slice(0, 255), size: f.size, sha256: f.sha256 })),
        ...outcome,
        durationMs: Math.round(performance.now() - attempt.startedAt),
      },
    };
  }
}
