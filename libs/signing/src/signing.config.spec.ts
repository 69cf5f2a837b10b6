import { mkdtempSync } from 'node:fs';
import { availableParallelism, homedir, tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, loadConfig } from '@keyward/core';
import { SigningConfig } from './signing.config';

describe('SigningConfig', () => {
  const dataDir = () => mkdtempSync(path.join(tmpdir(), 'keyward-config-'));
  const load = (variables: Record<string, string>) => loadConfig(variables, { signing: SigningConfig }).signing;

  it('reads the signing section, disabled without SIGNING_KEY_IDS', () => {
    const dir = dataDir();
    const defaults = load({ DATA_DIR: dir });
    expect(defaults).toBeInstanceOf(SigningConfig);
    expect(defaults).toMatchObject({
      gpgBinary: 'gpg',
      gnupgHome: path.join(homedir(), '.gnupg'),
      keyIds: [],
      passphrase: null,
      passphrasesFile: null,
      maxUploadBytes: 100000000,
      tmpDir: path.resolve(tmpdir()),
      concurrencyPerAgent: 2,
      timeoutMs: 60000,
      batchMaxFiles: 100,
      dataDir: dir,
      production: false,
    });
    expect(defaults.agents).toBe(Math.min(64, availableParallelism()));
    const configured = load({
      DATA_DIR: dataDir(),
      NODE_ENV: 'production',
      SIGNING_KEY_IDS: ' 0xABCDEF01, 0123456789abcdef ,',
      SIGNING_AGENTS: '3',
    });
    expect(configured.keyIds).toEqual(['0xABCDEF01', '0123456789abcdef']);
    expect(configured.agents).toBe(3);
    expect(configured.production).toBe(true);
    expect(() => load({ DATA_DIR: dataDir(), SIGNING_KEY_IDS: 'ABCDEF01,alice' })).toThrow(
      /^Invalid configuration: SIGNING_KEY_IDS: expected comma-separated key ids.*\(got "ABCDEF01,alice"\)$/,
    );
  });

  it('never echoes a signing passphrase', () => {
    const attempt = () => load({ DATA_DIR: dataDir(), SIGNING_PASSPHRASE: 'hunter2', SIGNING_AGENTS: '0' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/SIGNING_AGENTS/);
    expect(attempt).not.toThrow(/hunter2/);
    const schemaIssue = () => load({ DATA_DIR: dataDir(), SIGNING_PASSPHRASE: 5 as unknown as string });
    expect(schemaIssue).toThrow(/^Invalid configuration: SIGNING_PASSPHRASE: [^"]*$/);
  });

  it('refuses WORKERS above 1 when the passphrases would be asked on the terminal', () => {
    const keys = { DATA_DIR: dataDir(), SIGNING_KEY_IDS: 'ABCDEF01', WORKERS: '2' };
    expect(() => load(keys)).toThrow(
      /^Invalid configuration: WORKERS above 1 cannot ask signing passphrases on the terminal; set SIGNING_PASSPHRASES_FILE$/,
    );
    expect(load({ ...keys, SIGNING_PASSPHRASES_FILE: '/run/secrets/passphrases' }).keyIds).toEqual(['ABCDEF01']);
    expect(load({ ...keys, WORKERS: '1' }).keyIds).toEqual(['ABCDEF01']);
    expect(load({ ...keys, SIGNING_KEY_IDS: '' }).keyIds).toEqual([]);
  });

  it('re-protects the agent copies cheaply unless SIGNING_FAST_UNPROTECT is false, and reads XDG_RUNTIME_DIR', () => {
    expect(load({ DATA_DIR: dataDir() })).toMatchObject({ fastUnprotect: true, runtimeDir: null });
    expect(load({ DATA_DIR: dataDir(), SIGNING_FAST_UNPROTECT: 'false' }).fastUnprotect).toBe(false);
    expect(load({ DATA_DIR: dataDir(), XDG_RUNTIME_DIR: '/run/user/1000' }).runtimeDir).toBe('/run/user/1000');
    expect(() => load({ DATA_DIR: dataDir(), SIGNING_FAST_UNPROTECT: 'off' })).toThrow(
      /^Invalid configuration: SIGNING_FAST_UNPROTECT: expected true or false/,
    );
  });
});
