import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
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
  SigningFailedError,
} from '../../../domain/signing-errors';
import { SigningConfig } from '../../../signing.config';
import { KeyAccess } from '../../key-access';
import { SigningAudit } from '../signing-audit';
import { SignBatchCommand } from './sign-batch.command';
import { SignBatchInteractor } from './sign-batch.interactor';

const FPR = '0123456789ABCDEF0123456789ABCDEF89ABCDEF';
const KEYID = FPR.slice(-16);

describe('SignBatchInteractor', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'keyward-batch-unit-'));
  });
  afterEach(() => {
    expect(readdirSync(dir)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });

  function setup() {
    const config = sliceOf(SigningConfig, { maxUploadBytes: 64, batchMaxFiles: 4 });
    const gate = new FakeResourceGate();
    const signer = new FakeSigner();
    const audit = new RecordingAuditLog();
    const meter = new RecordingMeter();
    const interactor = new SignBatchInteractor(
      config,
      new KeyAccess(new FakeKeyRegistry([fakeKey(FPR)]), gate),
      signer,
      new TempFileStaging(dir),
      new SigningAudit(audit, meter),
    );
    const command = (files: [string, string][]): SignBatchCommand => ({
      actorId: 'user-1',
      ip: null,
      keyid: KEYID,
      signType: 'detach-sign',
      digestAlgo: 'SHA256',
      files: upload(...files.map(([name, content]) => ['files', name, content] as [string, string, string])),
    });
    return { interactor, signer, gate, audit, meter, command };
  }

  it('signs every file, in parallel, and answers in upload order with one audit event', async () => {
    const { interactor, signer, audit, meter, command } = setup();
    signer.meetInFlight = 3;
    const batch = await interactor.execute(
      command([
        ['a.txt', 'A'],
        ['b.txt', 'B'],
        ['c.txt', 'C'],
      ]),
    );
    expect(signer.maxInFlight).toBe(3);
    const results = await Promise.all(batch.results.map(async (r) => [r.filename, await text(r.signature.content)]));
    expect(results).toEqual([
      ['a.txt', `detach-sign/SHA256/${KEYID}:A`],
      ['b.txt', `detach-sign/SHA256/${KEYID}:B`],
      ['c.txt', `detach-sign/SHA256/${KEYID}:C`],
    ]);
    expect([batch.total, batch.successful]).toEqual([3, 3]);
    expect(audit.events).toHaveLength(1);
    expect(audit.events[0]).toMatchObject({ action: 'signing.sign-batch', targetId: FPR });
    expect(audit.events[0].details).toMatchObject({
      result: 'success',
      files: [
        { filename: 'a.txt', size: 1 },
        { filename: 'b.txt', size: 1 },
        { filename: 'c.txt', size: 1 },
      ],
    });
    expect(meter.signatures.map((s) => [s.operation, s.keyid, s.outcome])).toEqual([['sign-batch', KEYID, 'success']]);
  });

  it('fails fast: the first failure cancels the other signs, removes every file and returns no signature', async () => {
    const { interactor, signer, audit, meter, command } = setup();
    signer.delayMs = 10_000;
    signer.failAfterMs = 50;
    const failure = interactor.execute(
      command([
        ['a', 'A'],
        ['bad', 'FAIL'],
        ['c', 'C'],
        ['d', 'D'],
      ]),
    );
    await expect(failure).rejects.toBeInstanceOf(SigningFailedError);
    expect(signer.completed).toEqual([]);
    expect(signer.aborted.sort()).toEqual(['A', 'C', 'D']);
    expect(audit.events[0].details).toMatchObject({ result: 'failure', error: 'SIGNING_FAILED' });
    expect(meter.signatures.map((s) => [s.operation, s.keyid, s.outcome])).toEqual([['sign-batch', KEYID, 'failure']]);
  });

  it('stops reading the upload once a sign has failed', async () => {
    const { interactor, signer } = setup();
    let offered = 0;
    async function* slowUpload() {
      for (const part of ['FAIL', 'B', 'C']) {
        offered += 1;
        yield* upload(['files', part, part]);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    const failure = interactor.execute({ ...setup().command([]), files: slowUpload() });
    await expect(failure).rejects.toBeInstanceOf(SigningFailedError);
    expect(offered).toBeLessThan(3);
    expect(signer.completed).toEqual([]);
  });

  it('records a client that left between two files as a failure, not as a smaller successful batch', async () => {
    const { interactor, signer, audit, command } = setup();
    const client = new AbortController();
    async function* leavingUpload() {
      yield* upload(['files', 'a', 'A']);
      // The client goes away while the next part is awaited; the first file is signed by then.
      while (!signer.completed.includes('A')) await new Promise((resolve) => setTimeout(resolve, 5));
      client.abort(new ClientGoneError());
      await new Promise((resolve) => setTimeout(resolve, 1000));
      yield* upload(['files', 'b', 'B']);
    }
    const gone = interactor.execute({ ...command([]), files: leavingUpload(), signal: client.signal });
    await expect(gone).rejects.toBeInstanceOf(ClientGoneError);
    expect(audit.events).toHaveLength(1);
    expect(audit.events[0].details).toMatchObject({ result: 'failure', error: 'CLIENT_GONE' });
  });

  it('refuses an oversized file, too many files, no files, and a key the user may not use', async () => {
    const { interactor, gate, signer, command } = setup();
    signer.delayMs = 10_000;
    const big = interactor.execute(
      command([
        ['a', 'A'],
        ['big', 'x'.repeat(65)],
      ]),
    );
    await expect(big).rejects.toBeInstanceOf(FileTooLargeError);
    expect(signer.aborted).toEqual(['A']);
    const five = command(['1', '2', '3', '4', '5'].map((n) => [n, n]));
    await expect(interactor.execute(five)).rejects.toBeInstanceOf(ValidationFailedError);
    await expect(interactor.execute(command([]))).rejects.toBeInstanceOf(ValidationFailedError);
    gate.deny('user-1', `resource-${KEYID}`);
    await expect(interactor.execute(command([['a', 'A']]))).rejects.toBeInstanceOf(KeyNotAllowedError);
  });
});
