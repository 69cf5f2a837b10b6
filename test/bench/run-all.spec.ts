import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { previousRows } from '../../bench/summary-block.mjs';

// `npm run bench`'s runner (bench/run-all.mjs) on fake bench scripts in a scratch directory (BENCH_DIR): which
// rows it writes for scripts that succeed, fail, write nothing or are missing, and its exit code.
describe('npm run bench (bench/run-all.mjs)', () => {
  let dir: string;
  const readme = () => readFileSync(path.join(dir, 'README.md'), 'utf8');
  /** The README with runs of spaces collapsed: prettier pads the table's cells to align the columns. */
  const collapsed = () => readme().replace(/ {2,}/g, ' ');
  const runner = (env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [path.resolve(__dirname, '../../bench/run-all.mjs')], {
      env: { ...process.env, BENCH_DIR: dir, ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });
  /** A fake bench that prints a line, writes one results file with `summary` (unless null) and exits `code`. */
  const fakeBench = (name: string, summary: object[] | null, code = 0) => {
    const report = JSON.stringify(summary ? { summary } : { other: true });
    writeFileSync(
      path.join(dir, `${name}.bench.mjs`),
      `import { mkdirSync, writeFileSync } from 'node:fs';
console.log('measuring ${name}, BENCH_DURATION=' + process.env.BENCH_DURATION);
mkdirSync(new URL('results', import.meta.url), { recursive: true });
writeFileSync(new URL('results/${name}-' + new Date().toISOString().replace(/[:.]/g, '-') + '.json', import.meta.url), ${JSON.stringify(report)});
process.exit(${code});
`,
    );
  };
  const figure = (name: string, value: string) => ({
    figure: `${name} figure`,
    value,
    baseline: 'base | line',
    target: '>= 1x',
    met: true,
    command: `node bench/${name}.bench.mjs`,
  });

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'keyward-run-all-'));
    writeFileSync(path.join(dir, 'README.md'), '# Benchmarks\n\nIntro.\n\n## `me.bench.mjs`\n\nMine.\n');
    fakeBench('me', [figure('me', '0.70x')]);
    fakeBench('workers', [figure('workers', 'never shown')], 1);
    fakeBench('signing', null);
    fakeBench('soak', [figure('soak', '0 errors')]);
    fakeBench('start', [figure('start', '900 ms')]);
    // login.bench.mjs is missing
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs every script, prefixes its output, and writes a row for each figure and each failure', () => {
    const run = runner({ BENCH_QUICK: '1' });

    expect(run.status).toBe(1);
    expect(run.stdout).toContain('[me] measuring me, BENCH_DURATION=3');
    const rows = previousRows(readme());
    expect(rows.map((r) => [r.script, r.value])).toEqual([
      ['me', '0.70x'],
      ['workers', 'failed: exit code 1'],
      ['login', 'not run: login.bench.mjs is missing'],
      ['signing', 'failed: wrote no summary rows'],
      ['soak', '0 errors'],
      ['start', '900 ms'],
    ]);
    expect(collapsed()).toContain('| me figure | 0.70x | base \\| line | >= 1x | yes | `node bench/me.bench.mjs` |');
    expect(readme()).toContain('BENCH_QUICK=1');
    expect(readme().endsWith('## `me.bench.mjs`\n\nMine.\n')).toBe(true);
  });

  it('runs only BENCH_ONLY, keeps the other rows with their date, and exits 0 when those succeed', () => {
    runner();
    fakeBench('me', [figure('me', '0.80x')]);

    const run = runner({ BENCH_ONLY: 'me,start' });

    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain('[soak]');
    const rows = previousRows(readme());
    expect(rows.map((r) => r.value)).toEqual([
      '0.80x',
      'failed: exit code 1',
      'not run: login.bench.mjs is missing',
      'failed: wrote no summary rows',
      '0 errors',
      '900 ms',
    ]);
    expect(collapsed()).toMatch(/\| 0 errors \(kept from \d{4}-\d\d-\d\d \d\d:\d\d UTC\) \|/);
    expect(collapsed()).toMatch(/\| 0\.80x \|/);
  });

  it('refuses an unknown BENCH_ONLY name before running anything', () => {
    const run = runner({ BENCH_ONLY: 'me,nope' });

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown script(s) nope');
    expect(readme()).not.toContain('bench:summary');
  });
});
