/**
 * A report document (./document.ts) as a terminal table, plain aligned text, Markdown or CSV.
 * The first three are for people and go through formatValue; the CSV is for machines and goes
 * through formatMachine.
 */
import Table from 'cli-table3';
import { Chalk, type ChalkInstance } from 'chalk';
import type { CellValue, ReportDocument, ReportTable, ValueKind } from './document.ts';
import { formatMachine, formatValue, type FormatOptions } from './format.ts';
import { documentText, markdownText, visible } from './sanitize.ts';

export interface TableRenderOptions {
  color: boolean;
  locale?: string;
  /** Terminal columns the output must fit; default 100. */
  width?: number;
}

export interface TextRenderOptions {
  locale?: string;
}

const NO_DATA = 'no data for the period';

/** The one row of an empty table: what its emptiness means. */
const emptyText = (table: ReportTable) => table.empty ?? NO_DATA;
const BAR_WIDTH = 24;
const MIN_BAR_WIDTH = 8;
const BAR = '█';
// Widths below, padding included: see fitWidths.
const ROOMY_TEXT_WIDTH = 24;
const MIN_TEXT_WIDTH = 12;
const MIN_WIDTH = 3;

/** One column as people see it: the bar is a column of its own, after the figure it draws. */
interface GridColumn {
  title: string;
  kind: ValueKind | 'bar';
  right: boolean;
}

/** A table with every cell already formatted, shared by the table, plain and Markdown forms. */
interface Grid {
  columns: GridColumn[];
  rows: string[][];
}

// Not Math.max(...values): spreading a long table's rows into arguments can overflow the stack.
const maxOf = (values: number[]): number => values.reduce((max, v) => (v > max ? v : max), 0);
const cellOf = (row: Record<string, CellValue>, key: string): CellValue => row[key] ?? null;

function bar(value: CellValue, max: number, length: number): string {
  if (typeof value !== 'number' || value <= 0 || max <= 0) return '';
  // A small but non-zero stage must still show, or it reads as zero.
  return BAR.repeat(Math.max(1, Math.round((value / max) * length)));
}

/** `barLength` is the longest bar, drawn for the largest value; 0 leaves the bar out. */
function grid(table: ReportTable, options: FormatOptions, barLength: number): Grid {
  const columns: GridColumn[] = [];
  const cells: Array<(row: Record<string, CellValue>, index: number) => string> = [];
  for (const column of table.columns) {
    columns.push({ title: column.title, kind: column.kind, right: column.kind !== 'text' });
    cells.push((row, index) => formatValue(cellOf(row, column.key), table.rowKinds?.[index]?.[column.key] ?? column.kind, options));
    if (barLength > 0 && column.key === table.bar) {
      const max = maxOf(table.rows.map((row) => Number(cellOf(row, column.key)) || 0));
      columns.push({ title: '', kind: 'bar', right: false });
      cells.push((row) => bar(cellOf(row, column.key), max, barLength));
    }
  }
  return { columns, rows: table.rows.map((row, index) => cells.map((cell) => cell(row, index))) };
}

/** Display width; every character the reports use (letters, `–`, `−`, `█`) takes one column. */
const widthOf = (text: string): number => maxOf(text.split('\n').map((line) => [...line].length));

/** Greedy word wrap for prose (titles, lines, notes); a word longer than the width keeps its own line. */
function wrap(text: string, width: number): string {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line && widthOf(line) + 1 + widthOf(word) > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out.join('\n');
}

/**
 * Column widths (padding included) that fit `width`: the widest column gives way one character
 * at a time, in order of what is lost. Text wraps losslessly, so it goes first, down to a roomy
 * width; then the headers of figures wrap and bars get shorter; then text narrows further; only
 * as a last resort are figures cut.
 */
function fitWidths(natural: number[], columns: GridColumn[], rows: string[][], width: number): number[] {
  const widths = [...natural];
  const total = () => widths.reduce((sum, w) => sum + w, 0) + widths.length + 1;
  // A figure's header may wrap between words but not cut one.
  const figure = (i: number) => Math.max(maxOf(columns[i].title.split(' ').map(widthOf)), maxOf(rows.map((row) => widthOf(row[i])))) + 2;
  const passes: Array<(c: GridColumn, i: number) => number> = [
    (c) => (c.kind === 'text' ? ROOMY_TEXT_WIDTH : Infinity),
    (c, i) => (c.kind === 'bar' ? MIN_BAR_WIDTH + 2 : c.kind === 'text' ? Infinity : figure(i)),
    (c) => (c.kind === 'text' ? MIN_TEXT_WIDTH : Infinity),
    () => MIN_WIDTH,
  ];
  for (const pass of passes) {
    const min = columns.map(pass);
    while (total() > width) {
      let widest = -1;
      for (let i = 0; i < widths.length; i++) if (widths[i] > min[i] && (widest < 0 || widths[i] > widths[widest])) widest = i;
      if (widest < 0) break;
      widths[widest]--;
    }
  }
  return widths;
}

function paintCell(chalk: ChalkInstance, column: GridColumn, text: string): string {
  if (column.kind === 'bar') return chalk.cyan(text);
  if (column.kind === 'points' || column.kind === 'delta') {
    if (text.startsWith('+')) return chalk.green(text);
    if (text.startsWith('−')) return chalk.red(text);
  }
  return text;
}

function terminalTable(table: ReportTable, options: FormatOptions, chalk: ChalkInstance, width: number): string {
  let { columns, rows } = grid(table, options, BAR_WIDTH);
  const natural = columns.map((c, i) => Math.max(widthOf(c.title), maxOf(rows.map((row) => widthOf(row[i])))) + 2);
  // The spanning "no data" row must fit in the header's widths.
  const empty = emptyText(table);
  const spare = empty.length + 2 - (natural.reduce((sum, w) => sum + w, 0) + natural.length - 1);
  if (rows.length === 0 && spare > 0) natural[0] += spare;
  const colWidths = fitWidths(natural, columns, rows, width);
  const barColumn = columns.findIndex((c) => c.kind === 'bar');
  if (barColumn >= 0 && colWidths[barColumn] - 2 < BAR_WIDTH) ({ columns, rows } = grid(table, options, Math.max(1, colWidths[barColumn] - 2)));
  // Rows without separators are easier to scan, unless a row wraps and would run into the next.
  const wraps = rows.some((row) => row.some((text, i) => widthOf(text) > colWidths[i] - 2 || text.includes('\n')));
  const out = new Table({
    head: columns.map((c) => chalk.bold(c.title)),
    colWidths,
    colAligns: columns.map((c) => (c.right ? 'right' : 'left')),
    wordWrap: true,
    style: { head: [], border: [], compact: !wraps },
  });
  // No wrapping here: cli-table3 wraps a spanning cell as if the inner borders took no room.
  if (rows.length === 0) out.push([{ colSpan: columns.length, content: empty, wordWrap: false }]);
  for (const row of rows) out.push(row.map((text, i) => paintCell(chalk, columns[i], text)));
  return out.toString();
}

/** Boxed tables for a terminal, fitted to `width` columns; colors change nothing but ANSI codes. */
export function renderTable(report: ReportDocument, options: TableRenderOptions): string {
  // No value may reach the terminal as a control sequence: ./sanitize.ts.
  const doc = documentText(report, visible);
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const width = options.width ?? 100;
  const format: FormatOptions = { locale: options.locale, timeZone: doc.timeZone };
  const out = [chalk.bold(wrap(doc.title, width)), chalk.dim(wrap(doc.subtitle, width))];
  for (const section of doc.sections) {
    out.push('', chalk.bold.underline(wrap(section.title, width)));
    for (const line of section.lines ?? []) out.push(wrap(line, width));
    for (const table of section.tables) {
      out.push('', chalk.bold(wrap(table.title, width)), terminalTable(table, format, chalk, width));
      for (const note of table.notes ?? []) out.push(chalk.dim(wrap(note, width)));
    }
  }
  return out.join('\n') + '\n';
}

const underline = (title: string, char: string) => [title, char.repeat(widthOf(title))];
const oneLine = (text: string) => text.replace(/\r\n|[\r\n]/g, ' ');

function plainTable(table: ReportTable, options: FormatOptions): string[] {
  const { columns, rows } = grid(table, options, BAR_WIDTH);
  // One row per line, so that grep finds a whole row.
  const lines = [columns.map((c) => c.title), ...rows.map((row) => row.map(oneLine))];
  const widths = columns.map((_, i) => maxOf(lines.map((line) => widthOf(line[i]))));
  const pad = (text: string, i: number) => (columns[i].right ? text.padStart(widths[i] + text.length - widthOf(text)) : text.padEnd(widths[i] + text.length - widthOf(text)));
  const out = lines.map((line) => line.map(pad).join('  ').trimEnd());
  if (rows.length === 0) out.push(emptyText(table));
  return out;
}

/** Aligned text without borders or colors, for pipes: stable and greppable. */
export function renderPlain(report: ReportDocument, options: TextRenderOptions = {}): string {
  const doc = documentText(report, visible);
  const format: FormatOptions = { locale: options.locale, timeZone: doc.timeZone };
  const out = [...underline(oneLine(doc.title), '='), doc.subtitle];
  for (const section of doc.sections) {
    out.push('', ...underline(oneLine(section.title), '-'));
    out.push(...(section.lines ?? []));
    for (const table of section.tables) {
      // Line by line, not push(...lines): a long table would overflow the stack as arguments.
      out.push('', oneLine(table.title));
      for (const line of plainTable(table, format)) out.push(line);
      out.push(...(table.notes ?? []));
    }
  }
  return out.join('\n') + '\n';
}

// Every text of the document is already markdownText (pipes, asterisks and line breaks escaped); the figures hold none.
const mdItalic = (text: string) => `*${text}*`;
const mdRow = (cells: string[]) => `| ${cells.join(' | ')} |`;

function markdownTable(table: ReportTable, options: FormatOptions): string[] {
  // A bar of blocks says nothing a Markdown reader cannot see in the figure beside it.
  const { columns, rows } = grid(table, options, 0);
  const out = [mdRow(columns.map((c) => c.title)), `| ${columns.map((c) => (c.right ? '---:' : '---')).join(' | ')} |`];
  if (rows.length === 0) out.push(mdRow([emptyText(table), ...columns.slice(1).map(() => '')]));
  for (const row of rows) out.push(mdRow(row));
  return out;
}

/** GitHub-flavoured Markdown: headings, pipe tables, notes in italics. Values are shown as literal text (./sanitize.ts). */
export function renderMarkdown(report: ReportDocument, options: TextRenderOptions = {}): string {
  const doc = documentText(report, markdownText);
  const format: FormatOptions = { locale: options.locale, timeZone: doc.timeZone };
  const out = [`# ${doc.title}`, '', mdItalic(doc.subtitle)];
  for (const section of doc.sections) {
    out.push('', `## ${section.title}`);
    for (const line of section.lines ?? []) out.push('', line);
    for (const table of section.tables) {
      out.push('', `### ${table.title}`, '');
      for (const line of markdownTable(table, format)) out.push(line);
      for (const note of table.notes ?? []) out.push('', mdItalic(note));
    }
  }
  return out.join('\n') + '\n';
}

/**
 * Values are written as they are, control characters included (./sanitize.ts escapes them only for
 * people's forms): the CSV is data for a spreadsheet or a script, which must get the CRM's text
 * back, and inside a quoted field a line break is data. Only formulas are defused.
 *
 * Why the quote: a spreadsheet opening the CSV runs a cell that starts with = + - @ (or a tab or
 * CR before one) as a formula, so text from the CRM such as `=HYPERLINK(...)` could act on the
 * reader's machine. OWASP's CSV-injection advice is to prefix such cells with `'`, which shows
 * the text as typed. Only strings: a number cannot carry a formula, and `-5` must stay a number.
 */
function csvField(value: CellValue, text: string): string {
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Every table as its own block: a `# id: title` comment line, the column keys, the rows; blocks
 * are separated by a blank line. Lines end in LF (RFC 4180 says CRLF, but every CSV reader in
 * use accepts LF and it is what the other formats write). The comment line is not quoted so
 * that readers with a comment option (pandas `comment='#'`) skip it.
 */
export function renderCsv(doc: ReportDocument): string {
  const blocks = doc.sections.flatMap((section) =>
    section.tables.map((table) => {
      const header = table.columns.map((c) => csvField(c.key, c.key)).join(',');
      const rows = table.rows.map((row) => table.columns.map((c) => csvField(cellOf(row, c.key), formatMachine(cellOf(row, c.key), c.kind))).join(','));
      // The notes say how to read the figures (which currency an amount is in): comment lines, as the title.
      return [`# ${table.id}: ${oneLine(table.title)}`, ...(table.notes ?? []).map((note) => `# ${oneLine(note)}`), header, ...rows].join('\n');
    }),
  );
  return blocks.length ? blocks.join('\n\n') + '\n' : '';
}
