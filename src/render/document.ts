/**
 * The shape every report is presented in before it becomes text: sections of titled tables
 * whose cells are raw values (numbers, ISO instants, text) with a kind per column. The
 * table, Markdown, plain-text and CSV renderers all take this one object; the JSON form is
 * the report's own figures, not this.
 */

/**
 * How a column's raw values are shown:
 * - `text`: as is; `count`: an integer; `amount`: money (up to 2 decimals); `number`: up to 1 decimal;
 * - `share`: a fraction 0–1 shown as a percentage; `points`: a change of shares (0.032 → `+3.2 pp`);
 * - `delta`: a signed change of a count or amount (`+3`, `−2`);
 * - `days`, `hours`: durations, 1 decimal;
 * - `datetime`: a UTC ISO 8601 instant, shown in the report's time zone; `date`: likewise, the date only.
 */
export type ValueKind = 'text' | 'count' | 'amount' | 'number' | 'share' | 'points' | 'delta' | 'days' | 'hours' | 'datetime' | 'date';

export type CellValue = string | number | null;

export interface Column {
  /** Stable machine name: the CSV header. */
  key: string;
  /** What people read: the table and Markdown header. */
  title: string;
  kind: ValueKind;
}

export interface ReportTable {
  /** Stable machine name, e.g. `funnel-cohort`. */
  id: string;
  title: string;
  columns: Column[];
  rows: Array<Record<string, CellValue>>;
  /** A `count` column drawn as a bar beside its number in the terminal table (the funnel). */
  bar?: string;
  /** Per row, kinds that override their column's: a table of mixed figures (a count, a rate and an amount in one column). */
  rowKinds?: Array<Partial<Record<string, ValueKind>>>;
  /** Shown under the table, e.g. how a figure was computed or why a table is empty. */
  notes?: string[];
  /** What an empty table means, in its one row (default: no data for the period). */
  empty?: string;
}

export interface ReportSection {
  title: string;
  /** Sentences shown before the tables (e.g. "No MQLs were due in 2026-W47."). */
  lines?: string[];
  tables: ReportTable[];
}

export interface ReportDocument {
  /** `Funnel`, `Lead quality`, `SLA`, `Weekly review`. */
  title: string;
  /** e.g. `2026-W47 (16–22 Nov 2026) vs 2026-W46, as of 2026-11-23 00:00 Europe/Madrid`. */
  subtitle: string;
  /** IANA zone in which `datetime` and `date` cells are shown. */
  timeZone: string;
  sections: ReportSection[];
}
