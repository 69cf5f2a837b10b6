import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Global, Module } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { ConfigModule, loadConfig, Readiness } from '@keyward/core';
import { AuditLog, DomainMeter, ResourceGate } from '@keyward/kernel';
import { RecordingMeter } from '@keyward/testing';
import { agentProcesses, createGpgFixture, GpgFixture } from '../../../test/fixtures/gpg';
import { agentRoot } from './adapters/agents/agent-homes';
import { AgentPool } from './adapters/agents/agent-pool';
import { Signer, SigningKeyRegistry } from './domain/signing';
import { SigningConfig } from './signing.config';
import { SigningModule } from './signing.module';

class RecordingResourceGate extends ResourceGate {
  readonly registered: Array<{ type: string; name: string; attributes?: Record<string, unknown> }> = [];
  async ensureSystemResource(input: { type: string; name: string; attributes?: Record<string, unknown> }) {
    this.registered.push(input);
    return { id: `resource-${input.name}` };
  }
  async usableBy(): Promise<boolean> {
    return true;
  }
}

describe('SigningModule', () => {
  let fixture: GpgFixture;
  let dataDir: string;
  beforeAll(() => {
    fixture = createGpgFixture();
  });
  afterAll(() => fixture.cleanup());
  beforeEach(() => {
    dataDir = mkdtempSync('/tmp/kwm-');
  });
  let opened: TestingModule | null = null;
  afterEach(async () => {
    await opened?.close();
    opened = null;
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
  });

  const start = async (variables: Record<string, string>) => {
    const gate = new RecordingResourceGate();
    // The ports that apps/api/src/context-ports.module.ts binds; Readiness comes with the module itself.
    @Global()
    @Module({
      providers: [
        { provide: ResourceGate, useValue: gate },
        { provide: AuditLog, useValue: { record: async () => undefined } },
        { provide: DomainMeter, useValue: new RecordingMeter() },
      ],
      exports: [ResourceGate, AuditLog, DomainMeter],
    })
    class HostModule {}
    const config = loadConfig(
      { DATA_DIR: dataDir, GNUPGHOME: fixture.home, SIGNING_TMP_DIR: dataDir, ...variables },
      { signing: SigningConfig },
    );
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), HostModule, SigningModule],
    }).compile();
    opened = moduleRef;
    await moduleRef.init();
    return { moduleRef, gate };
  };

  it('starts gpg signing from configuration, registers keys and readiness, and stops its agents on close', async () => {
    const passphrases = path.join(dataDir, 'passphrases');
    writeFileSync(passphrases, fixture.keys.map((k) => `${k.fingerprint}=${k.passphrase}`).join('\n'));
    const { moduleRef, gate } = await start({
      SIGNING_KEY_IDS: fixture.keys.map((k) => k.keyid.slice(-8)).join(','),
      SIGNING_PASSPHRASES_FILE: passphrases,
      SIGNING_AGENTS: '2',
    });
    const registry = moduleRef.get(SigningKeyRegistry);
    const keys = registry.list();
    expect(keys.map((k) => k.fingerprint)).toEqual(fixture.keys.map((k) => k.fingerprint));
    expect(gate.registered).toEqual(
      fixture.keys.map((k) => ({
        type: 'signing-key',
        name: k.fingerprint,
        attributes: { keyid: k.keyid, uids: [k.uid] },
      })),
    );
    expect(registry.resourceIdOf(keys[1])).toBe(`resource-${fixture.keys[1].fingerprint}`);

    const report = await moduleRef.get(Readiness).report();
    expect(report.checks.gpg.status).toBe('up');

    const input = path.join(dataDir, 'input');
    writeFileSync(input, 'hello');
    await moduleRef.get(Signer).sign({
      key: keys[0],
      signType: 'clear-sign',
      digestAlgo: 'SHA384',
      inputPath: input,
      outputPath: `${input}.asc`,
    });
    expect(readFileSync(`${input}.asc`, 'utf8')).toContain('Hash: SHA384');

    // The copies live in a 0700 folder of this user on the tmpfs (no XDG_RUNTIME_DIR here), gone at close.
    const { root } = moduleRef.get(AgentPool);
    expect(root).toBe(agentRoot(dataDir, null));
    expect(path.dirname(root)).toBe('/dev/shm');
    expect(statSync(root).mode & 0o777).toBe(0o700);
    expect(agentProcesses(root)).toHaveLength(2);
    opened = null;
    await moduleRef.close();
    await waitFor(() => agentProcesses(root).length === 0);
    expect(existsSync(root)).toBe(false);
  });

  it('keeps the copies under XDG_RUNTIME_DIR when it is set', async () => {
    const [key] = fixture.keys;
    const runtimeDir = mkdtempSync('/tmp/kwx-');
    try {
      const { moduleRef } = await start({
        SIGNING_KEY_IDS: key.keyid,
        SIGNING_PASSPHRASE: key.passphrase,
        SIGNING_AGENTS: '1',
        XDG_RUNTIME_DIR: runtimeDir,
      });
      const { root } = moduleRef.get(AgentPool);
      expect(path.dirname(root)).toBe(runtimeDir);
      expect(agentProcesses(root)).toHaveLength(1);
      opened = null;
      await moduleRef.close();
      expect(readdirSync(runtimeDir)).toEqual([]);
    } finally {
      rmSync(runtimeDir, { recursive: true, force: true });
    }
  });

  it('leaves gpg alone when SIGNING_KEY_IDS is not set', async () => {
    const { moduleRef, gate } = await start({ GPG_BINARY: '/nonexistent/gpg' });
    expect(moduleRef.get(SigningKeyRegistry).list()).toEqual([]);
    expect(moduleRef.get(SigningKeyRegistry).find(fixture.keys[0].keyid)).toBeNull();
    expect(gate.registered).toEqual([]);
    expect((await moduleRef.get(Readiness).report()).checks).toEqual({});
    expect(existsSync(agentRoot(dataDir, null))).toBe(false);
  });

  it('refuses to start with a wrong passphrase, naming the key', async () => {
    const [key] = fixture.keys;
    await expect(
      start({ SIGNING_KEY_IDS: key.keyid, SIGNING_PASSPHRASE: 'wrong', SIGNING_AGENTS: '1' }),
    ).rejects.toThrow(`Wrong passphrase for signing key ${key.keyid}`);
    const root = agentRoot(dataDir, null);
    await waitFor(() => agentProcesses(root).length === 0);
    expect(existsSync(root)).toBe(false);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
