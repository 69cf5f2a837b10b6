import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import * as openpgp from 'openpgp';
import {
  agentProcesses,
  createGpgFixture,
  createGpgStub,
  GpgFixture,
  GpgTestKey,
  processAlive,
} from '../../../../test/fixtures/gpg';
import { createSigningRuntime, SigningRuntimeKit } from '../../../../test/fixtures/gpg-runtime';
import { DigestAlgo, SigningKey, SignType } from '../domain/signing';
import { SigningFailedError } from '../domain/signing-errors';
import { AgentPool } from './agents/agent-pool';
import { GpgSigner } from './gpg-signer';
import { gpgTools } from './gpg/gpg-tools';

const exec = promisify(execFile);
const HASH_IDS: Record<DigestAlgo, number> = { SHA256: 8, SHA384: 9, SHA512: 10 };

describe('GpgSigner against the real gpg (2 agents)', () => {
  let fixture: GpgFixture;
  let kit: SigningRuntimeKit;
  let work: string;
  let keys: SigningKey[];
  const testKey = (key: SigningKey): GpgTestKey => fixture.keys.find((k) => k.fingerprint === key.fingerprint)!;
  let counter = 0;
  const file = (content: Buffer | string) => {
    const name = path.join(work, `in-${counter++}`);
    writeFileSync(name, content);
    return name;
  };
  const outputFor = (input: string) => `${input}.asc`;

  beforeAll(async () => {
    fixture = createGpgFixture();
    work = mkdtempSync('/tmp/kww-');
    const lines = fixture.keys.map((k) => `${k.keyid}=${k.passphrase}`);
    writeFileSync(path.join(work, 'passphrases'), lines.join('\n'));
    kit = createSigningRuntime({
      home: fixture.home,
      keyIds: fixture.keys.map((k) => k.keyid),
      agents: 2,
      passphrasesFile: path.join(work, 'passphrases'),
    });
    keys = await kit.runtime.start();
  });
  afterAll(async () => {
    try {
      await kit.cleanup();
    } finally {
      fixture.cleanup();
      rmSync(work, { recursive: true, force: true });
    }
  });

  const sign = async (
    key: SigningKey,
    inputPath: string,
    signType: SignType = 'detach-sign',
    digestAlgo: DigestAlgo = 'SHA256',
  ) => {
    const outputPath = outputFor(inputPath);
    await kit.signer.sign({ key, signType, digestAlgo, inputPath, outputPath });
    return readFileSync(outputPath, 'utf8');
  };
  const gpgVerify = async (...args: string[]) => {
    const { stdout } = await exec('gpg', [
      '--homedir',
      fixture.home,
      '--batch',
      '--status-fd',
      '1',
      '--verify',
      ...args,
    ]);
    return stdout;
  };
  const publicKey = async (key: SigningKey) => openpgp.readKey({ armoredKey: await kit.registry.exportPublicKey(key) });
  const openpgpVerifyDetached = async (key: SigningKey, data: Buffer, armored: string) => {
    const signature = await openpgp.readSignature({ armoredSignature: armored });
    const message = await openpgp.createMessage({ binary: data });
    const { signatures } = await openpgp.verify({ message, signature, verificationKeys: await publicKey(key) });
    await signatures[0].verified;
    return signature.packets[0].hashAlgorithm;
  };

  describe.each([
    ['RSA', 0],
    ['ed25519', 1],
  ])('with the %s key', (_, index) => {
    const key = () => keys[index];

    it.each(['SHA256', 'SHA384', 'SHA512'] as DigestAlgo[])(
      'makes a detached %s signature of binary data that gpg and OpenPGP.js accept',
      async (digest) => {
        const data = randomBytes(4096);
        const input = file(data);
        const armored = await sign(key(), input, 'detach-sign', digest);
        expect(armored).toMatch(/^-----BEGIN PGP SIGNATURE-----/);
        expect(await gpgVerify(outputFor(input), input)).toContain(`VALIDSIG ${key().fingerprint}`);
        expect(await openpgpVerifyDetached(key(), data, armored)).toBe(HASH_IDS[digest]);
      },
    );

    it('clear-signs a text document that gpg and OpenPGP.js accept', async () => {
      const text = 'Release notes\n- line one\n-- dashes are escaped\n\nFrom here on: trailing spaces  \n';
      const input = file(text);
      const signed = await sign(key(), input, 'clear-sign', 'SHA512');
      expect(signed).toMatch(/^-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n/);
      expect(await gpgVerify(outputFor(input))).toContain(`VALIDSIG ${key().fingerprint}`);
      const message = await openpgp.readCleartextMessage({ cleartextMessage: signed });
      const { signatures, data } = await openpgp.verify({ message, verificationKeys: await publicKey(key()) });
      await signatures[0].verified;
      expect(data).toBe(text.replace(/ +\n/g, '\n').replace(/\n$/, ''));
    });

    it('signs an empty file', async () => {
      const input = file(Buffer.alloc(0));
      const armored = await sign(key(), input);
      expect(await openpgpVerifyDetached(key(), Buffer.alloc(0), armored)).toBe(8);
    });
  });

  it('signs a 50 MB file', async () => {
    const data = randomBytes(50 * 1024 * 1024);
    const input = file(data);
    const armored = await sign(keys[0], input, 'detach-sign', 'SHA512');
    expect(await gpgVerify(outputFor(input), input)).toContain('VALIDSIG');
    expect(await openpgpVerifyDetached(keys[0], data, armored)).toBe(10);
  }, 60000);

  describe('verify', () => {
    let data: string;
    let signature: string;
    beforeAll(async () => {
      data = file(randomBytes(2048));
      signature = outputFor(data);
      await sign(keys[1], data);
    });

    it('reports a good signature with the key and the time it was made', async () => {
      const result = await kit.signer.verify({ dataPath: data, signaturePath: signature });
      expect(result).toEqual({
        valid: true,
        keyid: keys[1].keyid,
        fingerprint: keys[1].fingerprint,
        signedAt: expect.any(Date),
      });
      expect(Math.abs(result.signedAt!.getTime() - Date.now())).toBeLessThan(60000);
    });

    it('answers valid: false, not an error, for tampered data, foreign keys and junk', async () => {
      const tampered = file(Buffer.concat([readFileSync(data), Buffer.from('x')]));
      expect(await kit.signer.verify({ dataPath: tampered, signaturePath: signature })).toEqual({
        valid: false,
        keyid: keys[1].keyid,
        fingerprint: null,
        signedAt: null,
      });

      const { privateKey } = await openpgp.generateKey({
        type: 'ecc',
        curve: 'ed25519Legacy',
        userIDs: [{ name: 'x' }],
      });
      const foreign = await openpgp.sign({
        message: await openpgp.createMessage({ binary: readFileSync(data) }),
        signingKeys: await openpgp.readPrivateKey({ armoredKey: privateKey }),
        detached: true,
      });
      const foreignResult = await kit.signer.verify({ dataPath: data, signaturePath: file(foreign as string) });
      expect(foreignResult).toMatchObject({ valid: false, keyid: expect.stringMatching(/^[0-9A-F]{16}$/) });

      const clear = file('clear-signed, not detached');
      await sign(keys[0], clear, 'clear-sign');
      for (const junk of ['not a signature\n', '', readFileSync(outputFor(clear), 'utf8')]) {
        expect((await kit.signer.verify({ dataPath: data, signaturePath: file(junk) })).valid).toBe(false);
      }
    });
  });

  it('spreads 30 concurrent signs over both agents and they all verify', async () => {
    const inputs = Array.from({ length: 30 }, () => file(randomBytes(1024)));
    const signing = inputs.map((input, i) =>
      kit.signer.sign({
        key: keys[i % 2],
        signType: 'detach-sign',
        digestAlgo: 'SHA256',
        inputPath: input,
        outputPath: outputFor(input),
      }),
    );
    expect(kit.pool.loads()).toEqual([15, 15]);
    await Promise.all(signing);
    const results = await Promise.all(
      inputs.map((input) => kit.signer.verify({ dataPath: input, signaturePath: outputFor(input) })),
    );
    expect(results.every((r) => r.valid)).toBe(true);
    expect(kit.pool.loads()).toEqual([0, 0]);
  });

  it('keeps signing when an agent is killed in the middle of a run', async () => {
    const inputs = Array.from({ length: 30 }, () => file(randomBytes(1024)));
    let done = 0;
    const signing = inputs.map((input, i) =>
      kit.signer
        .sign({
          key: keys[i % 2],
          signType: 'detach-sign',
          digestAlgo: 'SHA256',
          inputPath: input,
          outputPath: outputFor(input),
        })
        .then(() => done++),
    );
    while (done < 4) await new Promise((resolve) => setTimeout(resolve, 5));
    const [first] = kit.pool.agents;
    for (const pid of agentProcesses(first.home)) process.kill(pid, 'SIGKILL');
    await exec('gpgconf', ['--homedir', kit.pool.agents[1].home, '--kill', 'gpg-agent']);
    await Promise.all(signing);
    const next = file('after the kill');
    await sign(keys[0], next);
    await sign(keys[1], file('and again'));
    expect((await kit.signer.verify({ dataPath: next, signaturePath: outputFor(next) })).valid).toBe(true);
  });

  describe('with a gpg that misbehaves', () => {
    const stubs: Array<{ cleanup(): void }> = [];
    const signerWith = (when: string, script: string, timeoutMs = 30000) => {
      const stub = createGpgStub(when, script);
      stubs.push(stub);
      const pool = new AgentPool(gpgTools(stub.binary), kit.agentRoot, 2, 2, timeoutMs);
      const signer = new GpgSigner(pool, timeoutMs);
      signer.usePassphrases(new Map(keys.map((k) => [k.fingerprint, testKey(k).passphrase])));
      return { signer, pool };
    };
    afterAll(() => stubs.forEach((stub) => stub.cleanup()));

    it('restarts the agent and signs again once when gpg loses its agent', async () => {
      const armed = path.join(work, 'armed');
      writeFileSync(armed, '');
      const { signer } = signerWith(
        '--detach-sign',
        `if [ -e ${armed} ]; then rm ${armed}; echo partial > "$OUT"; echo "[GNUPG:] FAILURE sign 33570815" >&4; exit 2; fi`,
      );
      const agentsBefore = agentProcesses(kit.dataDir).sort();
      const input = file('retry me');
      await signer.sign({
        key: keys[0],
        signType: 'detach-sign',
        digestAlgo: 'SHA256',
        inputPath: input,
        outputPath: outputFor(input),
      });
      expect(existsSync(armed)).toBe(false);
      expect((await kit.signer.verify({ dataPath: input, signaturePath: outputFor(input) })).valid).toBe(true);
      expect(agentProcesses(kit.dataDir).sort()).not.toEqual(agentsBefore);
    });

    it('fails with SIGNING_FAILED and removes the partial output when gpg fails', async () => {
      const { signer } = signerWith(
        '--detach-sign',
        'echo partial > "$OUT"; echo "[GNUPG:] INV_SGNR 9 X" >&4; echo "[GNUPG:] FAILURE sign 17" >&4; exit 2',
      );
      const input = file('fail me');
      const attempt = signer.sign({
        key: keys[0],
        signType: 'detach-sign',
        digestAlgo: 'SHA256',
        inputPath: input,
        outputPath: outputFor(input),
      });
      await expect(attempt).rejects.toThrow(SigningFailedError);
      await expect(attempt).rejects.toMatchObject({ code: 'SIGNING_FAILED', kind: 'upstream' });
      await expect(attempt).rejects.toThrow(
        `Signing with key ${keys[0].keyid} failed: gpg cannot sign with this key (no secret key)`,
      );
      expect(existsSync(outputFor(input))).toBe(false);
    });

    it('kills a gpg that hangs past the timeout and removes its output', async () => {
      const pidFile = path.join(work, 'hung.pid');
      const { signer } = signerWith('--detach-sign', `echo partial > "$OUT"; echo $$ > ${pidFile}; exec sleep 30`, 300);
      const input = file('hang');
      const attempt = signer.sign({
        key: keys[0],
        signType: 'detach-sign',
        digestAlgo: 'SHA256',
        inputPath: input,
        outputPath: outputFor(input),
      });
      await expect(attempt).rejects.toThrow('gpg did not finish signing within 300 ms');
      expect(processAlive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
      expect(existsSync(outputFor(input))).toBe(false);
    });

    it('kills gpg when the request is aborted and leaves no output file', async () => {
      const pidFile = path.join(work, 'aborted.pid');
      const { signer } = signerWith('--detach-sign', `echo partial > "$OUT"; echo $$ > ${pidFile}; exec sleep 30`);
      const input = file('abort');
      const controller = new AbortController();
      const attempt = signer.sign({
        key: keys[1],
        signType: 'detach-sign',
        digestAlgo: 'SHA256',
        inputPath: input,
        outputPath: outputFor(input),
        signal: controller.signal,
      });
      while (!existsSync(pidFile)) await new Promise((resolve) => setTimeout(resolve, 10));
      controller.abort(new Error('client gone'));
      await expect(attempt).rejects.toThrow('client gone');
      expect(processAlive(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
      expect(existsSync(outputFor(input))).toBe(false);
    });
  });

  it('aborts a real sign of a large file without leaving its output', async () => {
    const input = file(randomBytes(50 * 1024 * 1024));
    const controller = new AbortController();
    const attempt = kit.signer.sign({
      key: keys[0],
      signType: 'detach-sign',
      digestAlgo: 'SHA256',
      inputPath: input,
      outputPath: outputFor(input),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error('client gone')), 20);
    await expect(attempt).rejects.toThrow('client gone');
    expect(existsSync(outputFor(input))).toBe(false);
  });

  it('leaves nothing in SIGNING_TMP_DIR', () => {
    expect(readdirSync(kit.tmpDir)).toEqual([]);
  });
});
