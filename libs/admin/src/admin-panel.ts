import { readFileSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import { errorCodes, FastifyInstance } from 'fastify';
import { findUnsafeInput, HttpConfig, MALFORMED_QUERY, MAX_JSON_DEPTH, parseQueryString } from '@keyward/core';
import { ValidationFailedError } from '@keyward/kernel';
import { adminRoot } from './admin-root';
import { ADMIN_COOKIE_OPTIONS, CSRF_COOKIE } from './http/admin-cookies';
import { adminCss } from './views/layout.view';
import { ADMIN_TEMPLATES } from './views/templates';

/** Forms are small: a few short fields. */
const FORM_BODY_LIMIT = 64 * 1024;

/**
 * What the panel needs from Fastify besides its controllers: cookies, CSRF tokens, the template engine, the
 * stylesheet, and a parser for HTML forms. Called by the composition root before the app initialises.
 */
export async function registerAdminPanel(fastify: FastifyInstance, http: HttpConfig): Promise<void> {
  const root = adminRoot(http);
  const tls = http.tls !== null;
  await fastify.register(fastifyCookie);
  await fastify.register(fastifyCsrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: CSRF_COOKIE,
    cookieOpts: ADMIN_COOKIE_OPTIONS(root, tls),
    getToken: (request) => (request.body as Record<string, unknown> | undefined)?._csrf as string | undefined,
  });
  await fastify.register(fastifyView, { engine: { eta: templateEngine() }, production: true });
  registerFormParser(fastify, root);
  serveStylesheets(fastify, root);
}

/**
 * The templates are TypeScript modules (views/*.view.ts) rather than .eta files, so the build (which compiles
 * .ts only) puts them into dist/ and the image with nothing to copy. Eta escapes every `<%= %>` output.
 */
function templateEngine(): Eta {
  const eta = new Eta({ autoEscape: true, cache: true });
  for (const [name, text] of Object.entries(ADMIN_TEMPLATES)) eta.loadTemplate(`@${name}.eta`, text);
  return eta;
}

/**
 * HTML forms post `application/x-www-form-urlencoded`. The API refuses that type (415: a browser posts it
 * cross-site without a preflight), so this parser accepts it under the panel's path only, where every form
 * carries a CSRF token and the session cookie is SameSite=Strict.
 */
function registerFormParser(fastify: FastifyInstance, root: string): void {
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
    (request, body, done) => {
      const path = request.url.split('?')[0];
      if (path !== root && !path.startsWith(`${root}/`)) {
        return done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE('application/x-www-form-urlencoded'), undefined);
      }
      // The same rules as query strings and JSON: percent-encoded UTF-8 only, no lone surrogates, no NUL.
      const form = parseQueryString(body as string);
      const malformed = form[MALFORMED_QUERY]?.map((field) => ({ field, message: 'must be percent-encoded UTF-8' }));
      const unsafe = malformed?.[0] ?? findUnsafeInput(form, { maxDepth: MAX_JSON_DEPTH, refuseNul: true });
      if (unsafe) return done(new ValidationFailedError(`${unsafe.field}: ${unsafe.message}`, [unsafe]), undefined);
      done(null, form);
    },
  );
}

/**
 * Pico's classless stylesheet, served from node_modules (no CDN: the CSP allows this server's styles only), and
 * the panel's few additions. Public: the sign-in page needs them too.
 */
function serveStylesheets(fastify: FastifyInstance, root: string): void {
  const stylesheets: Record<string, string | Buffer> = {
    'pico.classless.min.css': readFileSync(require.resolve('@picocss/pico/css/pico.classless.min.css')),
    'admin.css': adminCss,
  };
  for (const [name, css] of Object.entries(stylesheets)) {
    fastify.get(`${root}/assets/${name}`, (_request, reply) => {
      void reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(css);
    });
  }
}
