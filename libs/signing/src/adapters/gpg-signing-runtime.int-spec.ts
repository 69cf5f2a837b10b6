import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { agentProcesses, createGpgFixture, createGpgStub, GpgFixture } from '../../../../test/fixtures/gpg';
import { createSigningRuntime, ScriptedPrompt, SigningRuntimeKit } from '../../../../test/fixtures/gpg-runtime';
import { SigningSetupError } from '../domain/signing-setup-error';

describe('signing start-up (keys, passphrases, proofs)', () => {
  let fixture: GpgFixture;
  const kits: SigningRuntimeKit[] = [];
  const runtime = (options: Omit<Parameters<typeof createSigningRuntime>[0], 'home'>) => {
    const kit = createSigningRuntime({ home: fixture.home, ...options });
    kits.push(kit);
    return kit;
  };
  const [rsa, ed, expired, revoked, encryptOnly] = [0, 1, 2, 3, 4].map((i) => () => fixture.keys[i]);

  beforeAll(() => {
    fixture = createGpgFixture([
      { algo: 'rsa2048' },
      { algo: 'ed25519' },
      { algo: 'ed25519', expired: true },
      { algo: 'ed25519', revoked: true },
      { algo: 'rsa2048', usage: 'encr' },
    ]);
  });
  afterAll(async () => {
    try {
      await Promise.all(kits.map((kit) => kit.cleanup()));
    } finally {
      fixture.cleanup();
    }
  });

  const passphrasesFile = (lines: string[]) => {
    const file = path.join(fixture.home, `passphrases-${kits.length}`);
    writeFileSync(file, `# test\n${lines.join('\n')}\n`, { mode: 0o600 });
    return file;
  };

  it('resolves keys by any reference, proves passphrases from the file and lists what it found', async () => {
    const kit = runtime({
      agents: 2,
      keyIds: [rsa().keyid.slice(-8).toLowerCase(), `0x${ed().fingerprint}`],
      passphrasesFile: passphrasesFile([
        `${rsa().fingerprint}=${rsa().passphrase}`,
        `${ed().keyid}=${ed().passphrase}`,
      ]),
    });
    const keys = await kit.runtime.start();
    expect(keys).toEqual([
      {
        keyid: rsa().keyid,
        fingerprint: rsa().fingerprint,
        uids: [rsa().uid],
        algorithm: 'RSA',
        bits: 2048,
        createdAt: expect.any(Date),
        expiresAt: null,
      },
      expect.objectContaining({ keyid: ed().keyid, algorithm: 'EdDSA', bits: 255, uids: [ed().uid] }),
    ]);
    for (const reference of [rsa().keyid, rsa().keyid.slice(-8), rsa().fingerprint.toLowerCase(), `0x${rsa().keyid}`]) {
      expect(kit.registry.find(reference)?.fingerprint).toBe(rsa().fingerprint);
    }
    expect(kit.registry.find(expired().keyid)).toBeNull();
    expect(kit.registry.find('nonsense')).toBeNull();

    const armored = await kit.registry.exportPublicKey(keys[0]);
    expect(armored).toMatch(/^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    expect(kit.registry.exportPublicKey(keys[0])).toBe(kit.registry.exportPublicKey(keys[0]));
    expect(() => kit.registry.resourceIdOf(keys[0])).toThrow(/no access-control resource/);
    kit.registry.setResourceId(keys[0], 'r-1');
    expect(kit.registry.resourceIdOf(keys[0])).toBe('r-1');

    await kit.runtime.checkReady();
    expect(agentProcesses(kit.dataDir)).toHaveLength(2);
    expect(readdirSync(kit.tmpDir)).toEqual([]);
    await kit.runtime.stop();
    await waitFor(() => agentProcesses(kit.dataDir).length === 0);
  });

  it('stops the start, naming the key, when a passphrase is wrong, and leaves no agent behind', async () => {
    const kit = runtime({
      agents: 2,
      keyIds: [rsa().keyid, ed().keyid],
      passphrasesFile: passphrasesFile([`${rsa().keyid}=${rsa().passphrase}`, `${ed().keyid}=not-the-passphrase`]),
    });
    const start = kit.runtime.start();
    await expect(start).rejects.toThrow(SigningSetupError);
    await expect(start).rejects.toThrow(new RegExp(`^Wrong passphrase for signing key ${ed().keyid} \\(`));
    await expect(start).rejects.not.toThrow(/not-the-passphrase/);
    await waitFor(() => agentProcesses(kit.dataDir).length === 0);
    expect(readdirSync(kit.tmpDir)).toEqual([]);
  });

  it('waits for the proofs still running on other agents before it stops them, so no agent is left behind', async () => {
    // Agent 0 proves the RSA key, then fails on the ed25519 one at once; agent 1 takes a second for the RSA key.
    const slow = `echo "$*" | grep -q "agents/1 .*${rsa().fingerprint}" && sleep 1`;
    const stub = createGpgStub('--detach-sign', slow);
    try {
      const kit = runtime({
        agents: 2,
        keyIds: [rsa().keyid, ed().keyid],
        passphrasesFile: passphrasesFile([`${rsa().keyid}=${rsa().passphrase}`, `${ed().keyid}=not-the-passphrase`]),
        gpgBinary: stub.binary,
      });
      await expect(kit.runtime.start()).rejects.toThrow(`Wrong passphrase for signing key ${ed().keyid}`);
      // A proof that went on after the agents were stopped would start its agent again, and leave it running.
      await sleep(2000);
      expect(agentProcesses(kit.dataDir)).toEqual([]);
      expect(readdirSync(kit.tmpDir)).toEqual([]);
    } finally {
      stub.cleanup();
    }
  });

  it.each([
    [
      'a missing',
      () => 'DEADBEEFDEADBEEF',
      /^Signing key DEADBEEFDEADBEEF was not found among the secret keys in \/tmp\//,
    ],
    ['an expired', () => expired().keyid, /\) expired on 2020-01-02/],
    ['a revoked', () => revoked().keyid, /\) is revoked$/],
    ['an encryption-only', () => encryptOnly().keyid, /\) cannot sign/],
  ])('stops the start for %s key, naming it', async (_, reference, message) => {
    const kit = runtime({ keyIds: [rsa().keyid, reference()], passphrase: 'unused' });
    const start = kit.runtime.start();
    await expect(start).rejects.toThrow(SigningSetupError);
    await expect(start).rejects.toThrow(reference());
    await expect(start).rejects.toThrow(message);
  });

  it('falls back to SIGNING_PASSPHRASE, refuses a file without the key, and asks on a terminal otherwise', async () => {
    const fallback = runtime({
      keyIds: [rsa().keyid, ed().keyid],
      passphrasesFile: passphrasesFile([`${ed().keyid}=${ed().passphrase}`]),
      passphrase: rsa().passphrase,
    });
    await expect(fallback.runtime.start()).resolves.toHaveLength(2);

    const incomplete = runtime({
      keyIds: [rsa().keyid, ed().keyid],
      passphrasesFile: passphrasesFile([`${ed().keyid}=${ed().passphrase}`]),
    });
    await expect(incomplete.runtime.start()).rejects.toThrow(
      `SIGNING_PASSPHRASES_FILE has no passphrase for signing key ${rsa().keyid}`,
    );

    await expect(runtime({ keyIds: [rsa().keyid] }).runtime.start()).rejects.toThrow(
      /^No passphrase for signing key .*start the service on a terminal to be asked$/,
    );

    const prompt = new ScriptedPrompt([rsa().passphrase]);
    await expect(runtime({ keyIds: [rsa().keyid], prompt }).runtime.start()).resolves.toHaveLength(1);
    expect(prompt.questions).toEqual([`Passphrase for signing key ${rsa().keyid} (${rsa().uid}): `]);

    const missingFile = runtime({ keyIds: [rsa().keyid], passphrasesFile: '/nonexistent/passphrases' });
    await expect(missingFile.runtime.start()).rejects.toThrow(/cannot be read \(ENOENT\)/);
  });

  it('names what is missing when gpg or GNUPGHOME is not there', async () => {
    await expect(
      runtime({ keyIds: [rsa().keyid], passphrase: 'x', gpgBinary: '/nonexistent/gpg' }).runtime.start(),
    ).rejects.toThrow('GPG_BINARY (/nonexistent/gpg) cannot be run: ENOENT');
    const kit = createSigningRuntime({ home: '/nonexistent/gnupg', keyIds: [rsa().keyid], passphrase: 'x' });
    kits.push(kit);
    await expect(kit.runtime.start()).rejects.toThrow('GNUPGHOME /nonexistent/gnupg is not a directory');
    rmSync(kit.dataDir, { recursive: true, force: true });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
