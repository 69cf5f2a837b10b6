/** Layering rules (see ARCHITECTURE.md): dependencies point inward and contexts stay apart. */
const FRAMEWORKS = [
  '@nestjs',
  'typeorm',
  'fastify',
  '@fastify',
  'ioredis',
  'pg',
  'better-sqlite3',
  'class-validator',
  'class-transformer',
];

module.exports = {
  forbidden: [
    {
      name: 'domain-reaches-no-framework',
      comment:
        'Domain code reaches nothing of NestJS, TypeORM, Fastify, the drivers or the validation decorators, by any ' +
        'path: not directly, and not through a module it imports (such as a library index that also exports modules).',
      severity: 'error',
      from: { path: '^libs/[^/]+/src/domain/' },
      to: { path: `node_modules/(${FRAMEWORKS.join('|')})/`, reachable: true },
    },
    {
      name: 'domain-imports-only-kernel-and-its-context',
      comment: "Domain code imports the kernel, its own context's domain and Node's standard library; nothing else.",
      severity: 'error',
      from: { path: '^libs/([^/]+)/src/domain/' },
      to: { pathNot: ['^libs/$1/src/domain/', '^libs/kernel/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'kernel-imports-only-node',
      comment: "libs/kernel is framework-free: it imports only itself and Node's standard library.",
      severity: 'error',
      from: { path: '^libs/kernel/' },
      to: { pathNot: '^libs/kernel/', dependencyTypesNot: ['core'] },
    },
    {
      name: 'domain-does-not-reach-outward',
      comment: 'Domain code does not import interactors, repositories, adapters or http code.',
      severity: 'error',
      from: { path: '^libs/([^/]+)/src/domain/' },
      to: { path: '^libs/[^/]+/src/(interactors|repositories|adapters|http)/' },
    },
    {
      name: 'contexts-import-no-context',
      comment:
        'A bounded context imports only the kernel (ports included) and core, never another context: contexts meet ' +
        'through the ports bound in apps/api/src/context-ports.module.ts.',
      severity: 'error',
      from: { path: '^libs/(?!kernel/|core/|admin/)([^/]+)/' },
      to: { path: '^libs/', pathNot: ['^libs/$1/', '^libs/(kernel|core)/'] },
    },
    {
      name: 'admin-uses-contexts-through-their-index',
      comment:
        'libs/admin is a composition-level context: a second face (server-rendered pages) on the use cases the ' +
        "other contexts export. It may import a context's public index only, never its domain, repositories or http.",
      severity: 'error',
      from: { path: '^libs/admin/' },
      to: { path: '^libs/(?!admin/)[^/]+/src/.+', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },
    {
      name: 'no-context-imports-admin',
      comment: 'Nothing but the composition root (apps/) uses the admin panel.',
      severity: 'error',
      from: { path: '^libs/(?!admin/)' },
      to: { path: '^libs/admin/' },
    },
    {
      name: 'kernel-and-core-through-their-index',
      comment: 'Contexts use the kernel and core through their public index only.',
      severity: 'error',
      from: { path: '^libs/(?!kernel/|core/)[^/]+/' },
      to: { path: '^libs/(kernel|core)/src/.+', pathNot: '^libs/(kernel|core)/src/index\\.ts$' },
    },
    {
      name: 'core-knows-no-context',
      comment: 'libs/core is the Nest platform; it depends on the kernel and on no bounded context.',
      severity: 'error',
      from: { path: '^libs/core/' },
      to: { path: '^libs/(?!core/|kernel/)' },
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
