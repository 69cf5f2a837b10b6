// Types of summary-block.mjs for its TypeScript test.
export interface SummaryRow {
  script: string;
  figure: string;
  value: string;
  baseline: string;
  target: string;
  met: boolean;
  command: string;
  measuredAt: string | null;
}
export const START_MARKER: string;
export const END_MARKER: string;
export function previousRows(readme: string): SummaryRow[];
export function mergeRows(options: {
  scripts: string[];
  fresh: Map<string, SummaryRow[]>;
  previous: SummaryRow[];
  commandOf: (script: string) => string;
}): SummaryRow[];
export function notMeasuredRow(script: string, reason: string, command: string, measuredAt: string | null): SummaryRow;
export function renderBlock(options: { date: string; machine: string[]; rows: SummaryRow[] }): string;
export function replaceBlock(readme: string, block: string): string;
