/** Layering rules (see ARCHITECTURE.md): dependencies point inward and contexts stay apart. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-framework-free',
      comment: 'Domain code imports nothing from NestJS, TypeORM or Fastify.',
      severity: 'error',
      from: { path: '^libs/[^/]+/src/domain/' },
      to: { path: 'node_modules/(@nestjs|typeorm|fastify|@fastify)/' },
    },
    {
      name: 'domain-does-not-reach-outward',
      comment: 'Domain code does not import interactors, repositories, adapters or http code.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/src/domain/' },
      to: { path: '^libs/[^/]+/src/(interactors|repositories|adapters|http)/' },
    },
    {
      name: 'no-foreign-repositories',
      comment: "A context never reaches into another context's repositories (or their tables).",
      severity: 'error',
      from: { path: '^libs/([^/]+)/src/' },
      to: { path: '^libs/[^/]+/src/repositories/', pathNot: '^libs/$1/src/' },
    },
    {
      name: 'contexts-talk-through-their-index',
      comment: 'Other contexts are used through their public index (exported interactors and ports) only.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/src/' },
      to: { path: '^libs/[^/]+/src/.+', pathNot: ['^libs/$1/src/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'core-knows-no-context',
      comment: 'libs/core is infrastructure only; it depends on no bounded context.',
      severity: 'error',
      from: { path: '^libs/core/' },
      to: { path: '^libs/(?!core/)' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: { pathNot: '^(test|migrations)/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.(spec|int-spec|e2e-spec)\\.ts$|\\.contract\\.ts$)' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
