import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

// Builds dist/ (a no-op when up to date) and starts the compiled service as `npm start` does.
jest.setTimeout(60000);

const root = path.resolve(__dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The compiled service finds docs/ from dist/apps/api/src/guides, at another depth than the sources, and from
 * a working directory that is not the repository (a service manager's, a container's).
 */
describe('guides served by the built service (dist/)', () => {
  let child: ChildProcess;
  let workDir: string;
  let base: string;

  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
    workDir = mkdtempSync(path.join(tmpdir(), 'keyward-dist-docs-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}/auth`;
    child = spawn(process.execPath, [path.join(root, 'dist/apps/api/src/main.js')], {
      cwd: workDir,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATA_DIR: path.join(workDir, 'data'),
        DATABASE_URL: `sqlite:${path.join(workDir, 'data/keyward.sqlite')}`,
        JWT_SECRET: randomBytes(32).toString('base64url'),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // Ready when it answers (not when a log line says so: the start line's wording is not this test's concern).
    for (let attempt = 0; ; attempt += 1) {
      if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}:\n${output}`);
      const health = await fetch(`${base}/health`).catch(() => null);
      if (health?.ok) break;
      if (attempt === 300) throw new Error(`service did not answer:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it.each([
    ['/mkdocs', 'Keyward documentation'],
    ['/mkdocs/operator-guide', 'db:backup'],
    ['/mkdocs/api-guide', 'sign-batch'],
    ['/mkdocs/architecture', 'context-ports.module.ts'],
  ])('serves %s', async (route, marker) => {
    const answer = await fetch(`${base}${route}`);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain(marker);
  });
});
