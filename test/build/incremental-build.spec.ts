import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build, BuildReport, MANIFEST } from '../../scripts/incremental-build.cjs';
import swcOptions from '../../scripts/swc-options.cjs';

// The build script's decisions on a scratch project, compiled by the real swc: what it compiles, keeps and removes.
describe('incremental build (scripts/build.mjs)', () => {
  let root: string;
  let outDir: string;

  const source = (relative: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), text);
  };
  const output = (relative: string) => path.join(outDir, relative);
  /** The identity of a file on disk: a rewrite (even by rename) gives it another inode or mtime. */
  const identity = (file: string) => {
    const { ino, mtimeMs } = statSync(file);
    return { ino, mtimeMs };
  };
  /** A file in dist/ that no build writes: it survives as long as dist/ is not emptied wholesale. */
  const leaveSentinel = () => {
    const file = path.join(outDir, 'left-by-someone-else');
    writeFileSync(file, '');
    return file;
  };
  const run = (options: object = swcOptions()): Promise<BuildReport> =>
    build({ root, outDir, sourceDirs: ['apps', 'libs'], swcOptions: options });
  /** Loads a compiled module fresh from disk with Node's own loader (Jest's would compile it again). */
  const load = (relative: string) => {
    const nodeRequire = createRequire(__filename);
    const file = output(relative);
    for (const loaded of Object.keys(nodeRequire.cache))
      if (loaded.startsWith(outDir)) delete nodeRequire.cache[loaded];
    return nodeRequire(file);
  };

  beforeEach(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'keyward-build-'));
    outDir = path.join(root, 'dist');
    source(
      'apps/api/src/main.ts',
      "import { answer } from '../../../libs/core/src/answer';\nexport const main = answer;\n",
    );
    source('libs/core/src/answer.ts', 'export const answer: number = 42;\n');
    source('libs/core/src/extra/helper.ts', 'export const helper = (): string => "help";\n');
    source('libs/core/src/answer.spec.ts', 'it("is not built", () => undefined);\n');
    source('libs/core/src/types.d.ts', 'export type Nothing = never;\n');
    const first = await run();
    expect(first.compiled.sort()).toEqual([
      'apps/api/src/main.ts',
      'libs/core/src/answer.ts',
      'libs/core/src/extra/helper.ts',
    ]);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('compiles every source on the first build, with source maps, and skips tests and declarations', () => {
    expect(load('apps/api/src/main.js').main).toBe(42);
    expect(readFileSync(output('libs/core/src/answer.js'), 'utf8')).toContain('//# sourceMappingURL=answer.js.map');
    expect(existsSync(output('libs/core/src/answer.js.map'))).toBe(true);
    expect(existsSync(output('libs/core/src/answer.spec.js'))).toBe(false);
    expect(existsSync(output('libs/core/src/types.d.js'))).toBe(false);
    expect(existsSync(path.join(outDir, MANIFEST))).toBe(true);
  });

  it('compiles nothing and rewrites nothing when nothing changed, even if a source was touched', async () => {
    const before = identity(output('libs/core/src/answer.js'));
    const manifest = identity(path.join(outDir, MANIFEST));
    const later = new Date(Date.now() + 5000);
    utimesSync(path.join(root, 'libs/core/src/answer.ts'), later, later);

    const report = await run();

    expect(report).toMatchObject({ compiled: [], removed: [], unchanged: 3 });
    expect(identity(output('libs/core/src/answer.js'))).toEqual(before);
    expect(identity(path.join(outDir, MANIFEST))).toEqual(manifest);
  });

  it('compiles only the changed and the new sources', async () => {
    const untouched = identity(output('libs/core/src/extra/helper.js'));
    source('libs/core/src/answer.ts', 'export const answer: number = 43;\n');
    source('libs/core/src/added.ts', 'export const added = true;\n');

    const report = await run();

    expect(report.compiled.sort()).toEqual(['libs/core/src/added.ts', 'libs/core/src/answer.ts']);
    expect(report.unchanged).toBe(2);
    expect(load('apps/api/src/main.js').main).toBe(43);
    expect(load('libs/core/src/added.js').added).toBe(true);
    expect(identity(output('libs/core/src/extra/helper.js'))).toEqual(untouched);
  });

  it('removes the outputs of a deleted source and its emptied folder, and keeps dist/ itself', async () => {
    const kept = identity(output('libs/core/src/answer.js'));
    const sentinel = leaveSentinel();
    rmSync(path.join(root, 'libs/core/src/extra/helper.ts'));

    const report = await run();

    expect(report).toMatchObject({
      compiled: [],
      removed: ['libs/core/src/extra/helper.js', 'libs/core/src/extra/helper.js.map'],
    });
    expect(existsSync(output('libs/core/src/extra'))).toBe(false);
    expect(identity(output('libs/core/src/answer.js'))).toEqual(kept);
    expect(existsSync(sentinel)).toBe(true);
    expect((await run()).removed).toEqual([]);
  });

  it('recompiles an output deleted by hand', async () => {
    rmSync(output('libs/core/src/answer.js'));
    expect((await run()).compiled).toEqual(['libs/core/src/answer.ts']);
    expect(load('libs/core/src/answer.js').answer).toBe(42);
  });

  it('recompiles everything, in place, when the compiler settings change', async () => {
    const options = swcOptions();
    const es2019 = { ...options, jsc: { ...options.jsc, target: 'es2019' } };
    const sentinel = leaveSentinel();

    expect((await run(es2019)).compiled).toHaveLength(3);
    expect(existsSync(sentinel)).toBe(true);
    expect((await run(es2019)).compiled).toEqual([]);
    expect((await run()).compiled).toHaveLength(3);
  });

  it('adopts a dist/ without a manifest: compiles every source and removes what no source produces', async () => {
    rmSync(path.join(outDir, MANIFEST));
    mkdirSync(output('libs/old/src'), { recursive: true });
    writeFileSync(output('libs/old/src/gone.js'), 'module.exports = {};\n');
    writeFileSync(output('libs/old/src/gone.js.map'), '{}');

    const report = await run();

    expect(report.compiled).toHaveLength(3);
    expect(report.removed).toEqual(['libs/old/src/gone.js', 'libs/old/src/gone.js.map']);
    expect(existsSync(output('libs/old'))).toBe(false);
  });

  it('fails on a source that does not compile, keeps the rest, and retries only that one', async () => {
    source('libs/core/src/answer.ts', 'export const answer: number = 44;\n');
    source('libs/core/src/broken.ts', 'export const broken = ;\n');

    await expect(run()).rejects.toThrow(/^libs\/core\/src\/broken\.ts: /);
    expect(existsSync(output('libs/core/src/broken.js'))).toBe(false);
    expect(load('libs/core/src/answer.js').answer).toBe(44);

    source('libs/core/src/broken.ts', 'export const broken = false;\n');
    const report = await run();
    expect(report.compiled).toEqual(['libs/core/src/broken.ts']);
    expect(load('libs/core/src/broken.js').broken).toBe(false);
  });

  it('leaves no temporary files behind', async () => {
    source('libs/core/src/answer.ts', 'export const answer: number = 45;\n');
    await run();
    const files = readdirSync(outDir, { recursive: true, encoding: 'utf8' });
    expect(files.filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(files).toContain(path.join('libs', 'core', 'src', 'answer.js'));
  });
});
