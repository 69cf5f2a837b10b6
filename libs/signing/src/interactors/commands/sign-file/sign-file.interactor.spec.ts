import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { Logger } from '@nestjs/common';
import { RecordingMeter, sliceOf } from '@keyward/testing';
import { ValidationFailedError } from '@keyward/kernel';
import {
  FakeKeyRegistry,
  FakeResourceGate,
  FakeSigner,
  fakeKey,
  RecordingAuditLog,
  upload,
} from '../../../../../../test/fakes/signing-fakes';
import { TempFileStaging } from '../../../adapters/staging/temp-file-staging';
import {
  ClientGoneError,
  FileTooLargeError,
  KeyNotAllowedError,
  KeyNotFoundError,
  SigningFailedError,
} from '../../../domain/signing-errors';
import { SigningConfig } from '../../../signing.config';
import { KeyAccess } from '../../key-access';
import { SigningAudit } from '../signing-audit';
import { SignFileCommand } from './sign-file.command';
import { SignFileInteractor } from './sign-file.interactor';

const FPR = '0123456789ABCDEF0123456789ABCDEF89ABCDEF';

describe('SignFileInteractor', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'keyward-sign-unit-'));
  });
  afterEach(() => {
    expect(readdirSync(dir)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  function setup() {
    const config = sliceOf(SigningConfig, { maxUploadBytes: 64, batchMaxFiles: 4 });
    const registry = new FakeKeyRegistry([fakeKey(FPR)]);
    const gate = new FakeResourceGate();
    const signer = new FakeSigner();
    const audit = new RecordingAuditLog();
    const meter = new RecordingMeter();
    const interactor = new SignFileInteractor(
      config,
      new KeyAccess(registry, gate),
      signer,
      new TempFileStaging(dir),
      new SigningAudit(audit, meter),
    );
    const command = (overrides: Partial<SignFileCommand> = {}): SignFileCommand => ({
      actorId: 'user-1',
      ip: '203.0.113.9',
      keyid: '89abcdef',
      signType: 'detach-sign',
      digestAlgo: 'SHA256',
      files: upload(['file', 'hello.txt', 'hello world']),
      ...overrides,
    });
    return { interactor, signer, gate, audit, meter, command };
  }

  it('signs with the resolved key, streams the result and records who signed what, without the content', async () => {
    const { interactor, audit, meter, command } = setup();
    const output = await interactor.execute(command({ signType: 'clear-sign', digestAlgo: 'SHA512' }));
    expect(await text(output.content)).toBe(`clear-sign/SHA512/${FPR.slice(-16)}:hello world`);
    expect(output.size).toBe(Buffer.byteLength(`clear-sign/SHA512/${FPR.slice(-16)}:hello world`));
    expect(audit.events).toEqual([
      {
        actorId: 'user-1',
        action: 'signing.sign',
        targetType: 'signing-key',
        targetId: FPR,
        ip: '203.0.113.9',
        details: {
          keyid: FPR.slice(-16),
          signType: 'clear-sign',
          digestAlgo: 'SHA512',
          files: [
            {
              filename: 'hello.txt',
              size: 11,
              sha256: 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9',
            },
          ],
          result: 'success',
          durationMs: expect.any(Number),
        },
      },
    ]);
    expect(JSON.stringify(audit.events)).not.toContain('hello world');
    expect(meter.signatures).toEqual([
      { operation: 'sign', keyid: FPR.slice(-16), outcome: 'success', seconds: expect.any(Number) },
    ]);
  });

  it('refuses an unknown key and a key the user may not use before reading the upload', async () => {
    const { interactor, gate, audit, meter, command } = setup();
    let read = false;
    async function* untouched() {
      read = true;
      yield* upload(['file', 'a', 'a']);
    }
    await expect(interactor.execute(command({ keyid: 'DEADBEEF', files: untouched() }))).rejects.toBeInstanceOf(
      KeyNotFoundError,
    );
    gate.deny('user-1', `resource-${FPR.slice(-16)}`);
    await expect(interactor.execute(command({ files: untouched() }))).rejects.toBeInstanceOf(KeyNotAllowedError);
    expect(read).toBe(false);
    expect(audit.events.map((e) => [e.targetId, e.details.result, e.details.error, e.details.keyid])).toEqual([
      [null, 'failure', 'KEY_NOT_FOUND', 'DEADBEEF'],
      [FPR, 'failure', 'KEY_NOT_ALLOWED', FPR.slice(-16)],
    ]);
    // The client's unknown reference never becomes a metric label.
    expect(meter.signatures.map((s) => [s.operation, s.keyid, s.outcome])).toEqual([
      ['sign', null, 'failure'],
      ['sign', FPR.slice(-16), 'failure'],
    ]);
  });

  it('needs a file', async () => {
    const { interactor, command } = setup();
    await expect(interactor.execute(command({ files: upload() }))).rejects.toBeInstanceOf(ValidationFailedError);
  });

  it('stops at the size limit and removes what was staged', async () => {
    const { interactor, signer, audit, command } = setup();
    const failure = interactor.execute(command({ files: upload(['file', 'big.bin', 'x'.repeat(65)]) }));
    await expect(failure).rejects.toBeInstanceOf(FileTooLargeError);
    expect(signer.started).toEqual([]);
    expect(audit.events[0].details).toMatchObject({ result: 'failure', error: 'FILE_TOO_LARGE', files: [] });
    // Exactly the limit is fine.
    await text((await interactor.execute(command({ files: upload(['file', 'ok.bin', 'x'.repeat(64)]) }))).content);
  });

  it('signs an empty file', async () => {
    const { interactor, audit, command } = setup();
    await text((await interactor.execute(command({ files: upload(['file', 'empty', '']) }))).content);
    expect(audit.events[0].details).toMatchObject({ files: [{ filename: 'empty', size: 0 }] });
  });

  it('passes a gpg failure on, recorded, with nothing left on disk', async () => {
    const { interactor, audit, command } = setup();
    const failure = interactor.execute(command({ files: upload(['file', 'f', 'FAIL']) }));
    await expect(failure).rejects.toBeInstanceOf(SigningFailedError);
    expect(audit.events[0].details).toMatchObject({ result: 'failure', error: 'SIGNING_FAILED' });
  });

  it('cancels gpg when the client goes away', async () => {
    const { interactor, signer, audit, command } = setup();
    signer.delayMs = 10_000;
    const client = new AbortController();
    const signing = interactor.execute(command({ signal: client.signal }));
    while (signer.started.length === 0) await new Promise((resolve) => setImmediate(resolve));
    client.abort(new ClientGoneError());
    await expect(signing).rejects.toBeInstanceOf(ClientGoneError);
    expect(signer.aborted).toEqual(['hello world']);
    expect(audit.events[0].details).toMatchObject({ result: 'failure', error: 'CLIENT_GONE' });
  });

  it('returns no signature that could not be recorded', async () => {
    const { interactor, audit, command } = setup();
    audit.failing = true;
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    await expect(interactor.execute(command())).rejects.toThrow('audit store down');
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('could not record the failed signing.sign'));
    logged.mockRestore();
  });
});
