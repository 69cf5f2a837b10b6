import { Pager } from './pager';

/** What a table cell of the `grid` template shows (see views/partials.view.ts). */
export type Cell =
  | string
  | number
  | null
  | { text: string; href: string }
  | { code: string | null }
  | { at: string | null }
  | { form: { action: string; label: string } };

export const link = (text: string, href: string): Cell => ({ text, href });
export const code = (text: string | null): Cell => ({ code: text });
/** A button that posts a CSRF-protected form with no other field. */
export const button = (action: string, label: string): Cell => ({ form: { action, label } });
/** An ISO 8601 instant, shown as a date and time in UTC. */
export const when = (at: string | null): Cell => ({ at });
export const yesNo = (value: boolean): Cell => (value ? 'yes' : 'no');

export interface Grid {
  columns: string[];
  rows: Cell[][];
  /** Shown instead of an empty table. */
  empty?: string;
}

/** Data of the generic list page (`table` template). */
export interface TablePage {
  title: string;
  intro?: string;
  table: Grid;
  pager?: Pager;
}

/** Data of the generic record page (`record` template). */
export interface RecordPage {
  title: string;
  fields: [label: string, value: Cell][];
  sections?: (Grid & { title: string })[];
}
