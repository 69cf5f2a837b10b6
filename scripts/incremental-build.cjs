// Compiles TypeScript sources into an output folder with swc, file by file, redoing only what changed.
// A running server loads the output folder, so it is never emptied wholesale: each file is replaced by an
// atomic rename (a reader sees the old file or the new one, never half of one) and only outputs whose source is
// gone are removed. A manifest in the output folder records the content hash each output was compiled from.
const { createHash, randomBytes } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const MANIFEST = '.build-manifest.json';
// Raise when what this script writes around swc's output changes, so that every output is redone once.
const OUTPUT_FORMAT = 1;

const isSource = (name) =>
  name.endsWith('.ts') && !name.endsWith('.d.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(name);
const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const toPosix = (relative) => relative.split(path.sep).join('/');

/** Files under `dir` (relative to `root`, posix separators) that pass `keep`; none when `dir` is missing. */
function filesUnder(root, dir, keep) {
  const found = [];
  const visit = (relative) => {
    let entries;
    try {
      entries = fs.readdirSync(path.join(root, relative), { withFileTypes: true });
    } catch (error) {
      if (error.code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) visit(child);
      else if (keep(entry.name)) found.push(toPosix(child));
    }
  };
  visit(dir);
  return found;
}

/** The last build's settings key and source hashes (none when missing or unreadable), and its text. */
function readManifest(outDir) {
  let text = null;
  try {
    text = fs.readFileSync(path.join(outDir, MANIFEST), 'utf8');
    const { key, files } = JSON.parse(text);
    if (typeof key === 'string' && files && typeof files === 'object') return { key, files, text };
  } catch {
    // No manifest (a first build, or dist/ from before manifests): every source is compiled.
  }
  return { key: null, files: {}, text };
}

/** Writes `data` to `file` through a temporary sibling and a rename, creating the folder if needed. */
function writeAtomically(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.writeFileSync(temporary, data);
    fs.renameSync(temporary, file);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/** Removes the now-empty folders between `dir` and `stop` (exclusive), deepest first. */
function pruneEmptyFolders(dir, stop) {
  for (let current = dir; current.startsWith(`${stop}${path.sep}`); current = path.dirname(current)) {
    try {
      fs.rmdirSync(current);
    } catch {
      return; // not empty, or already gone
    }
  }
}

/**
 * What to do, decided from the current sources (relative path to content hash), the manifest of the last build,
 * the outputs that exist and the key of the compiler settings:
 * - compile a source whose hash differs from the manifest's, whose output is missing, or every source when the
 *   key changed;
 * - remove every existing output (.js and .js.map) that no current source produces.
 */
function planBuild({ sources, manifest, outputs, key }) {
  const compile = [];
  const expected = new Set();
  for (const [source, hash] of sources) {
    const output = source.replace(/\.ts$/, '.js');
    expected.add(output).add(`${output}.map`);
    if (manifest.key !== key || manifest.files[source] !== hash || !outputs.has(output)) compile.push(source);
  }
  const remove = [...outputs].filter((output) => !expected.has(output)).sort();
  return { compile, unchanged: sources.size - compile.length, remove };
}

/** The current sources (relative path to content and hash) and the outputs that exist (relative paths). */
function scan({ root, outDir, sourceDirs }) {
  const sources = new Map();
  for (const dir of sourceDirs)
    for (const source of filesUnder(root, dir, isSource)) {
      const content = fs.readFileSync(path.join(root, source));
      sources.set(source, { content, hash: sha256(content) });
    }
  const isOutput = (name) => name.endsWith('.js') || name.endsWith('.js.map');
  const outputs = new Set(sourceDirs.flatMap((dir) => filesUnder(outDir, dir, isOutput)));
  return { sources, outputs };
}

function removeOutputs(outDir, outputs) {
  for (const output of outputs) {
    const file = path.join(outDir, output);
    fs.rmSync(file, { force: true });
    pruneEmptyFolders(path.dirname(file), outDir);
  }
}

/** Compiles the sources (a few at a time: swc works on a thread pool); resolves to the messages of failures. */
async function compileAll({ root, outDir, swcOptions }, sources, names) {
  // Loaded only when there is work: the native binding costs more than a build with nothing to do.
  const { transform } = require('@swc/core');
  const failures = new Map();
  const compileOne = async (source) => {
    const target = path.join(outDir, source.replace(/\.ts$/, '.js'));
    try {
      const { code, map } = await transform(sources.get(source).content.toString('utf8'), {
        ...swcOptions,
        filename: path.join(root, source),
        outputPath: target,
      });
      // The map first: a reader of the new code then finds the map that belongs to it.
      if (map) writeAtomically(`${target}.map`, map);
      writeAtomically(target, `${code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
    } catch (error) {
      failures.set(source, error instanceof Error ? error.message : String(error));
    }
  };
  let next = 0;
  const worker = async () => {
    while (next < names.length) await compileOne(names[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(4, names.length) }, worker));
  return failures;
}

/**
 * Brings `outDir` up to date with the sources under `root`/`sourceDirs`. Resolves to what it did; rejects, naming
 * every source that failed to compile, once the others are written and recorded (the next build redoes only the
 * failures).
 */
async function build(options) {
  const started = Date.now();
  const { outDir, swcOptions } = options;
  const swcVersion = JSON.parse(fs.readFileSync(require.resolve('@swc/core/package.json'), 'utf8')).version;
  const key = sha256(JSON.stringify({ format: OUTPUT_FORMAT, swc: swcVersion, options: swcOptions }));
  const { sources, outputs } = scan(options);
  const hashes = new Map([...sources].map(([source, { hash }]) => [source, hash]));
  const manifest = readManifest(outDir);
  const plan = planBuild({ sources: hashes, manifest, outputs, key });

  removeOutputs(outDir, plan.remove);
  const failures = plan.compile.length > 0 ? await compileAll(options, sources, plan.compile) : new Map();

  // Sources that are gone drop out of the manifest; one that failed stays out until it compiles.
  const files = {};
  for (const [source, hash] of hashes) if (!failures.has(source)) files[source] = hash;
  const text = `${JSON.stringify({ key, files }, null, 1)}\n`;
  if (text !== manifest.text) writeAtomically(path.join(outDir, MANIFEST), text);

  if (failures.size > 0) throw new Error([...failures].map(([source, message]) => `${source}: ${message}`).join('\n'));
  return { compiled: plan.compile, unchanged: plan.unchanged, removed: plan.remove, ms: Date.now() - started };
}

module.exports = { build, MANIFEST };
