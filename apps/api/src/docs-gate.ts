import type { FastifyInstance } from 'fastify';
import { sendProblem } from '@keyward/core';
import { UnauthenticatedError } from '@keyward/kernel';
import { Credentials, credentialsOf } from '@keyward/identity';

/** Resolves credentials to a caller, or null (the identity context's AuthenticateInteractor). */
export type Authenticator = (credentials: Credentials) => Promise<unknown>;

/** Route templates under the root path that make up the documentation (Swagger UI, ReDoc, the document, the guides). */
const DOCUMENTATION = /^\/(docs|redoc|openapi\.(json|yaml)|mkdocs)(\/|$)/;

export function isDocumentationRoute(routeTemplate: string | undefined, rootPath: string): boolean {
  if (!routeTemplate?.startsWith(`${rootPath}/`)) return false;
  return DOCUMENTATION.test(routeTemplate.slice(rootPath.length));
}

/**
 * DOCS_PUBLIC=false: every documentation route answers 401 UNAUTHENTICATED unless the request carries a valid
 * access token or API key. Any authenticated user may read them: the contract has no permission for the
 * documentation, and what it describes is no secret from a user of the API. Checked on the matched route
 * template (not the raw URL), so an encoded or oddly spelt path cannot slip past.
 */
export function protectDocumentation(fastify: FastifyInstance, rootPath: string, authenticate: Authenticator): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (!isDocumentationRoute(request.routeOptions.url, rootPath)) return;
    try {
      const credentials = credentialsOf(request);
      if (credentials && (await authenticate(credentials))) return;
      sendProblem(new UnauthenticatedError(), request, reply);
    } catch (error) {
      // The session store or database could not check the credentials: 503, never let through.
      sendProblem(error, request, reply);
    }
    return reply;
  });
}
