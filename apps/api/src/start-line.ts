import { HttpConfig } from '@keyward/core';

/** Where an operator finds each face of the service, for the line logged once the port is open. */
export function whereToFind(http: HttpConfig): Record<string, string> {
  // 0.0.0.0 and :: are where the server listens, not an address a browser can open.
  const host = ['0.0.0.0', '::', '[::]'].includes(http.host) ? 'localhost' : http.host;
  const base = `${http.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${http.port}${http.rootPath}`;
  return {
    api: base,
    ...(http.docsPublic
      ? { docs: `${base}/docs`, redoc: `${base}/redoc`, guides: `${base}/mkdocs`, openapi: `${base}/openapi.json` }
      : {}),
    admin: `${base}/admin`,
    metrics: `${base}/metrics`,
  };
}

/** The same on one line a person reads at a glance: the API's address, then the paths of the other faces. */
export function startMessage(where: Record<string, string>): string {
  const path = (url: string | undefined) => (url ? new URL(url).pathname : undefined);
  const docs = [where.docs, where.redoc, where.guides].map(path).filter(Boolean).join(', ');
  return [
    `keyward listening on ${where.api}`,
    ...(docs ? [`docs ${docs}`] : []),
    `admin ${path(where.admin)}`,
    `metrics ${path(where.metrics)}`,
  ].join(' | ');
}
