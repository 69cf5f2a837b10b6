import { readFileSync } from 'node:fs';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { HttpConfig, ProblemDto } from '@keyward/core';
import { AuthenticateInteractor } from '@keyward/identity';
import { protectDocumentation } from './docs-gate';
import { registerGuides } from './guides/guide-routes';

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Keyward')
    .setDescription(
      'Identity, access control, one-time secrets and PGP signing. Errors are RFC 9457 problem details ' +
        '(application/problem+json) with a stable `code` and the `requestId`. Lists take `limit` (1..200, default 50) ' +
        'and `offset` and answer `{items, total, limit, offset}`. Request bodies are JSON (`application/json`; any ' +
        'other type is 415 UNSUPPORTED_MEDIA_TYPE, except the multipart uploads of the signing routes), nested at most ' +
        '32 levels deep and free of lone UTF-16 surrogates, and query strings percent-encoded UTF-8 (else 400 ' +
        'VALIDATION_FAILED naming the field). Headers over 16 KiB are 431 HEADERS_TOO_LARGE; a request that is not ' +
        'valid HTTP is 400 MALFORMED_REQUEST. Answers carry `Cache-Control: no-store` (static documentation assets ' +
        'excepted). When a dependency the request needs (database, session store) is unreachable or does not ' +
        'answer within its timeout, the answer is 503 `SERVICE_UNAVAILABLE` with `Retry-After`; the service resumes by ' +
        'itself when the dependency is back. Guides (operator guide, API guide with curl, architecture) are served ' +
        'as HTML under `/auth/mkdocs`; this document, Swagger UI (`/auth/docs`), ReDoc (`/auth/redoc`) and the ' +
        'guides need an access token or API key when DOCS_PUBLIC=false. ' +
        'The admin panel, server-rendered HTML pages on the same use cases and ' +
        'rules (sign-in form, cookie session, CSRF-protected forms, `admin:access`), is at `/auth/admin` (under ' +
        'ROOT_PATH) and is not part of this document.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Api-Key' }, 'apiKey')
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ProblemDto] });
  documentServiceUnavailable(document);
  return document;
}

// Any operation that reads the database or the session store (authentication alone does) can answer 503, so
// it is documented once here rather than on every route. Liveness (/health, /ping) touches neither.
function documentServiceUnavailable(document: OpenAPIObject): void {
  for (const [route, operations] of Object.entries(document.paths)) {
    if (/\/(health|ping)$/.test(route)) continue;
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const responses = operations[method]?.responses;
      if (responses && !responses['503']) responses['503'] = serviceUnavailableResponse();
    }
  }
}

function serviceUnavailableResponse() {
  return {
    description: 'A dependency (database, session store) is unavailable or too slow (SERVICE_UNAVAILABLE)',
    headers: { 'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer' } } },
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } } },
  };
}

/**
 * Swagger UI at <root>/docs, the document at <root>/openapi.json, ReDoc at <root>/redoc and the guides at
 * <root>/mkdocs. With DOCS_PUBLIC=false they are all still served, to authenticated callers only.
 */
export function setupDocs(app: NestFastifyApplication, config: HttpConfig, logger: Logger): void {
  const root = config.rootPath;
  const fastify = app.getHttpAdapter().getInstance();
  if (!config.docsPublic) {
    const authenticate = app.get(AuthenticateInteractor);
    protectDocumentation(fastify, root, (credentials) => authenticate.execute(credentials));
  }
  registerGuides(fastify, root, logger);
  // Built on the first request for it (then kept): scanning every route's metadata was a tenth of the start.
  SwaggerModule.setup(`${root}/docs`, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: `${root}/openapi.json`,
    yamlDocumentUrl: `${root}/openapi.yaml`,
    customSiteTitle: 'Keyward API',
  });
  const redocBundle = require.resolve('redoc/bundles/redoc.standalone.js');
  fastify.get(`${root}/redoc`, (_request, reply) => {
    void reply
      .type('text/html; charset=utf-8')
      .send(redocPage(`${root}/openapi.json`, `${root}/redoc/redoc.standalone.js`));
  });
  fastify.get(`${root}/redoc/redoc.standalone.js`, (_request, reply) => {
    void reply
      .type('application/javascript; charset=utf-8')
      .header('cache-control', 'public, max-age=86400')
      .send(readFileSync(redocBundle));
  });
}

function redocPage(specUrl: string, scriptUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Keyward API reference</title><meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<redoc spec-url="${specUrl}"></redoc>
<script src="${scriptUrl}"></script>
</body>
</html>`;
}
