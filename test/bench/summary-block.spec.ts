import {
  END_MARKER,
  mergeRows,
  previousRows,
  renderBlock,
  replaceBlock,
  START_MARKER,
  SummaryRow,
} from '../../bench/summary-block.mjs';

// The generated block of bench/README.md: what `npm run bench` may and may not change in the file.
describe('bench/README.md summary block', () => {
  const date = '2026-11-28T23:50:00.000Z';
  const row = (overrides: Partial<SummaryRow> = {}): SummaryRow => ({
    script: 'me',
    figure: 'GET /auth/me vs bare Fastify, embedded',
    value: '0.64x',
    baseline: 'bare Fastify',
    target: '>= 0.6x',
    met: true,
    command: 'node bench/me.bench.mjs',
    measuredAt: date,
    ...overrides,
  });
  const before = '# Benchmarks\n\nIntro.\n\n';
  const after = '\n\n## `me.bench.mjs`\n\nHand-written section.\n';
  const readme = `${before}${START_MARKER}\nold table\n${END_MARKER}${after}`;
  const render = (rows: SummaryRow[]) => renderBlock({ date, machine: ['Machine: 2 cores.'], rows });

  it('replaces only what lies between the markers', () => {
    const updated = replaceBlock(readme, render([row()]));

    expect(updated.startsWith(`${before}${START_MARKER}`)).toBe(true);
    expect(updated.endsWith(`${END_MARKER}${after}`)).toBe(true);
    expect(updated).not.toContain('old table');
    expect(updated).toContain('| GET /auth/me vs bare Fastify, embedded | 0.64x | bare Fastify | >= 0.6x | yes |');
  });

  it('gives the same file when run again with the same rows', () => {
    const once = replaceBlock(readme, render([row()]));

    expect(replaceBlock(once, render([row()]))).toBe(once);
  });

  it('escapes pipes and line breaks, so that a cell cannot split the row', () => {
    const updated = replaceBlock(readme, render([row({ value: 'a | b\nc', command: 'x | y' })]));
    const line = updated.split('\n').find((l) => l.startsWith('| GET'));

    expect(line).toBe(
      '| GET /auth/me vs bare Fastify, embedded | a \\| b c | bare Fastify | >= 0.6x | yes | `x \\| y` |',
    );
  });

  it('reads back the rows it wrote, pipes and angle brackets included', () => {
    const rows = [row({ value: 'a --> b | c' }), row({ script: 'start', figure: 'start', met: false })];

    expect(previousRows(replaceBlock(readme, render(rows)))).toEqual(rows);
  });

  it('keeps the rows of the scripts not run, marked with their date, and says which were never measured', () => {
    const old = row({ measuredAt: '2026-11-20T10:00:00.000Z' });
    const fresh = new Map([['start', [row({ script: 'start', figure: 'start to ready' })]]]);
    const rows = mergeRows({
      scripts: ['me', 'workers', 'start'],
      fresh,
      previous: [old, row({ script: 'gone' })],
      commandOf: (script) => `node bench/${script}.bench.mjs`,
    });

    expect(rows.map((r) => [r.script, r.figure])).toEqual([
      ['me', old.figure],
      ['workers', 'workers.bench.mjs'],
      ['start', 'start to ready'],
    ]);
    expect(rows[1]).toMatchObject({ met: false, command: 'node bench/workers.bench.mjs' });
    expect(rows[1].value).toMatch(/never measured/);
    expect(render(rows)).toContain('| 0.64x (kept from 2026-11-20 10:00 UTC) |');
  });

  it('adds the block before the first section when the README has none', () => {
    const plain = `${before}## First section\n`;

    const updated = replaceBlock(plain, render([row()]));

    expect(updated.startsWith(`${before}${START_MARKER}`)).toBe(true);
    expect(updated.endsWith(`${END_MARKER}\n\n## First section\n`)).toBe(true);
  });

  it('refuses a README whose markers are out of order rather than deleting text between them', () => {
    expect(() => replaceBlock(`${END_MARKER}\nkeep me\n${START_MARKER}`, render([]))).toThrow(/expected one/);
  });
});
