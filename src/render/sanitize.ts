/**
 * Values from a CRM are data, never instructions to the terminal or the Markdown renderer that
 * shows them. Every renderer for people (terminal table, plain text, Markdown, the findings of
 * `smk check`, the import's messages) passes each text through one of these before it is printed.
 *
 * - `visible`: the characters that act instead of showing are written as a visible escape.
 *   Tab, line feed, vertical tab, form feed and carriage return become one space (a CRLF too),
 *   as the plain and Markdown forms always did with line breaks; every other C0 control
 *   (U+0000–U+001F), DEL (U+007F) and C1 control (U+0080–U+009F) becomes `\xHH` (ESC is `\x1B`,
 *   BEL `\x07`); the bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 *   U+2066–U+2069, the "Trojan Source" characters) become `\uHHHH`. A backslash is left alone:
 *   the escape is for reading, not for decoding back.
 * - `markdownText`: `visible`, then every character that Markdown (GitHub's, CommonMark) would
 *   read as markup is escaped, so that a value is shown as the literal text it is: `<` and `>`
 *   as `&lt;` and `&gt;` (no HTML), `&` as `&amp;` where it would start an entity, and
 *   `\ [ ] * _ | ~`, the backtick and a leading `#` with a backslash (no links, images, emphasis,
 *   code, strikethrough, table cells or headings). A bare URL stays as it is: some renderers
 *   link it, but the text shown is then the whole destination.
 * - `jsonText`: JSON.stringify escapes C0 controls but writes DEL, C1 and the bidirectional
 *   characters as they are; here they are `\u` escapes too. The same data, parsed back.
 *
 * The CSV keeps values exactly as they are (it is data for a spreadsheet; see csvField).
 */
import type { CellValue, ReportDocument, ReportTable } from './document.ts';

const UNSAFE = /\r\n|[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const SPACES = new Set(['\t', '\n', '\u000b', '\f', '\r', '\r\n']);
const hex = (code: number, digits: number) => code.toString(16).toUpperCase().padStart(digits, '0');

/** Text that cannot move the cursor, clear the screen, set a title, reach the clipboard or reorder what follows it. */
export function visible(text: string): string {
  return text.replace(UNSAFE, (c) => {
    if (SPACES.has(c)) return ' ';
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
  });
}

/** A message of several lines for the terminal: each line `visible`, the line breaks kept. */
export function visibleLines(text: string): string {
  return text.split('\n').map(visible).join('\n');
}

const ENTITY = /&(?=#\d+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)/g;

/** A text for a Markdown document: shown literally, whatever it holds (see the file's comment). */
export function markdownText(text: string): string {
  return visible(text)
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`)
    .replace(ENTITY, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/^(\s*)#/, '$1\\#');
}

const JSON_UNSAFE = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** A value as indented JSON, with no character a terminal would act on (see the file's comment). */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(JSON_UNSAFE, (c) => `\\u${hex(c.charCodeAt(0), 4)}`) + '\n';
}

/**
 * The document with `clean` applied to every text in it: titles, lines, notes, column titles and
 * text cells (before they are formatted, so a value can only be shown as `clean` left it). Numbers
 * are untouched; the keys are the report's own.
 */
export function documentText(doc: ReportDocument, clean: (text: string) => string): ReportDocument {
  const cell = (value: CellValue): CellValue => (typeof value === 'string' ? clean(value) : value);
  const table = (t: ReportTable): ReportTable => ({
    ...t,
    title: clean(t.title),
    columns: t.columns.map((c) => ({ ...c, title: clean(c.title) })),
    rows: t.rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, cell(value)]))),
    ...(t.notes ? { notes: t.notes.map(clean) } : {}),
    ...(t.empty !== undefined ? { empty: clean(t.empty) } : {}),
  });
  return {
    ...doc,
    title: clean(doc.title),
    subtitle: clean(doc.subtitle),
    sections: doc.sections.map((s) => ({ ...s, title: clean(s.title), ...(s.lines ? { lines: s.lines.map(clean) } : {}), tables: s.tables.map(table) })),
  };
}
