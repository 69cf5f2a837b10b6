import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createGpgStub, processAlive } from '../fixtures/gpg';
import { eventually, leftovers, newSigner, SigningTestApp, startSigningApp } from '../support/signing';
import { expectProblem, formOf, TestApp, TestUser } from '../support/test-app';

/** Processes whose arguments name something under `dir` (gpg runs name their staged input and output). */
function processesUsing(dir: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir) && processAlive(Number(pid));
      } catch {
        return false; // gone while we looked
      }
    })
    .map(Number);
}

/**
 * The batch's fail-fast with a real gpg failure: gpg is the real binary behind a thin wrapper. A file holding
 * SLOW is signed only after 30 s (its pid is recorded), a file holding FAIL by the real gpg in an empty home,
 * which fails with "no secret key" once both slow signs are running.
 */
describe('signing: POST /sign-batch fails fast when gpg fails', () => {
  let signing: SigningTestApp;
  let app: TestApp;
  let admin: TestUser;
  let signer: TestUser;
  let work: string;
  let stub: { binary: string; cleanup(): void };
  const pidsFile = () => path.join(work, 'slow.pids');

  beforeAll(async () => {
    work = mkdtempSync('/tmp/kwf-');
    const empty = mkdtempSync(path.join(work, 'home-'));
    writeFileSync(pidsFile(), '');
    const real = execFileSync('sh', ['-c', 'command -v gpg']).toString().trim();
    const script = [
      'IN=""; for a in "$@"; do IN="$a"; done',
      `if grep -q KEYWARD-SLOW "$IN" 2>/dev/null; then echo $$ >> ${pidsFile()}; sleep 30; fi`,
      `if grep -q KEYWARD-FAIL "$IN" 2>/dev/null; then n=0;` +
        ` while [ "$(wc -l < ${pidsFile()})" -lt 2 ] && [ $n -lt 200 ]; do sleep 0.05; n=$((n+1)); done;` +
        ` shift 2; exec ${real} --homedir ${empty} --no-autostart "$@"; fi`,
    ].join('; ');
    stub = createGpgStub('--detach-sign', script);
    signing = await startSigningApp({ env: { GPG_BINARY: stub.binary } });
    app = signing.app;
    admin = await app.newAdmin();
    signer = await newSigner(app, admin);
  }, 60_000);
  afterAll(async () => {
    try {
      await signing?.close();
    } finally {
      stub?.cleanup();
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('answers 502 SIGNING_FAILED with no signatures, kills the other gpg runs and leaves nothing behind', async () => {
    const keyid = signing.gpg.keys[0].keyid;
    const form = formOf(
      ['files', 'slow-1.txt', 'KEYWARD-SLOW one\n'],
      ['files', 'slow-2.txt', 'KEYWARD-SLOW two\n'],
      ['files', 'fails.txt', 'KEYWARD-FAIL\n'],
      ['files', 'fine.txt', 'signed for nothing\n'],
    );
    const started = Date.now();
    const failed = await app.request('POST', `/sign-batch?keyid=${keyid}`, { token: signer.accessToken, form });
    expectProblem(failed, 502, 'SIGNING_FAILED');
    expect(failed.body.results).toBeUndefined();
    expect(failed.text).not.toContain('BEGIN PGP SIGNATURE');
    // Nobody waited for the slow signs: they were killed, not finished.
    expect(Date.now() - started).toBeLessThan(15_000);
    const slow = readFileSync(pidsFile(), 'utf8').trim().split('\n').map(Number);
    expect(slow).toHaveLength(2);
    await eventually(() => slow.every((pid) => !processAlive(pid)), 'the slow gpg runs to be killed');
    await eventually(() => processesUsing(signing.staging).length === 0, 'no process working on staged files');
    await eventually(() => leftovers(signing.staging).length === 0, 'an empty staging directory');

    const events = await app.request('GET', `/audit?action=signing.sign-batch&actorId=${signer.id}`, {
      token: admin.accessToken,
    });
    expect(events.body.items[0].details).toMatchObject({ result: 'failure', error: 'SIGNING_FAILED' });
  }, 30_000);

  it('still signs a batch afterwards', async () => {
    const keyid = signing.gpg.keys[1].keyid;
    const form = formOf(['files', 'a.txt', 'alpha\n'], ['files', 'b.txt', 'beta\n']);
    const batch = await app.request('POST', `/sign-batch?keyid=${keyid}`, { token: signer.accessToken, form });
    expect(batch.status).toBe(200);
    expect(batch.body).toMatchObject({ total: 2, successful: 2 });
    expect(leftovers(signing.staging)).toEqual([]);
  });
});
