import { isDocumentationRoute } from './docs-gate';

describe('isDocumentationRoute', () => {
  it.each([
    '/auth/docs',
    '/auth/docs/*',
    '/auth/docs/swagger-ui-init.js',
    '/auth/redoc',
    '/auth/redoc/redoc.standalone.js',
    '/auth/openapi.json',
    '/auth/openapi.yaml',
    '/auth/mkdocs',
    '/auth/mkdocs/:page',
    '/auth/mkdocs/assets/:file',
  ])('protects %s', (route) => {
    expect(isDocumentationRoute(route, '/auth')).toBe(true);
  });

  it.each([undefined, '/auth/me', '/auth/docsx', '/auth/health', '/docs', '/auth/admin', '/auth/users/:id/docs'])(
    'leaves %s alone',
    (route) => {
      expect(isDocumentationRoute(route, '/auth')).toBe(false);
    },
  );

  it('follows the root path, including none', () => {
    expect(isDocumentationRoute('/docs', '')).toBe(true);
    expect(isDocumentationRoute('/keyward/mkdocs', '/keyward')).toBe(true);
    expect(isDocumentationRoute('/auth/mkdocs', '/keyward')).toBe(false);
  });
});
