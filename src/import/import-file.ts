/**
 * One file into the database, all or nothing: the whole file is one transaction, so a process
 * killed at any moment leaves the database as it was before the file. Bad rows are either
 * quarantined with their line and reason (the good rows import) or abort the file.
 *
 * Reading, parsing and normalising a large file happen in a worker thread (normalized-rows.ts)
 * while this thread writes what it hands over: the two halves of an import then overlap.
 */
import fs from 'node:fs';
import type { BatchCounts, Database } from '../db/database.ts';
import { unmetNeeds, type RecordKind } from '../domain/fields.ts';
import { describeMapping, MappingError, resolveMapping, type ResolvedMapping } from '../domain/mapping.ts';
import type { ColumnDecisions } from '../domain/normalize.ts';
import { isoOfMillis, TOKEN_LIST, type DatePattern, type TimeZone } from '../domain/dates.ts';
import type { DecimalSeparator } from '../domain/amounts.ts';
import { ExportError, hashFile, type ExportSource, type ReadOptions } from './read-export.ts';
import { openExport } from './open-export.ts';
import { normalizeWorker, normalizerFor, readNormalized, readNormalizedInWorker, type NormalizeJob, type RowBatch } from './normalized-rows.ts';
import { worthAWorker, type WorkerSetting } from '../worker-threads.ts';

export type OnError = 'quarantine' | 'abort';

/**
 * How many rejected rows a file may have and still be imported (its good rows, the bad ones
 * quarantined): a share of its rows or a count. Past it the file is not imported: a file most of
 * whose rows are bad was misread (a wrong date format, a wrong mapping), and its good rows alone
 * would make every report wrong without a word.
 */
export type RejectedLimit = { share: number } | { count: number };
export const DEFAULT_REJECTED_LIMIT: RejectedLimit = { share: 0.1 };

export function overLimit(rejected: number, rows: number, limit: RejectedLimit): boolean {
  return 'count' in limit ? rejected > limit.count : rejected > limit.share * rows;
}

export function describeLimit(limit: RejectedLimit): string {
  return 'count' in limit ? String(limit.count) : `${+(limit.share * 100).toFixed(2)}%`;
}

/** Where the zone of dates written without one came from: never the machine's. */
export type ZoneSource = '--tz' | 'mapping file' | 'sla.yaml' | 'default';

export interface ImportRequest {
  kind: RecordKind;
  /** A path, or `-` for standard input. */
  file: string;
  read: ReadOptions;
  profile?: string;
  /** Mapping-file columns (field → header). */
  columns?: Record<string, string>;
  /** `--map` overrides (field → header). */
  overrides: Record<string, string>;
  /** `--set` constants (field → value). */
  constants: Record<string, string>;
  datePattern: DatePattern | null;
  decimal: DecimalSeparator | null;
  zone: TimeZone;
  zoneFrom: ZoneSource;
  /** When the export was taken (UTC ISO); default: the file's modification time. */
  snapshotAt?: string;
  onError: OnError;
  /** Default DEFAULT_REJECTED_LIMIT; `--on-error abort` is a limit of 0. */
  maxRejected?: RejectedLimit;
  /**
   * Asked on a terminal when required fields (`missing`) or fields the reports need (`wanted`) have no
   * column; returns field → header, or undefined to give up.
   */
  askForColumns?: (missing: string[], headers: string[], file: string, wanted: string[]) => Promise<Record<string, string> | undefined>;
  /** Offered every answer `askForColumns` got for the file, once they are all in (to save them as a mapping file). */
  saveAnswers?: (columns: Record<string, string>) => Promise<void>;
  onProgress?: (bytesRead: number, size: number | null) => void;
  /** Read in a worker thread: by file size (`auto`, the default), `always` or `never`. */
  worker?: WorkerSetting;
  /** Told where the file is read (--verbose). */
  verbose?: (message: string) => void;
  /** Told as soon as the file's transaction is committed: from then on an interruption leaves it imported. */
  committed?: () => void;
  now?: () => Date;
  stdin?: NodeJS.ReadableStream;
}

export interface RejectedLine {
  line: number;
  reason: string;
}

/** What an import says of a file: the batch's counts (`rows` for the rows read), and how it read the file. */
export interface ImportSummary extends Omit<BatchCounts, 'rowsRead'> {
  file: string;
  kind: RecordKind;
  profile: string;
  profileDetected: boolean;
  encoding: string;
  delimiter: string;
  /** The sheet read, for a workbook. */
  sheet?: string;
  batch: number | null;
  rows: number;
  /** When the export was taken (UTC ISO): the snapshot the rows are merged by. */
  snapshotAt: string;
  /** The zone of the dates written without one, and where it came from. */
  zone: { name: string; from: ZoneSource };
  /** Footer lines of a report export that were not data. */
  footerLines: number;
  /** Rows equal to the header inside the file (two exports joined): skipped. */
  repeatedHeaders: number;
  seconds: number;
  /** Set when the same bytes were already imported with the same mapping. */
  sameAsBatch?: number;
  /** The first rejected lines, for the summary. */
  firstRejected: RejectedLine[];
  /** Columns kept as extra JSON. */
  extraColumns: string[];
  mapping: Record<string, string>;
  /** What the reports need that no column of the file (nor a `--set`) gave: `unmetNeeds`. */
  unmet: Array<{ need: string; anyOf: readonly string[] }>;
}

/** The rows were bad and `--on-error abort` (or every row was bad): nothing was imported. */
export class RejectedRowsError extends Error {
  readonly rejected: number;
  readonly firstRejected: RejectedLine[];
  readonly file: string;
  constructor(file: string, message: string, rejected: number, firstRejected: RejectedLine[]) {
    super(message);
    this.file = file;
    this.rejected = rejected;
    this.firstRejected = firstRejected;
  }
}

const FIRST_REJECTED_KEPT = 10;

const percent = (share: number) => `${share >= 0.1 ? Math.round(share * 100) : +(share * 100).toFixed(1)}%`;

export async function importFile(db: Database, request: ImportRequest): Promise<ImportSummary> {
  const opened: ExportSource[] = [];
  const open = async () => {
    const file = await openExport(request.file, request.read, request.stdin);
    opened.push(file);
    return file;
  };
  try {
    return await importOpened(db, request, open);
  } finally {
    for (const file of opened) await file.close();
  }
}

async function importOpened(db: Database, request: ImportRequest, open: () => Promise<ExportSource>): Promise<ImportSummary> {
  const started = performance.now();
  const now = request.now ?? (() => new Date());
  let exportFile = await open();
  const headers = exportFile.format.headers;
  const mapping = await mapColumns(request, headers, exportFile.name);
  const described = describeMapping(mapping, headers);
  const identity = {
    ...described,
    encoding: exportFile.format.encoding,
    delimiter: exportFile.format.delimiter,
    date_format: request.datePattern?.source ?? null,
    decimal: request.decimal,
    timezone: request.zone.name,
  };

  const base = {
    file: exportFile.name,
    kind: request.kind,
    profile: mapping.profile,
    profileDetected: mapping.detected,
    encoding: exportFile.format.encoding,
    delimiter: exportFile.format.delimiter,
    ...(exportFile.format.sheet !== undefined ? { sheet: exportFile.format.sheet } : {}),
    extraColumns: mapping.extraColumns.map((i) => headers[i]!),
    mapping: described.columns,
    unmet: unmetNeedsOf(request.kind, mapping),
    zone: { name: request.zone.name, from: request.zoneFrom },
  };

  // A file is hashed before it is parsed when an earlier import read as many bytes: an identical
  // file makes parsing unnecessary. Otherwise it is hashed while it is read, saving a pass over it.
  let sha256: string | undefined;
  const snapshotAt = request.snapshotAt ?? snapshotOf(request.file, now);
  if (request.file !== '-' && exportFile.size !== null && db.importedSize(request.kind, exportFile.size)) {
    sha256 = await hashFile(request.file);
    const previous = db.findIdenticalBatch(request.kind, sha256, identity);
    // The same bytes taken at another time are another snapshot: its records' snapshot moves, and freshness counts from it.
    if (previous && previous.snapshotAt === snapshotAt && !db.changedSince(request.kind, previous.id)) {
      return {
        ...base,
        batch: null,
        sameAsBatch: previous.id,
        rows: previous.rowsRead,
        inserted: 0,
        updated: 0,
        unchanged: previous.inserted + previous.updated + previous.unchanged,
        rejected: previous.rejected,
        unlinked: request.kind === 'deals' ? previous.unlinked : 0,
        olderKept: previous.olderKept,
        snapshotAt: previous.snapshotAt,
        footerLines: 0,
        repeatedHeaders: 0,
        seconds: secondsSince(started),
        firstRejected: db.rejectedRows(previous.id).slice(0, FIRST_REJECTED_KEPT).map((r) => ({ line: r.line, reason: r.reason })),
      };
    }
  }

  let forced: ColumnDecisions | undefined;
  for (let pass = 1; ; pass++) {
    const result = await importPass(db, request, exportFile, mapping, identity, snapshotAt, forced, now, sha256);
    if (result.kind === 'done') {
      return { ...base, ...result.counts, seconds: secondsSince(started) };
    }
    if (exportFile.streamed || pass > 1) {
      throw new ExportError(`${exportFile.name}: ${result.reason}; pass --date-format (dates) or a mapping file with decimal: (amounts) to say so`);
    }
    forced = result.decisions;
    exportFile = await open();
  }
}

/** What one pass over the file counts. */
type PassCounts = Pick<ImportSummary, 'batch' | 'rows' | 'inserted' | 'updated' | 'unchanged' | 'rejected' | 'unlinked' | 'olderKept' | 'snapshotAt' | 'footerLines' | 'repeatedHeaders' | 'firstRejected'>;

type PassResult = { kind: 'done'; counts: PassCounts } | { kind: 'reread'; decisions: ColumnDecisions; reason: string };

async function importPass(
  db: Database,
  request: ImportRequest,
  exportFile: ExportSource,
  mapping: ResolvedMapping,
  identity: unknown,
  snapshotAt: string,
  forced: ColumnDecisions | undefined,
  now: () => Date,
  sha256: string | undefined,
): Promise<PassResult> {
  const { headers, delimiter } = exportFile.format;
  const job: NormalizeJob = {
    kind: request.kind,
    file: request.file,
    read: { encoding: exportFile.format.encoding, delimiter },
    mapping,
    zone: request.zone.name,
    datePattern: request.datePattern?.source ?? null,
    decimal: request.decimal,
    forced,
    hash: sha256 === undefined,
  };
  // Built before any reading: a bad --set constant stops the file at once, and the writer needs the fields.
  // The worker builds its own from the job (it cannot be sent there); a file read here uses this one.
  const normalizer = normalizerFor(job, headers, delimiter);
  const { fields } = normalizer;

  db.begin();
  try {
    const batchId = db.startBatch({
      kind: request.kind,
      fileName: exportFile.name,
      fileSize: exportFile.size,
      fileSha256: sha256 ?? null,
      profile: mapping.profile,
      mapping: identity,
      encoding: exportFile.format.encoding,
      delimiter,
      snapshotAt,
      startedAt: now().toISOString(),
    });
    const restoreTriggers = db.suspendTriggers(request.kind);
    const writer = db.recordWriter(request.kind, fields, batchId, snapshotAt);
    const recordsBefore = db.countRecords(request.kind);
    const rebuildIndexes = recordsBefore === 0 ? db.deferIndexes(request.kind) : undefined;
    let written = 0;
    let changed = 0;
    let rejected = 0;
    const firstRejected: RejectedLine[] = [];

    const write = (batch: RowBatch) => {
      for (const bad of batch.rejected) {
        rejected++;
        if (firstRejected.length < FIRST_REJECTED_KEPT) firstRejected.push({ line: bad.line, reason: bad.reason });
        if (request.onError === 'quarantine') db.rejectRow(batchId, bad.line, bad.raw, bad.reason);
      }
      for (let row = 0; row < batch.extras.length; row++) {
        changed += writer.write(batch.values, batch.extras[row]!, row * fields.length);
        written++;
      }
      request.onProgress?.(batch.bytesRead, exportFile.size);
    };
    const inWorker = useWorker(request, exportFile);
    request.verbose?.(`${exportFile.name}: read ${inWorker ? 'in a worker thread' : 'on the main thread'}`);
    const end = inWorker ? await readNormalizedInWorker(job, write) : await readNormalized(exportFile, job, write, { normalizer });
    changed += writer.flush();
    request.onProgress?.(end.bytesRead, exportFile.size);

    if (end.rows === 0) throw new ExportError(`${exportFile.name}: the file has a header but no rows`);
    const { verdict } = end;
    if (verdict.kind === 'ambiguous') {
      throw new ExportError(
        `${exportFile.name}: ${verdict.columns.map((c) => `column "${c}"`).join(', ')}: dates such as "${verdict.example}" can be read day-first or month-first and no value settles it; ` +
          'pass --date-format DD/MM/YYYY or --date-format MM/DD/YYYY',
      );
    }
    if (verdict.kind === 'unreadable') {
      throw new ExportError(
        `${exportFile.name}: column "${verdict.column}": none of its ${verdict.failed} dates could be read ("${verdict.value}" ${verdict.problem}), so nothing was imported; ` +
          `pass --date-format with the way they are written (tokens ${TOKEN_LIST}, e.g. DD-MM-YY)`,
      );
    }
    if (verdict.kind === 'reread') {
      db.rollback();
      return { kind: 'reread', decisions: verdict.decisions, reason: verdict.reason };
    }
    const limit = request.onError === 'abort' ? { count: 0 } : request.maxRejected ?? DEFAULT_REJECTED_LIMIT;
    if (rejected > 0 && (request.onError === 'abort' || written === 0 || overLimit(rejected, end.rows, limit))) {
      const bad = `${rejected} bad ${rejected === 1 ? 'row' : 'rows'}`;
      const why = request.onError === 'abort' ? `${bad}; with --on-error abort nothing was imported`
        : written === 0 ? `${bad}; every row was rejected, so nothing was imported`
        : `${rejected} of ${end.rows} rows rejected (${percent(rejected / end.rows)}), more than --max-rejected ${describeLimit(limit)} allows, so nothing was imported; ` +
          'fix what the lines below say (often a --date-format or a --map), or pass --max-rejected 100% to import the good rows and quarantine the bad';
      throw new RejectedRowsError(exportFile.name, `${exportFile.name}: ${why}`, rejected, firstRejected);
    }

    rebuildIndexes?.();
    restoreTriggers(end.termValues);
    const inserted = db.countRecords(request.kind) - recordsBefore;
    let unlinked = 0;
    if (request.kind === 'deals') {
      db.linkDeals(batchId);
      unlinked = db.countUnlinkedDeals(batchId);
    } else {
      db.linkDeals(null);
    }
    const rows = end.rows;
    const olderKept = writer.olderKept;
    const counts = { rowsRead: rows, inserted, updated: changed - inserted, unchanged: written - changed - olderKept, rejected, unlinked, olderKept };
    db.finishBatch(batchId, counts, now().toISOString());
    if (sha256 === undefined) db.setBatchHash(batchId, end.sha256);
    db.commit();
    request.committed?.();
    return {
      kind: 'done',
      counts: { batch: batchId, rows, inserted, updated: counts.updated, unchanged: counts.unchanged, rejected, unlinked, olderKept, snapshotAt, footerLines: end.footerLines, repeatedHeaders: end.repeatedHeaders, firstRejected },
    };
  } catch (error) {
    db.rollback();
    throw error;
  }
}

/** The worker thread pays off from a few megabytes on; standard input is read here. */
const WORKER_FROM_BYTES = 4 << 20;

function useWorker(request: ImportRequest, exportFile: ExportSource): boolean {
  // A workbook is read on this thread: exceljs streams it itself.
  return !exportFile.streamed && exportFile.format.encoding !== 'xlsx' && normalizeWorker !== undefined && worthAWorker(request.worker ?? 'auto', exportFile.size, WORKER_FROM_BYTES);
}

/** Asks for missing required columns (on a terminal), then resolves again with the answers. */
async function mapColumns(request: ImportRequest, headers: string[], fileName: string): Promise<ResolvedMapping> {
  const mappingRequest = {
    kind: request.kind,
    headers,
    profile: request.profile,
    columns: request.columns,
    overrides: request.overrides,
    constants: request.constants,
  };
  // On a terminal, the fields the reports need are asked for too: their first field each (stage for "a stage or a stage date").
  const wanted = (mapping: ResolvedMapping) => unmetNeedsOf(request.kind, mapping).map((n) => n.anyOf[0]!);
  const answered: Record<string, string> = {};
  const answer = (columns: Record<string, string>) => {
    Object.assign(answered, columns);
    Object.assign(request.overrides, columns);
    return resolveMapping({ ...mappingRequest, overrides: request.overrides });
  };
  let mapping: ResolvedMapping;
  try {
    mapping = resolveMapping(mappingRequest);
  } catch (error) {
    if (!(error instanceof MappingError) || error.missing.length === 0) throw error;
    const answers = request.askForColumns ? await request.askForColumns(error.missing, headers, fileName, []) : undefined;
    if (!answers) throw missingColumnsError(error.missing, headers, fileName, request.kind);
    mapping = answer(answers);
  }
  // Only for a file no profile recognised (a hand-kept list): a CRM's export that lacks a column lacks it every week.
  const unmet = request.askForColumns && mapping.profile === 'generic' ? wanted(mapping) : [];
  if (unmet.length) {
    const answers = await request.askForColumns!([], headers, fileName, unmet);
    if (answers && Object.keys(answers).length) mapping = answer(answers);
  }
  // One offer to save, with every answer: two offers would write the same file twice, the second without the first's answers.
  if (Object.keys(answered).length) await request.saveAnswers?.(answered);
  return mapping;
}

export function missingColumnsError(missing: string[], headers: string[], fileName: string, kind: RecordKind): MappingError {
  const field = missing[0]!;
  const what = kind === 'leads' ? 'a lead needs an id or an email' : 'a deal needs an id';
  return new MappingError(
    `${fileName}: no column found for ${missing.map((m) => `"${m}"`).join(' or ')} (${what}); the columns are: ${headers.join(', ')}; ` +
      `name the column with --map ${field}="Column name"`,
    missing,
  );
}

/** What the reports need that neither a column nor a `--set` of this mapping gives. */
function unmetNeedsOf(kind: RecordKind, mapping: ResolvedMapping) {
  return unmetNeeds(kind, new Set([...Object.keys(mapping.columns), ...Object.keys(mapping.constants)]));
}

function snapshotOf(file: string, now: () => Date): string {
  return isoOfMillis((file === '-' ? now() : fs.statSync(file).mtime).getTime());
}

function secondsSince(started: number): number {
  return Math.round(performance.now() - started) / 1000;
}
