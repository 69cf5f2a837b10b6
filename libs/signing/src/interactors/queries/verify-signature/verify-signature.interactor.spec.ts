import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sliceOf } from '@keyward/testing';
import { ValidationFailedError } from '@keyward/kernel';
import { FakeSigner, RecordingAuditLog, upload } from '../../../../../../test/fakes/signing-fakes';
import { TempFileStaging } from '../../../adapters/staging/temp-file-staging';
import { FileTooLargeError, SigningDisabledError } from '../../../domain/signing-errors';
import { SigningConfig } from '../../../signing.config';
import { VerifySignatureInteractor } from './verify-signature.interactor';

describe('VerifySignatureInteractor', () => {
  let dir: string;
  let verify: VerifySignatureInteractor;
  let audit: RecordingAuditLog;
  const actorId = '00000000-0000-4000-8000-0000000000aa';
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'keyward-verify-unit-'));
    audit = new RecordingAuditLog();
    const config = sliceOf(SigningConfig, { maxUploadBytes: 64, keyIds: ['0123456789ABCDEF'] });
    verify = new VerifySignatureInteractor(config, new FakeSigner(), new TempFileStaging(dir), audit);
  });
  afterEach(() => {
    expect(readdirSync(dir)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  const signature = 'detach-sign/SHA256/0123456789ABCDEF:';

  it('answers who signed and when, in either part order', async () => {
    const files = upload(['signature', 's.asc', `${signature}data`], ['file', 'f', 'data']);
    expect(await verify.execute({ actorId, files })).toEqual({
      valid: true,
      keyid: '0123456789ABCDEF',
      fingerprint: '0000000000000000000000000123456789ABCDEF',
      signedAt: '2026-11-21T12:00:00.000Z',
    });
    expect(audit.events).toEqual([
      {
        actorId,
        action: 'signing.verify',
        targetType: 'signing-key',
        targetId: '0000000000000000000000000123456789ABCDEF',
        details: {
          valid: true,
          keyid: '0123456789ABCDEF',
          file: { filename: 'f', size: 4, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
        },
      },
    ]);
  });

  it('answers valid: false for a signature over other data or no signature at all', async () => {
    for (const sig of [`${signature}other`, 'not a signature']) {
      const files = upload(['file', 'f', 'data'], ['signature', 's.asc', sig]);
      expect(await verify.execute({ actorId, files })).toEqual({
        valid: false,
        keyid: null,
        fingerprint: null,
        signedAt: null,
      });
    }
  });

  it('needs both parts, each within the upload limit', async () => {
    const failure = await verify.execute({ actorId, files: upload(['file', 'f', 'data']) }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ValidationFailedError);
    expect((failure as ValidationFailedError).extensions.errors).toEqual([{ field: 'signature', message: 'required' }]);
    const big = upload(['file', 'f', 'x'.repeat(65)], ['signature', 's', signature]);
    await expect(verify.execute({ actorId, files: big })).rejects.toBeInstanceOf(FileTooLargeError);
  });

  it('answers SIGNING_DISABLED without reading the upload when no signing key is configured', async () => {
    const config = sliceOf(SigningConfig, { maxUploadBytes: 64, keyIds: [] });
    const disabled = new VerifySignatureInteractor(config, new FakeSigner(), new TempFileStaging(dir), audit);
    let read = false;
    const files = {
      async *[Symbol.asyncIterator]() {
        read = true;
        yield* upload(['file', 'f', 'data'], ['signature', 's.asc', `${signature}data`]);
      },
    };
    await expect(disabled.execute({ actorId, files })).rejects.toBeInstanceOf(SigningDisabledError);
    expect(read).toBe(false);
  });
});
