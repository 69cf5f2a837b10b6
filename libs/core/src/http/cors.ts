import fastifyCors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/**
 * CORS for the origins in CORS_ORIGINS, and nothing at all without them (no header tells a browser anything).
 * Only a listed origin gets Access-Control-Allow-Origin (echoed, with `Vary: Origin`); a preflight may ask for
 * the headers that carry credentials and JSON. Credentials mode stays off: the API authenticates with headers,
 * never cookies, so a page has no reason to send the browser's cookies along.
 */
export async function registerCors(fastify: FastifyInstance, origins: readonly string[]): Promise<void> {
  if (origins.length === 0) return;
  const allowed = new Set(origins);
  await fastify.register(fastifyCors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'X-Api-Key', 'Content-Type', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'Server-Timing'],
    credentials: false,
    maxAge: 600,
    // A preflight is answered by the plugin's OPTIONS route and never reaches authentication.
    preflight: true,
    strictPreflight: true,
  });
}
