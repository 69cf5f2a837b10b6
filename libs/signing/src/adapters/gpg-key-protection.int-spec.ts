import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { agentProcesses, createGpgFixture, createGpgStub, GpgFixture, GpgTestKey } from '../../../../test/fixtures/gpg';
import { createSigningRuntime, SigningRuntimeKit } from '../../../../test/fixtures/gpg-runtime';
import { gpgVerify } from '../../../../test/support/signing';
import { SigningKey } from '../domain/signing';
import { MIN_S2K_COUNT } from './agents/agent-homes';
import { BadPassphraseError } from './gpg-signer';

/** Not the minimum, so a copy that kept the operator's protection shows; small, so the test stays quick. */
const OPERATOR_S2K_COUNT = 1015808;

describe('SIGNING_FAST_UNPROTECT: cheaper key protection in the agent copies', () => {
  let fixture: GpgFixture;
  let publicKeys: string[];
  /** Outside GNUPGHOME, which must not change. */
  let scratch: string;
  const kits: SigningRuntimeKit[] = [];
  const runtime = (options: Omit<Parameters<typeof createSigningRuntime>[0], 'home'>) => {
    const kit = createSigningRuntime({ home: fixture.home, ...options });
    kits.push(kit);
    return kit;
  };
  const passphrasesFile = (keys: GpgTestKey[], wrong?: GpgTestKey) => {
    const file = path.join(scratch, `passphrases-${kits.length}`);
    const lines = keys.map((k) => `${k.fingerprint}=${k === wrong ? 'not-the-passphrase' : k.passphrase}`);
    writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 });
    return file;
  };

  beforeAll(() => {
    scratch = mkdtempSync('/tmp/kwp-');
    fixture = createGpgFixture([{ algo: 'rsa2048' }, { algo: 'ed25519' }], { s2kCount: OPERATOR_S2K_COUNT });
    // The keys as the operator's home holds them, taken before any test starts the runtime.
    publicKeys = fixture.keys.map((key) => gpg(fixture.home, ['--armor', '--export', key.fingerprint]));
  });
  afterAll(async () => {
    try {
      await Promise.all(kits.map((kit) => kit.cleanup()));
    } finally {
      fixture.cleanup();
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('re-protects every copy with the smallest S2K count, signs with the original keys, and leaves GNUPGHOME alone', async () => {
    const before = snapshot(fixture.home);
    const kit = runtime({
      agents: 2,
      keyIds: fixture.keys.map((k) => k.keyid),
      passphrasesFile: passphrasesFile(fixture.keys),
    });
    const keys = await kit.runtime.start();

    for (const agent of kit.pool.agents) {
      expect(s2kCounts(agent.home)).toEqual(fixture.keys.map(() => MIN_S2K_COUNT));
    }
    const input = path.join(kit.tmpDir, 'release.tar');
    writeFileSync(input, 'the release');
    for (const [index, key] of keys.entries()) {
      const outputPath = `${input}.${index}.asc`;
      await kit.signer.sign({ key, signType: 'detach-sign', digestAlgo: 'SHA256', inputPath: input, outputPath });
      const verified = gpgVerify(publicKeys[index], readFileSync(outputPath), readFileSync(input));
      expect(verified.fingerprint).toBe(fixture.keys[index].fingerprint);
    }
    // Cheaper, not gone: the copies' keys still refuse a wrong passphrase.
    for (const agent of kit.pool.agents) {
      await expect(signOn(kit, agent.index, keys[0], 'not-the-passphrase')).rejects.toThrow(BadPassphraseError);
      await expect(signOn(kit, agent.index, keys[1], fixture.keys[0].passphrase)).rejects.toThrow(BadPassphraseError);
    }

    await kit.runtime.stop();
    expect(existsSync(kit.agentRoot)).toBe(false);
    expect(agentProcesses(kit.agentRoot)).toEqual([]);
    expect(snapshot(fixture.home)).toEqual(before);
    expect(s2kCounts(fixture.home)).toEqual(fixture.keys.map(() => OPERATOR_S2K_COUNT));
  });

  it('refuses a wrong passphrase at start with the usual message, and removes the copies', async () => {
    const [rsa, ed] = fixture.keys;
    const kit = runtime({
      agents: 2,
      keyIds: [rsa.keyid, ed.keyid],
      passphrasesFile: passphrasesFile(fixture.keys, ed),
    });
    const start = kit.runtime.start();
    await expect(start).rejects.toThrow(new RegExp(`^Wrong passphrase for signing key ${ed.keyid} \\(`));
    await expect(start).rejects.not.toThrow(/not-the-passphrase/);
    expect(existsSync(kit.agentRoot)).toBe(false);
    expect(agentProcesses(kit.agentRoot)).toEqual([]);
    expect(s2kCounts(fixture.home)).toEqual(fixture.keys.map(() => OPERATOR_S2K_COUNT));
  });

  it('re-protects each key once and copies the result to the other agents', async () => {
    const calls = path.join(scratch, 'passwd-calls');
    const stub = createGpgStub('--passwd', `echo "$*" >> ${calls}`);
    try {
      const kit = runtime({
        agents: 3,
        keyIds: fixture.keys.map((k) => k.keyid),
        passphrasesFile: passphrasesFile(fixture.keys),
        gpgBinary: stub.binary,
      });
      await kit.runtime.start();
      const runs = readFileSync(calls, 'utf8').trim().split('\n');
      expect(runs).toHaveLength(fixture.keys.length);
      const copies = kit.pool.agents.map((agent) =>
        snapshot(path.join(agent.home, 'private-keys-v1.d'), { contentOnly: true }),
      );
      expect(copies[1]).toEqual(copies[0]);
      expect(copies[2]).toEqual(copies[0]);
      expect(s2kCounts(kit.pool.agents[2].home)).toEqual(fixture.keys.map(() => MIN_S2K_COUNT));
      await kit.runtime.stop();
    } finally {
      stub.cleanup();
    }
  });

  it('keeps the operator protection in the copies with SIGNING_FAST_UNPROTECT=false', async () => {
    const kit = runtime({
      agents: 2,
      keyIds: fixture.keys.map((k) => k.keyid),
      passphrasesFile: passphrasesFile(fixture.keys),
      fastUnprotect: false,
    });
    const [rsa] = await kit.runtime.start();
    const operatorKeys = snapshot(path.join(fixture.home, 'private-keys-v1.d'), { contentOnly: true });
    for (const agent of kit.pool.agents) {
      // Byte for byte: a re-protection, even with the same count, would draw a new salt.
      expect(snapshot(path.join(agent.home, 'private-keys-v1.d'), { contentOnly: true })).toEqual(operatorKeys);
      expect(s2kCounts(agent.home)).toEqual(fixture.keys.map(() => OPERATOR_S2K_COUNT));
      expect(readFileSync(path.join(agent.home, 'gpg-agent.conf'), 'utf8')).not.toMatch(/s2k-count 65536/);
    }
    const input = path.join(kit.tmpDir, 'plain.txt');
    writeFileSync(input, 'plain');
    await kit.signer.sign({
      key: rsa,
      signType: 'detach-sign',
      digestAlgo: 'SHA256',
      inputPath: input,
      outputPath: `${input}.asc`,
    });
    expect(gpgVerify(publicKeys[0], readFileSync(`${input}.asc`), readFileSync(input)).fingerprint).toBe(
      rsa.fingerprint,
    );
    await kit.runtime.stop();
    expect(existsSync(kit.agentRoot)).toBe(false);
  });
});

function signOn(kit: SigningRuntimeKit, agentIndex: number, key: SigningKey, passphrase: string): Promise<void> {
  const inputPath = path.join(kit.tmpDir, `probe-${agentIndex}`);
  writeFileSync(inputPath, 'probe');
  const request = {
    key,
    signType: 'detach-sign',
    digestAlgo: 'SHA256',
    inputPath,
    outputPath: `${inputPath}.asc`,
  } as const;
  return kit.signer.signOn(kit.pool.agents[agentIndex], request, passphrase);
}

/**
 * The S2K iteration count of every protected secret key in a home, in key file order. gpg 2.2 keeps each key
 * as `Key: (protected-private-key ... (protected openpgp-s2k3-... ((sha1 <salt> "count") #iv#) ...))`.
 */
function s2kCounts(home: string): number[] {
  const dir = path.join(home, 'private-keys-v1.d');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.key'))
    .sort()
    .map((name) => {
      // latin1: the salt may be written as a quoted string of raw bytes instead of #hex#.
      const text = readFileSync(path.join(dir, name), 'latin1');
      const count = /\(protected openpgp-s2k3-[\w-]+\s*\(\(sha1\s*(?:#[0-9A-F]+#|"(?:[^"\\]|\\.)*")\s*"(\d+)"\)/.exec(
        text,
      );
      if (!count) throw new Error(`${name} holds no S2K-protected key:\n${text}`);
      return Number(count[1]);
    });
}

/** Every regular file under `dir` with its SHA-256 (and mode and mtime); sockets and the like are left out. */
function snapshot(dir: string, { contentOnly = false } = {}): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    const file = path.join(dir, entry);
    const stats = statSync(file);
    if (!stats.isFile()) continue;
    const digest = createHash('sha256').update(readFileSync(file)).digest('hex');
    files[entry] = contentOnly ? digest : `${stats.mode.toString(8)} ${stats.mtimeMs} ${digest}`;
  }
  return files;
}

function gpg(home: string, args: string[]): string {
  return execFileSync('gpg', ['--homedir', home, '--batch', ...args], {
    stdio: ['ignore', 'pipe', 'ignore'],
  }).toString();
}
