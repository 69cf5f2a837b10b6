import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as openpgp from 'openpgp';
import { createGpgFixture, GpgFixture, GpgKeySpec } from '../fixtures/gpg';
import { TestApp, TestUser } from './test-app';

export const PASSPHRASE = 'correct horse battery staple';

/** The service with real gpg keys (made for this suite) and its own staging directory. */
export interface SigningTestApp {
  app: TestApp;
  gpg: GpgFixture;
  /** SIGNING_TMP_DIR, empty between requests. */
  staging: string;
  close(): Promise<void>;
}

export async function startSigningApp(
  options: { keys?: GpgKeySpec[]; env?: Record<string, string | undefined> } = {},
): Promise<SigningTestApp> {
  const specs = (options.keys ?? [{ algo: 'rsa2048' }, { algo: 'ed25519' }]).map((k) => ({
    passphrase: PASSPHRASE,
    ...k,
  }));
  const gpg = createGpgFixture(specs);
  const staging = mkdtempSync(path.join(tmpdir(), 'keyward-staging-'));
  try {
    const app = await TestApp.start({
      GNUPGHOME: gpg.home,
      SIGNING_KEY_IDS: gpg.keys.map((k) => k.fingerprint).join(','),
      SIGNING_PASSPHRASE: PASSPHRASE,
      SIGNING_TMP_DIR: staging,
      SIGNING_AGENTS: '2',
      ...options.env,
    });
    const close = async () => {
      await app.close();
      gpg.cleanup();
      rmSync(staging, { recursive: true, force: true });
    };
    return { app, gpg, staging, close };
  } catch (error) {
    gpg.cleanup();
    throw error;
  }
}

/** Waits until `check` holds (the service cleans up after the response, on its own time). */
export async function eventually(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** What is left in the staging directory: nothing, once every request has ended. */
export function leftovers(staging: string): string[] {
  return readdirSync(staging);
}

/** A fresh user given the built-in role `signer` by an admin, as operators do. */
export async function newSigner(app: TestApp, admin: TestUser): Promise<TestUser> {
  const user = await app.newUser('signer');
  const granted = await app.request('PUT', `/users/${user.id}/roles`, {
    token: admin.accessToken,
    body: { roles: ['user', 'signer'] },
  });
  if (granted.status !== 200) throw new Error(`granting signer failed: ${granted.status} ${granted.text}`);
  return user;
}

/**
 * `gpg --verify` in a fresh home holding only the public key as the service exports it, so the export is
 * checked too. Returns gpg's VALIDSIG fields: signing fingerprint and hash algorithm id (8 SHA256, 9 SHA384,
 * 10 SHA512).
 */
export function gpgVerify(
  publicKey: string,
  signature: Buffer | string,
  data?: Buffer,
): { fingerprint: string; hashAlgo: number } {
  const home = mkdtempSync('/tmp/kwv-');
  try {
    execFileSync('gpg', ['--homedir', home, '--batch', '--import'], {
      input: publicKey,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    writeFileSync(path.join(home, 'sig.asc'), signature);
    const args = ['--homedir', home, '--batch', '--status-fd', '1', '--verify', path.join(home, 'sig.asc')];
    if (data) writeFileSync(path.join(home, 'data'), data);
    const status = execFileSync('gpg', data ? [...args, path.join(home, 'data')] : args, {
      stdio: ['ignore', 'pipe', 'ignore'],
    }).toString();
    const valid = /^\[GNUPG:\] VALIDSIG (\S+)(?: \S+){6} (\d+)/m.exec(status);
    if (!valid) throw new Error(`gpg did not validate the signature:\n${status}`);
    return { fingerprint: valid[1], hashAlgo: Number(valid[2]) };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** Verification by an independent OpenPGP implementation; returns the signing key's fingerprint. */
export async function openpgpVerify(publicKey: string, signature: string, data?: Uint8Array): Promise<string> {
  const verificationKeys = await openpgp.readKey({ armoredKey: publicKey });
  const result = data
    ? await openpgp.verify({
        message: await openpgp.createMessage({ binary: data }),
        signature: await openpgp.readSignature({ armoredSignature: signature }),
        verificationKeys,
      })
    : await openpgp.verify({
        message: await openpgp.readCleartextMessage({ cleartextMessage: signature }),
        verificationKeys,
      });
  await result.signatures[0].verified;
  return verificationKeys.getFingerprint().toUpperCase();
}
