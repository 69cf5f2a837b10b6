import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';

/**
 * One Content-Security-Policy for every response. On JSON it changes nothing; the pages it has to allow are
 * Swagger UI and ReDoc, which load their scripts and styles from this server, use inline styles and data:
 * images, fetch the OpenAPI document, and (ReDoc) run search in a worker created from a blob: URL.
 */
function cspDirectives(tls: boolean): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'connect-src': ["'self'"],
    'font-src': ["'self'", 'data:'],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'img-src': ["'self'", 'data:'],
    'object-src': ["'none'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'worker-src': ["'self'", 'blob:'],
    // Only under TLS: over plain HTTP it would send the docs' own requests to an https:// that does not exist.
    ...(tls ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

const HSTS_MAX_AGE_SECONDS = 31536000;

/**
 * The security headers helmet sets, for answers written where its hook does not run: Node's HTTP parser
 * errors (written straight to the socket) and Fastify's errors raised before routing.
 */
export function baselineSecurityHeaders(tls: boolean): Record<string, string> {
  const csp = Object.entries(cspDirectives(tls))
    .map(([name, values]) => [name, ...values].join(' '))
    .join(';');
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'cache-control': 'no-store',
    ...(tls ? { 'strict-transport-security': `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains` } : {}),
  };
}

/**
 * Security headers on every response (helmet's), HSTS only when this process serves TLS itself, and
 * `Cache-Control: no-store` unless a route says otherwise: API answers carry tokens, keys and secrets, and a
 * shared cache must never keep one. Static assets (docs bundles) set their own, cacheable, value.
 *
 * @fastify/helmet builds helmet's middleware again on every request (parsing the CSP each time, two hooks): no
 * route here configures helmet of its own, so its headers are the same for every request. They are taken once
 * from helmet itself, at start, and set by one synchronous hook.
 */
export async function registerSecurityHeaders(fastify: FastifyInstance, tls: boolean): Promise<void> {
  const headers = await helmetHeaders(tls);
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
  fastify.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    return payload;
  });
}

/** The headers helmet sets with keyward's options, from one request to a private Fastify instance. */
async function helmetHeaders(tls: boolean): Promise<Record<string, string>> {
  const probe = Fastify({ logger: false });
  await probe.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(tls) },
    strictTransportSecurity: tls ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  probe.get('/', async () => '');
  try {
    const response = await probe.inject({ method: 'GET', url: '/' });
    const own = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive']);
    return Object.fromEntries(
      Object.entries(response.headers)
        .filter(([name]) => !own.has(name))
        .map(([name, value]) => [name, String(value)]),
    );
  } finally {
    await probe.close();
  }
}
