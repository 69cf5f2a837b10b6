import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomBytes } from 'node:crypto';
import { buildDist, ServiceProcess, serviceMain } from '../support/service-process';

jest.setTimeout(90_000);

// What only some requests need is loaded on first use, not at start (bench/start.bench.mjs, "Where a start goes"),
// and still works when asked for. The built service runs with a preload that lists the modules it has loaded.
describe('work deferred from the start to first use', () => {
  const deferred = ['/node_modules/@simplewebauthn/server/', '/node_modules/nodemailer/', '/node_modules/marked/'];
  const listFile = path.join(tmpdir(), `keyward-loaded-${randomBytes(6).toString('hex')}.json`);
  let service: ServiceProcess;

  /** The packages of `deferred` the service has loaded so far. */
  const loadedDeferred = async () => {
    rmSync(listFile, { force: true });
    service.child.kill('SIGUSR2');
    while (!existsSync(listFile)) await sleep(20);
    await sleep(50); // the file is written in one call; let it land
    const files = JSON.parse(readFileSync(listFile, 'utf8')) as string[];
    return deferred.filter((marker) => files.some((file) => file.includes(marker)));
  };

  beforeAll(async () => {
    buildDist();
    const preload = path.resolve(__dirname, '../support/loaded-modules.cjs');
    service = await ServiceProcess.start({ LOADED_MODULES_FILE: listFile }, [
      process.execPath,
      '--require',
      preload,
      serviceMain,
    ]);
    for (;;) {
      if (service.child.exitCode !== null) throw new Error(`the service exited:\n${service.output}`);
      if ((await fetch(`${service.baseUrl}/health/ready`).catch(() => null))?.status === 200) break;
      await sleep(100);
    }
  });
  afterAll(async () => {
    await service?.dispose();
    rmSync(listFile, { force: true });
  });

  it('starts without the WebAuthn library, the mail transport or the Markdown renderer', async () => {
    expect(await loadedDeferred()).toEqual([]);
  });

  it('builds the OpenAPI document, renders the guides and loads WebAuthn when first asked', async () => {
    const document = await fetch(`${service.baseUrl}/openapi.json`);
    expect(document.status).toBe(200);
    expect(Object.keys(((await document.json()) as { paths: object }).paths)).toContain('/auth/me');
    const guide = await fetch(`${service.baseUrl}/mkdocs`);
    expect(guide.status).toBe(200);
    expect(await guide.text()).toContain('<h1');
    const options = await fetch(`${service.baseUrl}/passkeys/authentication/options`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(options.status).toBe(200);

    expect(await loadedDeferred()).toEqual(['/node_modules/@simplewebauthn/server/', '/node_modules/marked/']);
  });
});
