/**
 * An Excel workbook (.xlsx) read as an export: its first sheet (or `--sheet NAME`), row by row,
 * streamed by exceljs' WorkbookReader, so that a large workbook is never held in memory (only its
 * table of shared strings is). Each cell becomes the text a CSV export of it would hold, and the
 * rest of the import reads that text as it reads a CSV's:
 * - a date cell as its wall-clock time, `YYYY-MM-DD HH:mm:ss` (`YYYY-MM-DD` at midnight: a day),
 *   read in the import's zone as a date written without one is;
 * - a number as plain digits (`72.5`), a boolean as `true`/`false`;
 * - rich text and hyperlinks as their text, a formula as its result, an error as its code (`#N/A`).
 *
 * exceljs is loaded only when a workbook is imported: it is large, and most imports are CSV.
 */
import fs from 'node:fs';
import { ExportError, hashFile, isRepeatedHeader, type ExportFormat, type ExportSource, type ReadOptions, type RowHandler } from './read-export.ts';

type CellValue = unknown;
interface SheetRow {
  number: number;
  values: CellValue[] | Record<number, CellValue>;
  getCell(column: number): { numFmt?: string };
}
interface SheetReader extends AsyncIterable<SheetRow> {
  name: string;
}

/** The first bytes of every .xlsx (a zip archive). */
export function isWorkbook(sample: Uint8Array): boolean {
  return sample[0] === 0x50 && sample[1] === 0x4b && sample[2] === 0x03 && sample[3] === 0x04;
}

export class WorkbookFile implements ExportSource {
  readonly name: string;
  readonly size: number;
  readonly format: ExportFormat;
  readonly streamed = false;
  bytesRead = 0;
  repeatedHeaders = 0;
  sha256 = '';
  /** The sheet's rows after the header, left where `open` stopped reading them. */
  private readonly rows: AsyncIterator<SheetRow>;
  /** The workbook's sheets after the one read. */
  private readonly sheets: AsyncIterator<SheetReader>;
  private closed = false;
  private readonly reader: { properties?: { model?: { date1904?: boolean } } };

  private constructor(name: string, size: number, format: ExportFormat, rows: AsyncIterator<SheetRow>, sheets: AsyncIterator<SheetReader>, reader: object) {
    this.reader = reader;
    this.name = name;
    this.size = size;
    this.format = format;
    this.rows = rows;
    this.sheets = sheets;
  }

  /** Opens the workbook and reads its sheet's header row (the first row that is not empty). */
  static async open(filePath: string, options: ReadOptions = {}): Promise<WorkbookFile> {
    const size = fs.statSync(filePath).size;
    const { default: ExcelJS } = await import('exceljs');
    // Styles are read for the number formats that make a cell a date.
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(filePath, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
    const sheets = (reader as unknown as AsyncIterable<SheetReader>)[Symbol.asyncIterator]();
    const names: string[] = [];
    let sheet: SheetReader | undefined;
    try {
      for (let next = await sheets.next(); !next.done; next = await sheets.next()) {
        const worksheet = next.value;
        names.push(worksheet.name);
        if (options.sheet === undefined || worksheet.name === options.sheet) {
          sheet = worksheet;
          break;
        }
        // A sheet passed over is still read through: the workbook is one stream.
        for await (const _ of worksheet) void _;
      }
    } catch (error) {
      throw new ExportError(`${filePath}: cannot read this workbook (${(error as Error).message}); save it again from the spreadsheet program, or as CSV`);
    }
    if (!sheet) {
      throw new ExportError(options.sheet === undefined
        ? `${filePath}: this zip archive has no worksheet, so it is not an Excel workbook (.xlsx); save the data as .xlsx or as CSV (UTF-8) and import that`
        : `${filePath}: no sheet named "${options.sheet}"; the sheets are: ${names.join(', ')}`);
    }
    const rows = sheet[Symbol.asyncIterator]();
    const file = new WorkbookFile(filePath, size, { encoding: 'xlsx', encodingDetected: true, delimiter: ',', newline: '\n', headers: [], sheet: sheet.name }, rows, sheets, reader);
    try {
      for (;;) {
        const next = await rows.next();
        if (next.done) throw new ExportError(`${filePath}: sheet "${sheet.name}" is empty`);
        const cells = cellsOf(next.value, file.date1904);
        if (cells.every((c) => c === '')) continue;
        const headers = cells.map((h) => h.trim());
        while (headers.length && headers[headers.length - 1] === '') headers.pop();
        file.format.headers.push(...headers);
        return file;
      }
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /** Whether the workbook counts days from 1904 (old Mac Excel), as its xl/workbook.xml says. */
  get date1904(): boolean {
    return this.reader.properties?.model?.date1904 === true;
  }

  /**
   * Reads the workbook to its end. exceljs copies each sheet that comes before the shared strings
   * in the archive (LibreOffice and exceljs write them so) to a temporary file, and deletes it only
   * once that sheet has been read through: stopping early would leave copies of the rows in the
   * system's temporary folder until the process exits.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      while (!(await this.rows.next()).done);
      for (let next = await this.sheets.next(); !next.done; next = await this.sheets.next()) {
        for await (const _ of next.value) void _;
      }
    } catch {
      // A workbook that cannot be read to its end was already reported as such, or never will be.
    }
  }

  /** Every data row after the header, as text cells, numbered by the sheet's row number. */
  async readRows(onRow: RowHandler, options: { hash?: boolean; beforeChunk?: () => Promise<void> | undefined } = {}): Promise<void> {
    const width = this.format.headers.length;
    const headers = this.format.headers;
    let row: IteratorResult<SheetRow>;
    let count = 0;
    while (!(row = await this.rows.next()).done) {
      if (++count % 1000 === 0) await options.beforeChunk?.();
      const cells = cellsOf(row.value, this.date1904);
      if (cells.every((c) => c === '')) continue;
      // A sheet's rows are as wide as their last value: pad or cut to the header, as a CSV row is.
      const extra = cells.slice(width).some((c) => c !== '');
      while (cells.length < width) cells.push('');
      cells.length = width;
      if (isRepeatedHeader(cells, headers)) {
        this.repeatedHeaders++;
        continue;
      }
      onRow(cells, row.value.number, extra ? 'has values beyond the last column of the header' : undefined);
    }
    this.bytesRead = this.size;
    await this.close();
    if (options.hash !== false) this.sha256 = await hashFile(this.name);
  }
}

/** A sheet row's cells as text, from column A on (exceljs numbers them from 1). */
function cellsOf(row: SheetRow, date1904 = false): string[] {
  const values = row.values as Record<number, CellValue>;
  const cells: string[] = [];
  const last = Array.isArray(values) ? values.length - 1 : Math.max(0, ...Object.keys(values).map(Number));
  for (let column = 1; column <= last; column++) {
    const value = values[column];
    // exceljs makes a Date of a date cell, but leaves a formula's result a number (=A2+7, =TODAY()).
    const result = typeof value === 'object' && value !== null && 'result' in value ? (value as { result: unknown }).result : undefined;
    if (typeof result === 'number' && isDateFormat(row.getCell(column).numFmt)) cells.push(textOf(serialToDate(result, date1904)));
    else cells.push(textOf(value));
  }
  return cells;
}

/** Whether an Excel number format shows a date or time (d, m, y, h, s outside quoted text and [sections]). */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  return /[dmyhs]/i.test(format.replace(/\[[^\]]*\]|"[^"]*"|\\./g, ''));
}

/** An Excel day number as its wall-clock time (in UTC fields, as exceljs gives date cells). 1904 workbooks count from 1904-01-01. */
function serialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

/** One cell as the text a CSV export would hold (see the module's comment). */
export function textOf(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) {
    // Excel keeps a wall-clock time; exceljs hands it over as that time in UTC. Rounded to the
    // second: a time stored as a fraction of a day comes back a millisecond off.
    const d = new Date(Math.round(value.getTime() / 1000) * 1000);
    const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    const h = d.getUTCHours();
    const m = d.getUTCMinutes();
    const s = d.getUTCSeconds();
    return h === 0 && m === 0 && s === 0 ? day : `${day} ${pad(h)}:${pad(m)}:${pad(s)}`;
  }
  if (typeof value === 'object') {
    const v = value as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; error?: string; formula?: string; sharedFormula?: string };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if (v.formula !== undefined || v.sharedFormula !== undefined) return textOf(v.result);
    if (v.error !== undefined) return v.error;
    if (v.text !== undefined) return textOf(v.text);
  }
  return String(value);
}
