import { HttpConfig } from '@keyward/core';
import { startMessage, whereToFind } from './start-line';

describe('the start line', () => {
  const http = (fields: Partial<HttpConfig>) =>
    new HttpConfig({
      host: '0.0.0.0',
      port: 8000,
      rootPath: '/auth',
      publicUrl: 'http://localhost:8000',
      bodyLimitBytes: 1024,
      trustProxy: false,
      docsPublic: true,
      corsOrigins: [],
      tls: null,
      ...fields,
    });

  it('names an address a browser can open for the API, the docs, the admin panel and the metrics', () => {
    expect(whereToFind(http({}))).toEqual({
      api: 'http://localhost:8000/auth',
      docs: 'http://localhost:8000/auth/docs',
      redoc: 'http://localhost:8000/auth/redoc',
      guides: 'http://localhost:8000/auth/mkdocs',
      openapi: 'http://localhost:8000/auth/openapi.json',
      admin: 'http://localhost:8000/auth/admin',
      metrics: 'http://localhost:8000/auth/metrics',
    });
    expect(startMessage(whereToFind(http({})))).toBe(
      'keyward listening on http://localhost:8000/auth | docs /auth/docs, /auth/redoc, /auth/mkdocs | admin /auth/admin | metrics /auth/metrics',
    );
  });

  it('leaves out documentation that is not served, and follows TLS, host and root path', () => {
    const tls = { certFile: 'c', keyFile: 'k' };
    expect(whereToFind(http({ docsPublic: false, tls, host: '::1', port: 8443, rootPath: '' }))).toEqual({
      api: 'https://[::1]:8443',
      admin: 'https://[::1]:8443/admin',
      metrics: 'https://[::1]:8443/metrics',
    });
  });
});
