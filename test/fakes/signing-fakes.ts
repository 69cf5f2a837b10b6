import { readFile, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { ResourceGate } from '@keyward/kernel';
import {
  SigningKey,
  SigningKeyRegistry,
  Signer,
  SignRequest,
  VerifyRequest,
  VerifyResult,
} from '../../libs/signing/src/domain/signing';
import { SigningFailedError } from '../../libs/signing/src/domain/signing-errors';
import { IncomingFile } from '../../libs/signing/src/domain/uploads';

export function fakeKey(fingerprint: string, overrides: Partial<SigningKey> = {}): SigningKey {
  return {
    keyid: fingerprint.slice(-16),
    fingerprint,
    uids: [`Key ${fingerprint.slice(-4)} <k${fingerprint.slice(-4)}@example.com>`],
    algorithm: 'EdDSA',
    bits: 255,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    expiresAt: null,
    ...overrides,
  };
}

export class FakeKeyRegistry extends SigningKeyRegistry {
  constructor(readonly keys: SigningKey[]) {
    super();
  }
  list(): SigningKey[] {
    return this.keys;
  }
  find(reference: string): SigningKey | null {
    const hex = reference.replace(/^0x/i, '').toUpperCase();
    return this.keys.find((k) => hex.length >= 8 && k.fingerprint.endsWith(hex)) ?? null;
  }
  resourceIdOf(key: SigningKey): string {
    return `resource-${key.keyid}`;
  }
  async exportPublicKey(key: SigningKey): Promise<string> {
    return `-----BEGIN PGP PUBLIC KEY BLOCK-----\n${key.fingerprint}\n-----END PGP PUBLIC KEY BLOCK-----\n`;
  }
}

/**
 * Writes `<signType>/<digestAlgo>/<keyid>:<input>` as the "signature". Inputs containing FAIL fail after
 * `failAfterMs`; every sign takes `delayMs` and stops at once when aborted, as the gpg adapter does.
 */
export class FakeSigner extends Signer {
  delayMs = 0;
  failAfterMs = 0;
  readonly started: string[] = [];
  readonly aborted: string[] = [];
  readonly completed: string[] = [];
  /** The most signs that were running at one moment: proves parallelism without timing the clock. */
  maxInFlight = 0;
  /**
   * When set, each sign waits (up to 15 s) until this many are running at once, so a test sees parallel signing
   * however slowly a loaded machine stages the files; one that signs one by one still ends with maxInFlight 1.
   */
  meetInFlight = 0;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];

  async sign(request: SignRequest): Promise<void> {
    const input = await readFile(request.inputPath, 'utf8');
    this.started.push(input);
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    try {
      await this.meet();
      if (input.includes('FAIL')) {
        await sleep(this.failAfterMs, undefined, { signal: request.signal });
        throw new SigningFailedError();
      }
      await sleep(this.delayMs, undefined, { signal: request.signal });
    } catch (error) {
      if (request.signal?.aborted) this.aborted.push(input);
      throw error;
    } finally {
      this.inFlight--;
    }
    await writeFile(request.outputPath, `${request.signType}/${request.digestAlgo}/${request.key.keyid}:${input}`, {
      flag: 'wx',
    });
    this.completed.push(input);
  }

  private async meet(): Promise<void> {
    if (this.inFlight >= this.meetInFlight) {
      this.waiting.splice(0).forEach((release) => release());
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      timer = setTimeout(resolve, 15_000);
    });
    clearTimeout(timer);
  }

  async verify(request: VerifyRequest): Promise<VerifyResult> {
    const [data, signature] = await Promise.all([readFile(request.dataPath), readFile(request.signaturePath)]);
    const match = /^detach-sign\/[A-Z0-9]+\/([0-9A-F]{16}):/.exec(signature.toString());
    const valid = !!match && signature.subarray(match[0].length).equals(data);
    return valid
      ? {
          valid,
          keyid: match[1],
          fingerprint: `${'0'.repeat(24)}${match[1]}`,
          signedAt: new Date('2026-11-21T12:00:00Z'),
        }
      : { valid: false, keyid: null, fingerprint: null, signedAt: null };
  }
}

/** Every resource open, except those closed to a user with `deny`. */
export class FakeResourceGate extends ResourceGate {
  private readonly denied = new Set<string>();
  deny(userId: string, resourceId: string): void {
    this.denied.add(`${userId}/${resourceId}`);
  }
  async ensureSystemResource(input: { type: string; name: string }): Promise<{ id: string }> {
    return { id: `resource-${input.name}` };
  }
  async usableBy(userId: string, resourceId: string): Promise<boolean> {
    return !this.denied.has(`${userId}/${resourceId}`);
  }
}

export { RecordingAuditLog } from './recording-audit-log';

/** An upload as the multipart layer hands it over: parts that stream their content once. */
export async function* upload(...files: [field: string, filename: string, content: string | Buffer][]) {
  for (const [field, filename, content] of files) {
    const file: IncomingFile = { field, filename, content: Readable.from([Buffer.from(content)]) };
    yield file;
  }
}
