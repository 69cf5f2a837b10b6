// Compiles apps/, libs/ and migrations/ to dist/ with swc (type checking is `npm run typecheck`). Incremental:
// only sources changed since the last build are compiled, outputs of deleted sources are removed, and dist/ is
// never emptied, so a server running from it keeps working while the CLI or `npm start` builds.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { build } = require('./incremental-build.cjs');
const swcOptions = require('./swc-options.cjs');
const root = path.resolve(import.meta.dirname, '..');

const report = await build({
  root,
  outDir: path.join(root, 'dist'),
  sourceDirs: ['apps', 'libs', 'migrations'],
  swcOptions: swcOptions(),
});
const changes = [
  report.compiled.length > 0 && `compiled ${report.compiled.length}`,
  report.removed.length > 0 && `removed ${report.removed.length} stale outputs`,
].filter(Boolean);
console.log(
  changes.length > 0
    ? `dist/: ${changes.join(', ')}, ${report.unchanged} up to date (${report.ms} ms)`
    : `dist/ is up to date (${report.unchanged} files, ${report.ms} ms)`,
);
