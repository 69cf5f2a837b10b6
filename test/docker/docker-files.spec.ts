import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
// The yaml package comes with the tooling (not a dependency of its own): enough to read the compose file.
import YAML from 'yaml';

// No Docker engine (nor hadolint, nor `docker compose config`) runs here: these checks read the files as the
// engine would and hold them to what the README promises operators.
const root = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** Dockerfile instructions, continuation lines joined and comments dropped: [keyword, arguments]. */
function instructions(dockerfile: string): [string, string][] {
  return dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword, ...rest] = line.split(/\s+/);
      return [keyword.toUpperCase(), rest.join(' ')];
    });
}

interface ComposeService {
  image?: string;
  environment?: Record<string, string>;
  ports?: string[];
  command?: string[];
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
}

describe('docker/Dockerfile', () => {
  const steps = instructions(read('docker/Dockerfile'));
  const args = (keyword: string) => steps.filter(([k]) => k === keyword).map(([, a]) => a);

  it('builds on an exact release of a maintained Node line', () => {
    const image = /^NODE_IMAGE=node:(\d+)\.(\d+)\.(\d+)-bookworm-slim$/.exec(
      args('ARG').find((a) => a.startsWith('NODE_IMAGE'))!,
    );
    expect(image).not.toBeNull();
    expect(Number(image![1])).toBeGreaterThanOrEqual(22);
    expect(Number(image![1]) % 2).toBe(0); // even lines are the long-term-support ones
    expect(args('FROM').every((from) => from.startsWith('${NODE_IMAGE} AS '))).toBe(true);
  });

  it('checks readiness, not liveness, and runs as an unprivileged user behind tini', () => {
    const [healthcheck] = args('HEALTHCHECK');
    expect(healthcheck).toMatch(/\/health\/ready`/);
    expect(healthcheck).not.toMatch(/\/health`/);
    expect(args('USER')).toEqual(['keyward']);
    expect(args('ENTRYPOINT')).toEqual(['["/usr/bin/tini", "--", "/app/docker/entrypoint.sh"]']);
  });

  it('has a health check that passes only while /health/ready answers 200', async () => {
    const [command, flag, script] = JSON.parse(args('HEALTHCHECK')[0].replace(/^.*?CMD /, '')) as string[];
    expect([command, flag]).toEqual(['node', '-e']);
    let readyStatus = 200;
    const asked: string[] = [];
    // Liveness stays 200 throughout: a check that asked it would pass while the service cannot serve.
    const server = http.createServer((request, response) => {
      asked.push(request.url ?? '');
      response.statusCode = request.url === '/keyward/health/ready' ? readyStatus : 200;
      response.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const check = () =>
      new Promise<number>((resolve) => {
        const env = {
          ...process.env,
          PORT: String((server.address() as { port: number }).port),
          ROOT_PATH: '/keyward/',
        };
        execFile(process.execPath, ['-e', script], { env }, (error) => resolve(error ? Number(error.code) : 0));
      });
    try {
      expect(await check()).toBe(0);
      readyStatus = 503;
      expect(await check()).toBe(1);
      expect(asked).toEqual(['/keyward/health/ready', '/keyward/health/ready']);
    } finally {
      server.close();
    }
  });

  it('shows how to mount GNUPGHOME and the passphrases file', () => {
    const text = read('docker/Dockerfile');
    expect(text).toMatch(/-e GNUPGHOME=\/run\/gnupg/);
    expect(text).toMatch(/-e SIGNING_PASSPHRASES_FILE=\/run\/secrets\/signing-passphrases/);
  });
});

describe('docker-compose.yml', () => {
  const compose = YAML.parse(read('docker-compose.yml')) as { services: Record<string, ComposeService> };
  const { api, postgres, redis } = compose.services;
  const example = Object.fromEntries(
    read('.env.example')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => line.split('=', 2) as [string, string]),
  );

  it('pins every image it pulls to an exact version', () => {
    for (const service of [postgres, redis]) expect(service.image).toMatch(/^[a-z]+:\d+\.\d+(\.\d+)?-bookworm$/);
  });

  it('holds no password: each comes from the env file, which .env.example lists', () => {
    for (const service of Object.values(compose.services)) {
      for (const [name, value] of Object.entries(service.environment ?? {})) {
        if (/PASSWORD|SECRET/.test(name)) expect(value).toMatch(/^\$\{[A-Z_]+:[?-]/);
      }
    }
    expect(api.environment!.DATABASE_URL).toMatch(
      /^postgres:\/\/keyward:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432\//,
    );
    expect(postgres.environment!.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
    expect(api.environment!.JWT_SECRET).toMatch(/^\$\{JWT_SECRET:\?/);
    for (const name of ['POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'JWT_SECRET', 'BOOTSTRAP_ADMIN_PASSWORD']) {
      expect(example[name]).toBe('');
    }
    expect(example.BOOTSTRAP_ADMIN_EMAIL).toMatch(/@/);
    expect(api.environment).toMatchObject({
      BOOTSTRAP_ADMIN_EMAIL: '${BOOTSTRAP_ADMIN_EMAIL:-}',
      BOOTSTRAP_ADMIN_PASSWORD: '${BOOTSTRAP_ADMIN_PASSWORD:-}',
    });
  });

  it('protects Redis with a password that the API uses', () => {
    expect(redis.command!.join(' ')).toMatch(/--requirepass "\$\$REDIS_PASSWORD"/);
    expect(redis.healthcheck!.test.join(' ')).toMatch(/REDISCLI_AUTH="\$\$REDIS_PASSWORD"/);
    expect(api.environment!.REDIS_URL).toMatch(/^redis:\/\/:\$\{REDIS_PASSWORD:\?[^}]+\}@redis:6379\//);
  });

  it('publishes the API on this host only by default, and lets in-flight requests finish on stop', () => {
    expect(api.ports).toEqual(['${KEYWARD_BIND:-127.0.0.1}:${KEYWARD_PORT:-8000}:8000']);
    expect(example.KEYWARD_BIND).toBe('127.0.0.1');
    const graceSeconds = Number(/^(\d+)s$/.exec(api.stop_grace_period!)![1]);
    expect(graceSeconds * 1000).toBeGreaterThan(Number(example.SHUTDOWN_TIMEOUT_MS));
  });
});

describe('docker/entrypoint.sh', () => {
  it('passes shellcheck', () => {
    expect(() =>
      execFileSync('shellcheck', [path.join(root, 'docker/entrypoint.sh')], { stdio: 'pipe' }),
    ).not.toThrow();
  });
});
