/**
 * Reads a delimited export as a stream of rows with their line numbers: detects the encoding,
 * delimiter and line break from the first bytes, decodes strictly (a wrong encoding is an
 * error, never mangled text) and never holds more than a chunk of the file in memory.
 *
 * Parsing is papaparse's: several times faster than csv-parse on a large export, whose parsing is
 * most of the import's time (docs/performance.md, "Why papaparse"). `openExport` (open-export.ts)
 * chooses between this and a workbook.
 */
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import Papa from 'papaparse';
import { binaryKind, detectEncoding, MOJIBAKE, mostlyUtf8, type EncodingName } from '../domain/encoding.ts';
import { sniffDelimiter, sniffNewline, type Newline } from '../domain/delimiter.ts';
import { cutCells, MAX_ROW_CHARS, oversizedRowProblem, RowEndScanner } from './oversized-rows.ts';
import { visible } from '../render/sanitize.ts';

/**
 * A problem with the whole file: the import of that file stops. Its message quotes the file's
 * headers and values, which may hold control characters: they are shown as visible escapes.
 */
export class ExportError extends Error {
  constructor(message: string) {
    super(visible(message));
  }
}

export interface ExportFormat {
  /** A text encoding, or `xlsx` for a workbook. */
  encoding: EncodingName;
  /** true when the encoding was detected rather than given. */
  encodingDetected: boolean;
  delimiter: string;
  newline: Newline;
  headers: string[];
  /** The sheet read, for a workbook. */
  sheet?: string;
}

export interface ReadOptions {
  encoding?: EncodingName;
  delimiter?: string;
  /** The sheet of a workbook to read (default: the first). */
  sheet?: string;
}

/** What the import reads rows from: a delimited text export (`ExportFile`) or a workbook (`WorkbookFile`). */
export interface ExportSource {
  readonly name: string;
  /** Bytes, or null for a stream (standard input, a pipe). */
  readonly size: number | null;
  readonly format: ExportFormat;
  /** Read from a stream: it cannot be read a second time. */
  readonly streamed: boolean;
  bytesRead: number;
  repeatedHeaders: number;
  sha256: string;
  readRows(onRow: RowHandler, options?: { hash?: boolean; beforeChunk?: () => Promise<void> | undefined }): Promise<void>;
  /** Lets go of what reading the file holds (a workbook's temporary copies of its sheets). */
  close(): Promise<void>;
}

/** Called for every data row (the header is not one); `line` is where the row starts, 1-based. */
export type RowHandler = (cells: string[], line: number, problem: string | undefined) => void;

const CHUNK_SIZE = 1 << 20;
const SAMPLE_SIZE = 1 << 16;
/** A header row may be longer than the sample (thousands of long column names): read on to its end, up to this. */
const HEADER_LIMIT = 16 << 20;
/** Single-byte encodings, in which UTF-8 text turns into mojibake instead of failing to decode. */
const SINGLE_BYTE = new Set(['windows-1252', 'iso-8859-15', 'macintosh']);

/** An export file (or standard input) whose format has been read from its first bytes. */
export class ExportFile implements ExportSource {
  readonly name: string;
  readonly size: number | null;
  /** The file's modification time when it was opened (null for a stream): a file that changes while it is read is refused. */
  readonly modifiedMs: number | null;
  readonly format: ExportFormat;
  private readonly chunks: () => AsyncIterable<Buffer>;
  private readonly headerLineCount: number;
  bytesRead = 0;
  /** Rows equal to the header inside the file (two exports joined): skipped, not imported. */
  repeatedHeaders = 0;
  /** SHA-256 of the bytes read by `readRows`, unless it was told not to hash. */
  sha256 = '';

  private constructor(name: string, size: number | null, modifiedMs: number | null, format: ExportFormat, headerLineCount: number, chunks: () => AsyncIterable<Buffer>) {
    this.name = name;
    this.size = size;
    this.modifiedMs = modifiedMs;
    this.format = format;
    this.headerLineCount = headerLineCount;
    this.chunks = chunks;
  }

  /** Opens `filePath` (`-` for standard input) and reads its format; throws ExportError for unusable files. */
  static async open(filePath: string, options: ReadOptions = {}, stdin: NodeJS.ReadableStream = process.stdin): Promise<ExportFile> {
    const name = filePath === '-' ? '<stdin>' : filePath;
    let size: number | null = null;
    let modifiedMs: number | null = null;
    let chunks: () => AsyncIterable<Buffer>;
    let sample: Buffer;
    const stat = filePath === '-' ? undefined : statFile(name);
    if (stat === undefined || !stat.isFile()) {
      // Standard input, a named pipe or a process substitution (`<(curl …)`): read once, as it comes.
      const stream = stat === undefined ? stdin : fs.createReadStream(name, { highWaterMark: CHUNK_SIZE });
      const replay = await bufferStart(stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>);
      sample = replay.sample;
      let used = false;
      chunks = () => {
        if (used) throw new ExportError(`${name}: ${stat === undefined ? 'standard input' : 'a pipe'} can be read only once`);
        used = true;
        return replay.all();
      };
    } else {
      size = stat.size;
      modifiedMs = stat.mtimeMs;
      sample = readSample(name);
      chunks = () => fs.createReadStream(name, { highWaterMark: CHUNK_SIZE });
    }
    if (sample.length === 0) throw new ExportError(`${name}: the file is empty`);
    const binary = binaryKind(sample);
    if (binary && !options.encoding) {
      // A workbook file never gets here (openExport reads it); one on a pipe cannot be read, as a
      // zip's directory is at its end.
      const fix = binary.startsWith('an Excel workbook') ? 'save it to a file and import that file'
        : binary.includes('.xls') ? 'save it as .xlsx or as CSV (UTF-8) and import that' : 'save it as CSV (UTF-8) and import that';
      throw new ExportError(`${name}: this is ${binary}, not a delimited text export; ${fix}`);
    }

    const detected = detectEncoding(sample);
    const encoding = options.encoding ?? detected.encoding;
    const text = decodeSample(name, sample, encoding);
    if (text.trim() === '') throw new ExportError(`${name}: the file is empty`);
    const delimiter = options.delimiter ?? sniffDelimiter(text);
    const newline = sniffNewline(text);
    const first = Papa.parse<string[]>(text, { delimiter, newline, quoteChar: '"', preview: 1 });
    const headers = (first.data[0] ?? []).map((h) => h.trim());
    if (first.errors.some((e) => e.code === 'MissingQuotes') && headers.join('').length > SAMPLE_SIZE / 2) {
      throw new ExportError(`${name}:1: the header row opens a quote that is never closed`);
    }
    checkHeaders(name, headers);
    const headerLineCount = 1 + headers.reduce((n, h) => n + countNewlines(h), 0);
    const format: ExportFormat = { encoding, encodingDetected: !options.encoding, delimiter, newline, headers };
    return new ExportFile(name, size, modifiedMs, format, headerLineCount, chunks);
  }

  async close(): Promise<void> {
    // Nothing is held between reads: each read opens and closes the file.
  }

  /** Whether the file was read from a stream (standard input, a pipe): it cannot be read twice. */
  get streamed(): boolean {
    return this.size === null;
  }

  /**
   * Streams every data row to `onRow`; `beforeChunk`, when given, is awaited before each chunk
   * of the file is parsed (a reader that is behind holds the parsing back). Empty lines are
   * skipped. Throws ExportError for a quote that is never closed or bytes that are not in the
   * file's encoding.
   */
  async readRows(onRow: RowHandler, options: { hash?: boolean; beforeChunk?: () => Promise<void> | undefined } = {}): Promise<void> {
    const { delimiter, newline, encoding } = this.format;
    const hash = options.hash === false ? undefined : createHash('sha256');
    const self = this;
    const name = this.name;
    let decodedNewlines = 0;
    let nulSeen = false;
    async function* decoded(): AsyncGenerator<string> {
      const decoder = new TextDecoder(encoding, { fatal: true });
      for await (const chunk of self.chunks()) {
        await options.beforeChunk?.();
        hash?.update(chunk);
        self.bytesRead += chunk.length;
        let text: string;
        try {
          text = decoder.decode(chunk, { stream: true });
        } catch {
          throw encodingError(name, encoding, chunk, decodedNewlines);
        }
        // Never store mojibake: UTF-8 text read as a single-byte encoding shows as Ã© for é.
        if (SINGLE_BYTE.has(encoding)) {
          const found = MOJIBAKE.exec(text);
          if (found) throw mojibakeError(name, encoding, text, found, decodedNewlines);
        }
        decodedNewlines += countNewlines(text);
        // Rows are searched for a NUL only once the file shows one: a test per cell would cost the hot path.
        if (!nulSeen && text.indexOf('\u0000') !== -1) nulSeen = true;
        yield text;
      }
      const rest = decoder.decode();
      if (rest) yield rest;
    }

    // Positions are in characters of the text fed to the parser. `consumed`: the end of the last
    // row it handed over; a row that starts there and runs past MAX_ROW_CHARS is not fed on (see
    // oversized-rows.ts): the rest of it is skipped, and the parser is given its end.
    let consumed = 0;
    const overlongRows: Array<{ start: number; skippedLineBreaks: number }> = [];
    async function* fed(): AsyncGenerator<string> {
      let position = 0;
      let rowStart = 0; // the start of the row being read, once known to be past `consumed`
      let pieces: Array<{ start: number; text: string }> = [];
      let skipping: { scanner: RowEndScanner; start: number; terminator: string; lineBreaksFed: number } | undefined;
      for await (const text of decoded()) {
        rowStart = Math.max(rowStart, consumed);
        if (!skipping && position - rowStart > MAX_ROW_CHARS) {
          // Read the row from its start by the parser's rules: has it ended in what was fed?
          const scanner = new RowEndScanner(delimiter, newline);
          let ended = -1;
          for (const piece of pieces) {
            if (piece.start + piece.text.length <= rowStart) continue;
            const from = Math.max(0, rowStart - piece.start);
            const end = scanner.scan(from === 0 ? piece.text : piece.text.slice(from));
            if (end !== -1) {
              ended = piece.start + from + end;
              break;
            }
          }
          // Ended: the parser is behind, and the row after it is the one to watch. Else skip the rest of it.
          if (ended !== -1) rowStart = ended;
          else skipping = { scanner, start: rowStart, terminator: scanner.terminator(), lineBreaksFed: scanner.lineBreaks };
        }
        if (skipping) {
          const end = skipping.scanner.scan(text);
          if (end === -1) continue;
          overlongRows.push({ start: skipping.start, skippedLineBreaks: skipping.scanner.lineBreaks - skipping.lineBreaksFed });
          const piece = skipping.terminator + text.slice(end);
          skipping = undefined;
          rowStart = position;
          pieces = [{ start: position, text: piece }];
          position += piece.length;
          yield piece;
          continue;
        }
        pieces = pieces.filter((p) => p.start + p.text.length > rowStart);
        pieces.push({ start: position, text });
        position += text.length;
        yield text;
      }
    }

    let nextLine = 1;
    let isHeader = true;
    let failure: Error | undefined;
    const lineBreak = newline === '\r' ? '\r' : '\n';
    const headers = this.format.headers;
    await new Promise<void>((resolve, reject) => {
      const input = Readable.from(fed());
      input.on('error', (error) => {
        failure = error;
      });
      const config: Papa.ParseLocalConfig<string[], Papa.LocalFile> = {
        delimiter,
        newline,
        quoteChar: '"',
        step: (result, parser) => {
          if (failure) return;
          const cells = result.data;
          const line = nextLine;
          const start = consumed;
          consumed = result.meta.cursor;
          const overlong = overlongRows.length !== 0 && overlongRows[0]!.start === start ? overlongRows.shift() : undefined;
          let spanned = 0;
          for (let i = 0; i < cells.length; i++) {
            const cell = cells[i]!;
            if (cell.length !== 0 && cell.indexOf(lineBreak) !== -1) spanned += countNewlines(cell);
          }
          nextLine += 1 + spanned + (overlong?.skippedLineBreaks ?? 0);
          if (overlong) {
            onRow(cutCells(cells), line, oversizedRowProblem());
            return;
          }
          if (isHeader) {
            isHeader = false;
            nextLine = this.headerLineCount + 1;
            return;
          }
          // A CRLF file whose sniffed line break was LF leaves a CR at the end of each line.
          const last = cells.length - 1;
          if (newline === '\n' && cells[last]!.endsWith('\r')) cells[last] = cells[last]!.slice(0, -1);
          if (cells.length === 1 && cells[0] === '') return;
          // Two exports joined into one file: the second one's header is not a record. (indexOf first: no trim per row.)
          if (isRepeatedHeader(cells, headers)) {
            this.repeatedHeaders++;
            return;
          }
          let problem: string | undefined;
          const nul = nulSeen ? cells.findIndex((c) => c.indexOf('\u0000') !== -1) : -1;
          if (nul >= 0) problem = `column "${headers[nul] ?? nul + 1}" holds a NUL byte (a character no export should have)`;
          for (const error of result.errors) {
            if (error.code === 'MissingQuotes') {
              failure = new ExportError(`${name}:${line}: a quoted field opened on this line is never closed`);
              parser.abort();
              return;
            }
            problem = 'malformed quotes (a quote inside a field that is not doubled)';
          }
          try {
            onRow(cells, line, problem);
          } catch (error) {
            failure = error as Error;
            parser.abort();
          }
        },
        complete: () => (failure ? reject(failure) : resolve()),
        error: (error: Error) => reject(failure ?? error),
      };
      // papaparse reads a Node stream of decoded text as it arrives.
      Papa.parse(input as unknown as Papa.LocalFile, config);
    });
    if (failure) throw failure;
    if (hash) this.sha256 = hash.digest('hex');
    this.checkUnchanged();
  }

  /** A file still being written or synced while it was read would import part of itself: refuse it. */
  private checkUnchanged(): void {
    if (this.size === null) return;
    let now: fs.Stats;
    try {
      now = fs.statSync(this.name);
    } catch {
      throw new ExportError(`${this.name}: the file went away while it was read; nothing of it was imported`);
    }
    if (now.size !== this.size || now.mtimeMs !== this.modifiedMs || this.bytesRead !== this.size) {
      throw new ExportError(`${this.name}: the file changed while it was read (${this.size} bytes when opened, ${now.size} now); nothing of it was imported: import it again once it is complete`);
    }
  }
}

function statFile(name: string): fs.Stats {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(name);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ExportError(`${name}: no such file`);
    if (code === 'EACCES') throw new ExportError(`${name}: permission denied`);
    throw new ExportError(`${name}: cannot read: ${(error as Error).message}`);
  }
  if (stat.isDirectory()) throw new ExportError(`${name}: is a folder, not a file`);
  return stat;
}

/** A row equal to the header (two exports joined into one file): not a record. indexOf first: no trim for most rows. */
export function isRepeatedHeader(cells: readonly string[], headers: readonly string[]): boolean {
  return cells.length === headers.length && cells[0]!.indexOf(headers[0]!) !== -1 && cells.every((c, i) => c.trim() === headers[i]);
}

/** The SHA-256 of a file's bytes, read in 1 MB chunks. */
export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK_SIZE })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function firstBytes(name: string, count: number): Buffer {
  const fd = fs.openSync(name, 'r');
  try {
    const buffer = Buffer.alloc(count);
    return buffer.subarray(0, fs.readSync(fd, buffer, 0, count, 0));
  } finally {
    fs.closeSync(fd);
  }
}

/** The first bytes of a file: 64 KB, or on to the end of a longer header row (up to HEADER_LIMIT). */
function readSample(name: string): Buffer {
  const fd = fs.openSync(name, 'r');
  try {
    let buffer = Buffer.alloc(SAMPLE_SIZE);
    let n = fs.readSync(fd, buffer, 0, SAMPLE_SIZE, 0);
    while (n === buffer.length && !hasLineBreak(buffer) && buffer.length < HEADER_LIMIT) {
      const longer = Buffer.alloc(buffer.length * 2);
      buffer.copy(longer);
      n += fs.readSync(fd, longer, n, longer.length - n, n);
      buffer = longer;
    }
    return buffer.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}

/** A line break in the bytes (LF or CR; in UTF-16 too, whose break is the same byte beside a NUL). */
const hasLineBreak = (bytes: Uint8Array) => bytes.indexOf(0x0a) !== -1 || bytes.indexOf(0x0d) !== -1;

/** Standard input can be read once: keep its first bytes for sniffing and replay them. */
async function bufferStart(iterator: AsyncIterator<Buffer>): Promise<{ sample: Buffer; all: () => AsyncIterable<Buffer> }> {
  const kept: Buffer[] = [];
  let size = 0;
  let done = false;
  // 64 KB, or on to the end of a longer header row.
  while (size < SAMPLE_SIZE || (size < HEADER_LIMIT && !kept.some(hasLineBreak))) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    kept.push(chunk);
    size += chunk.length;
  }
  const joined = Buffer.concat(kept);
  const sample = hasLineBreak(joined.subarray(0, SAMPLE_SIZE)) ? joined.subarray(0, SAMPLE_SIZE) : joined;
  return {
    sample,
    all: async function* () {
      yield* kept;
      if (done) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
      }
    },
  };
}

/** TextDecoder drops a byte-order mark itself; `stream` keeps a character cut by the sample's end out of it. */
function decodeSample(name: string, sample: Buffer, encoding: EncodingName): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(sample, { stream: true });
  } catch {
    throw encodingError(name, encoding, sample, 0);
  }
}

function encodingError(name: string, encoding: EncodingName, chunk: Uint8Array, linesBefore: number): ExportError {
  // Locate the first bad byte: decode leniently and find the first replacement character.
  const lenient = new TextDecoder(encoding).decode(chunk, { stream: true });
  const bad = lenient.indexOf('\uFFFD');
  const line = linesBefore + 1 + (bad > 0 ? countNewlines(lenient.slice(0, bad)) : 0);
  if (encoding === 'utf-8' && mostlyUtf8(chunk)) {
    // Read as Windows-1252, every other accented letter of the file would turn into mojibake.
    return new ExportError(
      `${name}:${line}: this line is not valid UTF-8, though the file's other accented letters are: the file mixes encodings ` +
        '(a line pasted from another program?); fix that line in the file and import it again',
    );
  }
  const hint = encoding === 'utf-8'
    ? 'it may be Windows-1252 (Excel "CSV" on Windows): pass --encoding windows-1252'
    : 'pass the right --encoding (utf-8, utf-16le, windows-1252)';
  return new ExportError(`${name}:${line}: the file is not valid ${encoding.toUpperCase()}; ${hint}`);
}

function mojibakeError(name: string, encoding: EncodingName, text: string, found: RegExpExecArray, linesBefore: number): ExportError {
  const line = linesBefore + 1 + countNewlines(text.slice(0, found.index));
  return new ExportError(
    `${name}:${line}: "${found[0]}" is UTF-8 text read as ${encoding.toUpperCase()} (é shows as Ã©): ` +
      'the file is UTF-8 (pass --encoding utf-8), or mixes both encodings; nothing of it was imported',
  );
}

function checkHeaders(name: string, headers: string[]): void {
  if (headers.length === 0 || headers.every((h) => h === '')) throw new ExportError(`${name}:1: the header row is empty`);
  const seen = new Map<string, number>();
  headers.forEach((header, index) => {
    if (header === '') return;
    const key = header.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      throw new ExportError(`${name}:1:${index + 1}: column "${header}" appears twice (columns ${first + 1} and ${index + 1}); rename one of them`);
    }
    seen.set(key, index);
  });
}

export function countNewlines(text: string): number {
  let n = 0;
  let i = text.indexOf('\n');
  while (i !== -1) {
    n++;
    i = text.indexOf('\n', i + 1);
  }
  if (n === 0 && text.indexOf('\r') !== -1) {
    // Old Mac line breaks: bare CR.
    i = text.indexOf('\r');
    while (i !== -1) {
      n++;
      i = text.indexOf('\r', i + 1);
    }
  }
  return n;
}

/** A row as CSV text again, for the rejected-rows table (the original quoting is not kept). */
export function rowToText(cells: readonly string[], delimiter: string): string {
  return cells
    .map((cell) => (cell.includes(delimiter) || cell.includes('"') || cell.includes('\n') || cell.includes('\r') ? `"${cell.replace(/"/g, '""')}"` : cell))
    .join(delimiter);
}
