/**
 * Reading and normalising an export, batch by batch, apart from writing it: the rows of a file
 * as the records the database stores, or as rejected lines with their reason. Everything here
 * is the same whether it runs on the main thread or in the import's worker thread (see
 * `normalize-worker.ts`); only the database writes stay on the main thread.
 */
import { Worker } from 'node:worker_threads';
import { TERM_FIELDS, type RecordKind } from '../domain/fields.ts';
import type { ResolvedMapping } from '../domain/mapping.ts';
import { RecordNormalizer, type ColumnDecisions, type Verdict } from '../domain/normalize.ts';
import { compileDatePattern, timeZone } from '../domain/dates.ts';
import type { DecimalSeparator } from '../domain/amounts.ts';
import { ExportError, rowToText, type ExportSource, type ReadOptions } from './read-export.ts';
import { compiledWorker } from '../worker-threads.ts';
import { visible } from '../render/sanitize.ts';

/**
 * What reading one file needs, as plain data: it crosses to the worker thread by structured
 * clone, so the time zone and date pattern travel by name and are rebuilt there.
 */
export interface NormalizeJob {
  kind: RecordKind;
  /** A path, or `-` for standard input (read on the main thread only). */
  file: string;
  read: ReadOptions;
  mapping: ResolvedMapping;
  zone: string;
  datePattern: string | null;
  decimal: DecimalSeparator | null;
  forced: ColumnDecisions | undefined;
  /** Hash the bytes as they are read: the file was not hashed beforehand (see `importFile`). */
  hash: boolean;
}

/** A row that cannot be imported, with why. */
export interface BadRow {
  line: number;
  /** The row as delimited text again, for the rejected-rows table. */
  raw: string;
  reason: string;
}

/** Consecutive rows of the file: the good ones as values, the bad ones as rejected lines. */
export interface RowBatch {
  /** `fields.length` values per good row, one row after the other: one array clones faster than thousands. */
  values: unknown[];
  /** The unmapped columns of each good row, as JSON text. */
  extras: string[];
  rejected: BadRow[];
  /** Bytes of the file read so far, for the progress bar. */
  bytesRead: number;
}

export interface ReadEnd {
  /** Data rows read, footer lines not counted. */
  rows: number;
  /** Footer lines of a report export that were not data. */
  footerLines: number;
  /** Rows equal to the header inside the file: skipped. */
  repeatedHeaders: number;
  verdict: Verdict;
  sha256: string;
  bytesRead: number;
  /** Per term field the file maps (`TERM_FIELDS`), the distinct values its good rows hold: the store's `term_values`. */
  termValues: Record<string, string[]>;
}

/** Rows read before the column decisions (date order, decimal separator) are made. */
const LOOKAHEAD_ROWS = 5000;
/**
 * Rows per batch. Small enough that a batch dies young in the worker's heap (larger batches made
 * the garbage collector a large part of an import: docs/performance.md), large enough that posting costs little.
 */
const BATCH_ROWS = 250;

export function normalizerFor(job: NormalizeJob, headers: readonly string[], delimiter: string): RecordNormalizer {
  return new RecordNormalizer({
    kind: job.kind,
    mapping: job.mapping,
    headers,
    zone: timeZone(job.zone),
    datePattern: job.datePattern === null ? null : compileDatePattern(job.datePattern),
    decimal: job.decimal,
    // Excel in Spain and Italy writes `;` because the comma is its decimal separator.
    defaultDecimal: delimiter === ';' ? ',' : '.',
    forced: job.forced,
  });
}

/**
 * Reads every row of `exportFile`, normalises it and hands the results to `onBatch` in file
 * order. `beforeChunk` is awaited before each chunk of the file is read: the worker waits
 * there while the main thread is behind, so memory holds a few batches, never the file.
 * `normalizer` is the job's, when the caller has built it already.
 */
export async function readNormalized(
  exportFile: ExportSource,
  job: NormalizeJob,
  onBatch: (batch: RowBatch) => void,
  { beforeChunk, normalizer = normalizerFor(job, exportFile.format.headers, exportFile.format.delimiter) }: { beforeChunk?: () => Promise<void> | undefined; normalizer?: RecordNormalizer } = {},
): Promise<ReadEnd> {
  const { headers, delimiter } = exportFile.format;
  let rows = 0;
  let footerLines = 0;
  let inFooter = false;
  let batch: RowBatch = { values: [], extras: [], rejected: [], bytesRead: 0 };
  let batchRows = 0;
  const lookahead: Array<{ cells: string[]; line: number; problem: string | undefined }> = [];
  let decided = false;
  const termFields = TERM_FIELDS[job.kind].filter((field) => normalizer.fields.includes(field));
  const termColumns = termFields.map((field) => normalizer.fields.indexOf(field));
  const termValues = termFields.map(() => new Set<string>());

  const flush = () => {
    batch.bytesRead = exportFile.bytesRead;
    onBatch(batch);
    batch = { values: [], extras: [], rejected: [], bytesRead: 0 };
    batchRows = 0;
  };
  const process = (cells: string[], line: number, problem: string | undefined) => {
    const result = problem ? { ok: false as const, reason: problem } : normalizer.normalize(cells);
    if (result.ok) {
      for (const value of result.values) batch.values.push(value);
      batch.extras.push(result.extraJson);
      for (let t = 0; t < termColumns.length; t++) {
        const value = result.values[termColumns[t]!];
        if (typeof value === 'string') termValues[t]!.add(value);
      }
    } else {
      // The reason quotes the cell and its header, printed on stderr and by `smk import --rejected`: no control character in it.
      batch.rejected.push({ line, raw: rowToText(cells, delimiter), reason: visible(result.reason) });
    }
    if (++batchRows >= BATCH_ROWS) flush();
  };
  const flushLookahead = () => {
    normalizer.decide();
    decided = true;
    for (const row of lookahead) process(row.cells, row.line, row.problem);
    lookahead.length = 0;
  };

  await exportFile.readRows(
    (cells, line, problem) => {
      if (job.mapping.reportFooter && (inFooter || isReportFooter(cells, headers.length))) {
        // Salesforce ends report exports with the report name, totals and a copyright line.
        inFooter = true;
        footerLines++;
        return;
      }
      rows++;
      if (decided) return process(cells, line, problem);
      lookahead.push({ cells, line, problem });
      if (!problem && cells.length === headers.length) normalizer.observe(cells);
      if (lookahead.length >= LOOKAHEAD_ROWS) flushLookahead();
    },
    { hash: job.hash, beforeChunk },
  );
  if (!decided) flushLookahead();
  if (batchRows > 0) flush();
  return {
    rows, footerLines, repeatedHeaders: exportFile.repeatedHeaders, verdict: normalizer.verdict(), sha256: exportFile.sha256, bytesRead: exportFile.bytesRead,
    termValues: Object.fromEntries(termFields.map((field, t) => [field, [...termValues[t]!]])),
  };
}

/** Footer lines hold a single cell (or nothing) where data rows have many. */
function isReportFooter(cells: readonly string[], columns: number): boolean {
  return columns > 1 && cells.filter((c) => c.trim() !== '').length <= 1 && cells.length < columns;
}

/** What the worker thread posts to the main thread. */
export type WorkerMessage =
  | { type: 'batch'; batch: RowBatch }
  | { type: 'end'; end: ReadEnd }
  | { type: 'error'; name: string; message: string; stack: string | undefined };

/** The worker module, when compiled (see `compiledWorker`). */
export const normalizeWorker = compiledWorker(new URL('./normalize-worker.js', import.meta.url));

/**
 * `readNormalized` in a worker thread: the thread reads, parses and normalises while this one
 * writes the batches it posts (`onBatch` runs here, in file order). On a 2-core machine the two
 * halves of an import, each about half its time, then overlap. Each batch is acknowledged once
 * written; the worker holds back while it is ahead (see normalize-worker.ts).
 */
export function readNormalizedInWorker(job: NormalizeJob, onBatch: (batch: RowBatch) => void): Promise<ReadEnd> {
  const worker = new Worker(normalizeWorker!, { workerData: job });
  return new Promise<ReadEnd>((resolve, reject) => {
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      finish();
    };
    worker.on('message', (message: WorkerMessage) => {
      if (settled) return;
      if (message.type === 'batch') {
        try {
          onBatch(message.batch);
        } catch (error) {
          settle(() => reject(error));
          return;
        }
        worker.postMessage('written');
      } else if (message.type === 'end') {
        settle(() => resolve(message.end));
      } else {
        settle(() => reject(errorFromWorker(message)));
      }
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the import's reading thread stopped early (exit code ${code})`))));
  });
}

/** A file problem found in the worker is the same ExportError it would be here. */
function errorFromWorker(message: Extract<WorkerMessage, { type: 'error' }>): Error {
  const error = message.name === 'ExportError' ? new ExportError(message.message) : new Error(message.message);
  if (message.stack) error.stack = message.stack;
  return error;
}
