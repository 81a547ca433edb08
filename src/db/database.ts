/**
 * The store: the one interface to SQLite (`Database`). Only the modules of this folder talk to
 * SQLite, split by what they do: open.ts (the file and its connection), schema.ts (migrations and
 * derived values), import-sql.ts (what the import writes), report-sql.ts (the reports' reads),
 * check-sql.ts (`smk check`'s rules). The schema is part of the interface (people open the file
 * with `sqlite3` or Datasette), so tables carry the canonical field names as columns and dates as
 * ISO 8601 text.
 */
import fs from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { DAY_DATES, dateFieldsOf, dayBit, DEAL_TERM_FIELDS, fieldsOf, LEAD_TERM_FIELDS, TERM_FIELDS, type LeadRecord, type RecordKind } from '../domain/fields.ts';
import { byField, EXAMPLES, tallyOf, type CheckData, type DealSurvey, type DealSurveyRequest, type LeadSurvey, type LeadSurveyRequest, type Tally, type TermValues } from '../domain/check.ts';
import { isoOfMillis } from '../domain/dates.ts';
import type { DealDatedColumns, ReportData } from '../domain/metrics/facts.ts';
import type { ExportSeen, LatestExports } from '../domain/freshness.ts';
import { BUSY_TIMEOUT_MS, canWrite, createPrivateFile, DatabaseError, databaseErrorOf, PAGE_CACHE, PAGE_SIZE, readOnlyCopy, removeDatabaseFiles } from './open.ts';
import { expectedSchema, MIGRATIONS, schemaOf, SCHEMA_VERSION, SECONDARY_INDEXES, UPKEEP_TRIGGERS } from './schema.ts';
import { blankCharacters, DEAL_RULES, LEAD_RULES, listParams, registerLocalDate, registerTallies, unreadTallies } from './check-sql.ts';
import { DEAL_COLUMNS, dealOf, LEAD_COLUMNS, leadsOfJson, WINDOW_DEALS, windowLeads, type WindowRead } from './report-sql.ts';
import { ROWS_PER_UPSERT, tableOf, toBatchRow, type BatchCounts, type BatchRow, type BatchStart, type RecordWriter, type RejectedRow } from './import-sql.ts';

export { DatabaseError, PAGE_SIZE, sqliteErrorOf } from './open.ts';
export { SCHEMA_VERSION } from './schema.ts';
export type { BatchCounts, BatchRow, BatchStart, RecordWriter, RejectedRow } from './import-sql.ts';
export type { WindowRead } from './report-sql.ts';

type Sqlite = BetterSqlite3.Database;

export class Database implements CheckData {
  readonly path: string;
  private readonly sqlite: Sqlite;

  /** Opened read-only: the file, its folder or its mount is read-only. Such a database is not migrated. */
  readonly readOnly: boolean;
  /** Whether this open created the file: a failed first migration removes it again. */
  private readonly createdHere: boolean;

  private constructor(filePath: string, sqlite: Sqlite, how: { readOnly: boolean; createdHere: boolean } = { readOnly: false, createdHere: false }) {
    this.path = filePath;
    this.sqlite = sqlite;
    this.readOnly = how.readOnly;
    this.createdHere = how.createdHere;
    registerTallies(sqlite);
    registerLocalDate(sqlite);
  }

  /**
   * Opens the database at `filePath` to write (`write`: created with mode 0600 when absent, and
   * migrated) or to read (`read`: it must exist, and nothing is written to it). A database a read
   * cannot write to (a read-only file, folder or mount) is opened read-only. A read of a database
   * whose schema is older migrates it first. The schema is then compared with the one this smk
   * makes (`schemaProblem`).
   */
  static open(filePath: string, mode: 'write' | 'read' = 'write'): Database {
    if (mode === 'read' && !fs.existsSync(filePath)) {
      throw new DatabaseError(`no database at ${filePath}; run smk init or smk import (or pass --db with the right path)`);
    }
    // A read goes through a read-write connection where it can, so that the last one to close
    // removes the -wal and -shm files as usual; `query_only` keeps it from writing.
    const db = mode === 'write' || canWrite(filePath) ? Database.openToWrite(filePath, mode === 'write') : Database.openReadOnly(filePath);
    try {
      db.checkOwnership();
      if (db.readOnly && db.schemaVersion > 0 && db.schemaVersion < SCHEMA_VERSION) {
        throw new DatabaseError(
          `${filePath}: made by an older smk (schema version ${db.schemaVersion} of ${SCHEMA_VERSION}), it must be upgraded, which needs write access: run smk once where the file and its folder are writable`,
        );
      }
      if (!db.readOnly) db.migrate();
      const problem = db.schemaProblem();
      if (problem) throw new DatabaseError(`${filePath}: ${problem}: it was changed outside smk. Restore it from a backup, or import your exports into a new database (--db new.db)`);
      if (mode === 'read') db.sqlite.pragma('query_only = ON');
    } catch (error) {
      db.close();
      if (db.createdHere) removeDatabaseFiles(filePath);
      throw databaseErrorOf(error, filePath) ?? error;
    }
    return db;
  }

  private static openToWrite(filePath: string, create: boolean): Database {
    const created = create && filePath !== ':memory:' && createPrivateFile(filePath);
    let sqlite: Sqlite | undefined;
    try {
      sqlite = new BetterSqlite3(filePath, { timeout: BUSY_TIMEOUT_MS, fileMustExist: !create });
      // Before anything is written, the page size of a new database (an existing one keeps its own).
      // 16 KB rather than SQLite's 4 KB: a report's whole-table passes read a quarter as many pages,
      // each a system call (docs/performance.md).
      sqlite.pragma(`page_size = ${PAGE_SIZE}`);
      sqlite.pragma('journal_mode = WAL');
      // The statement journal of an import's upserts (see ROWS_PER_UPSERT) stays in memory: past
      // 64 KB SQLite writes it to a temporary file, and with 16 KB pages most statements pass that.
      // Sorts that spill stay in memory too: an import's index builds among them.
      sqlite.pragma('temp_store = MEMORY');
      // NORMAL is durable against a killed process in WAL mode; only a power cut may lose the last commit.
      sqlite.pragma('synchronous = NORMAL');
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma(PAGE_CACHE);
      return new Database(filePath, sqlite, { readOnly: false, createdHere: created });
    } catch (error) {
      sqlite?.close();
      const code = String((error as { code?: unknown }).code ?? '');
      const readOnly = /^SQLITE_(CANTOPEN|READONLY)/.test(code) && !canWrite(filePath);
      if (created) removeDatabaseFiles(filePath);
      if (readOnly) throw new DatabaseError(`${filePath}: cannot write the database: the file, its folder or its mount is read-only for this user`);
      throw databaseErrorOf(error, filePath) ?? new DatabaseError(`${filePath}: cannot open the database: ${(error as Error).message}`);
    }
  }

  private static openReadOnly(filePath: string): Database {
    let sqlite: Sqlite | undefined;
    try {
      sqlite = new BetterSqlite3(filePath, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
      // The first statement reads the file: where SQLite cannot make the -shm file it fails here.
      sqlite.pragma('user_version');
      sqlite.pragma(PAGE_CACHE);
      return new Database(filePath, sqlite, { readOnly: true, createdHere: false });
    } catch (error) {
      sqlite?.close();
      const copy = (error as { code?: string }).code === 'SQLITE_CANTOPEN' ? readOnlyCopy(filePath) : undefined;
      if (copy) return new Database(filePath, copy, { readOnly: true, createdHere: false });
      throw databaseErrorOf(error, filePath) ?? new DatabaseError(`${filePath}: cannot open the database: ${(error as Error).message}`);
    }
  }

  /**
   * A second, read-only connection to a database `open` has made and migrated: the review's
   * check survey reads through one in a worker thread.
   */
  static openForReading(filePath: string): Database {
    let sqlite: Sqlite;
    try {
      sqlite = new BetterSqlite3(filePath, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
      sqlite.pragma(PAGE_CACHE);
    } catch (error) {
      throw new DatabaseError(`${filePath}: cannot open the database: ${(error as Error).message}`);
    }
    const db = new Database(filePath, sqlite);
    if (db.schemaVersion !== SCHEMA_VERSION) throw new DatabaseError(`${filePath}: schema version ${db.schemaVersion}, expected ${SCHEMA_VERSION}`);
    return db;
  }

  close(): void {
    this.sqlite.close();
  }

  /** The file's mode when users other than its owner may read it (it holds personal data), else undefined. */
  modeIfShared(): number | undefined {
    if (this.path === ':memory:') return undefined;
    try {
      const mode = fs.statSync(this.path).mode & 0o777;
      return mode & 0o044 ? mode : undefined;
    } catch {
      return undefined;
    }
  }

  /** Runs `read` in one read transaction: all it reads is one state of the database, whatever an import commits meanwhile. */
  snapshot<T>(read: () => T): T {
    return this.sqlite.transaction(read)();
  }

  /**
   * The newest import batch's id, 0 before any. Every change to the data is made in an import's
   * transaction, which adds a batch: two connections that read the same number read the same data.
   */
  dataVersion(): number {
    return this.sqlite.prepare('SELECT coalesce(max(id), 0) FROM import_batches').pluck().get() as number;
  }

  get schemaVersion(): number {
    return this.sqlite.pragma('user_version', { simple: true }) as number;
  }

  /**
   * Refuses a file smk must not write into or cannot read: a newer smk's database, or another
   * program's SQLite database (which a first migration would fill with smk's tables).
   */
  private checkOwnership(): void {
    const current = this.schemaVersion;
    if (current > SCHEMA_VERSION) {
      throw new DatabaseError(`${this.path}: the database has schema version ${current}, newer than this smk (${SCHEMA_VERSION}); upgrade smk`);
    }
    if (current > 0) return;
    const tables = this.sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name").pluck().all() as string[];
    if (tables.length > 0) {
      const named = tables.slice(0, 3).join(', ') + (tables.length > 3 ? ', …' : '');
      throw new DatabaseError(`${this.path}: a SQLite database of another program (tables ${named}), not smk's: pass --db with a new file's path`);
    }
  }

  /**
   * What is missing from the schema against the one the migrations make (its tables, their columns
   * and the triggers that keep derived values), or undefined when nothing is. Extra tables, columns
   * and indexes are left alone: people add their own views and indexes.
   */
  private schemaProblem(): string | undefined {
    if (this.schemaVersion === 0) return undefined; // empty, read-only: nothing to read yet
    const expected = expectedSchema();
    const actual = schemaOf(this.sqlite);
    for (const [table, columns] of expected.tables) {
      const has = actual.tables.get(table);
      if (!has) return `the table ${table} is missing`;
      const missing = columns.filter((c) => !has.includes(c));
      if (missing.length) return `the table ${table} has no column ${missing.join(', ')}`;
    }
    const trigger = expected.triggers.find((t) => !actual.triggers.includes(t));
    return trigger ? `the trigger ${trigger} is missing` : undefined;
  }

  private migrate(): void {
    if (this.schemaVersion === SCHEMA_VERSION) return;
    this.inTransaction(() => {
      for (let version = this.schemaVersion; version < SCHEMA_VERSION; version++) {
        this.sqlite.exec(MIGRATIONS[version]!);
        this.sqlite.pragma(`user_version = ${version + 1}`);
      }
    });
  }

  /** BEGIN IMMEDIATE takes the write lock up front, so two writers queue instead of deadlocking. */
  begin(): void {
    this.sqlite.exec('BEGIN IMMEDIATE');
  }

  commit(): void {
    this.sqlite.exec('COMMIT');
  }

  rollback(): void {
    if (this.sqlite.inTransaction) this.sqlite.exec('ROLLBACK');
  }

  inTransaction<T>(work: () => T): T {
    this.begin();
    try {
      const result = work();
      this.commit();
      return result;
    } catch (error) {
      this.rollback();
      throw error;
    }
  }

  startBatch(batch: BatchStart): number {
    const result = this.sqlite
      .prepare(
        `INSERT INTO import_batches (kind, file_name, file_size, file_sha256, profile, mapping, encoding, delimiter, snapshot_at, started_at)
         VALUES (@kind, @fileName, @fileSize, @fileSha256, @profile, @mapping, @encoding, @delimiter, @snapshotAt, @startedAt)`,
      )
      .run({ ...batch, mapping: JSON.stringify(batch.mapping) });
    return Number(result.lastInsertRowid);
  }

  finishBatch(batchId: number, counts: BatchCounts, finishedAt: string): void {
    this.sqlite
      .prepare(
        `UPDATE import_batches SET finished_at = @finishedAt, rows_read = @rowsRead, inserted = @inserted, updated = @updated,
           unchanged = @unchanged, rejected = @rejected, unlinked = @unlinked, older_kept = @olderKept WHERE id = @batchId`,
      )
      .run({ ...counts, finishedAt, batchId });
  }

  /** Whether a finished import of this kind may have read a file of this size (standard input's size is not known). */
  importedSize(kind: RecordKind, size: number): boolean {
    return (
      this.sqlite
        .prepare('SELECT 1 FROM import_batches WHERE kind = ? AND (file_size = ? OR file_size IS NULL) AND finished_at IS NOT NULL LIMIT 1')
        .get(kind, size) !== undefined
    );
  }

  /** A finished import of the same bytes with the same mapping: importing it again can change nothing. */
  findIdenticalBatch(kind: RecordKind, sha256: string, mapping: unknown): BatchRow | undefined {
    const row = this.sqlite
      .prepare(
        `SELECT * FROM import_batches WHERE kind = ? AND file_sha256 = ? AND mapping = ? AND finished_at IS NOT NULL
         ORDER BY id DESC LIMIT 1`,
      )
      .get(kind, sha256, JSON.stringify(mapping)) as Record<string, unknown> | undefined;
    return row ? toBatchRow(row) : undefined;
  }

  /** Whether any import has changed a record since the given batch. */
  changedSince(kind: RecordKind, batchId: number): boolean {
    const table = tableOf(kind);
    return this.sqlite.prepare(`SELECT 1 FROM ${table} WHERE last_batch_id > ? LIMIT 1`).get(batchId) !== undefined;
  }

  /** Drops the table's secondary indexes (inside the import's transaction); call the result to build them again. */
  deferIndexes(kind: RecordKind): () => void {
    const indexes = SECONDARY_INDEXES[kind];
    for (const name of Object.keys(indexes)) this.sqlite.exec(`DROP INDEX IF EXISTS ${name}`);
    return () => {
      for (const create of Object.values(indexes)) this.sqlite.exec(create);
    };
  }

  /**
   * Suspends the table's upkeep triggers (inside the import's transaction). The import records the
   * term values it wrote, per field, with the function this returns, which puts the triggers back.
   */
  suspendTriggers(kind: RecordKind): (writtenTermValues: Readonly<Record<string, readonly string[]>>) => void {
    const triggers = UPKEEP_TRIGGERS[kind];
    for (const name of Object.keys(triggers)) this.sqlite.exec(`DROP TRIGGER IF EXISTS ${name}`);
    return (writtenTermValues) => {
      const record = this.sqlite.prepare('INSERT OR IGNORE INTO term_values (kind, field, value) VALUES (?, ?, ?)');
      for (const field of TERM_FIELDS[kind]) for (const value of writtenTermValues[field] ?? []) record.run(kind, field, value);
      for (const create of Object.values(triggers)) this.sqlite.exec(create);
    };
  }

  countRecords(kind: RecordKind): number {
    return (this.sqlite.prepare(`SELECT count(*) AS n FROM ${tableOf(kind)}`).get() as { n: number }).n;
  }

  /**
   * A prepared upsert for one import of an export taken at `snapshotAt`. Only the mapped fields are
   * written, so a file that lacks a column never blanks what an earlier export said, and the merge
   * follows the snapshots (docs/metrics.md, "One lead, one story"):
   * - a record stored from an older export (or the same one) takes the file's values, but an empty
   *   date never erases a known one;
   * - a record stored from a newer export keeps its values: the file only fills the dates it lacks
   *   (a stage date is history; other values of an older export are stale), and the row counts as
   *   `olderKept`.
   * A row whose values equal the stored ones is left untouched (SQLite reports no change), which is
   * how "unchanged" is counted; its snapshot still moves forward (`refreshSnapshots`).
   */
  recordWriter(kind: RecordKind, fields: readonly string[], batchId: number, snapshotAt: string): RecordWriter {
    const table = tableOf(kind);
    const known = new Set([...fieldsOf(kind).filter((f) => f.stored !== false).map((f) => f.name), DAY_DATES]);
    for (const field of fields) {
      if (!known.has(field)) throw new DatabaseError(`no column ${field} in ${table}`);
    }
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(snapshotAt)) throw new DatabaseError(`snapshot time ${snapshotAt} is not a stored instant`);
    const updatable = fields.filter((f) => f !== 'id');
    const dates = new Set(dateFieldsOf(kind));
    const stored = (f: string) => `${table}.${f}`;
    // Whether the file's snapshot is as new as the stored record's (a record from before snapshots were kept counts as older).
    const newer = `excluded.snapshot_at >= coalesce(${stored('snapshot_at')}, '')`;
    // Per field, whether the merged value is the file's. A newer file wins, but an empty date never erases a known one.
    // An older file only fills the dates the record lacks (a stage date is history); its other values are stale.
    const fromFile = (f: string) => (dates.has(f) ? `(excluded.${f} IS NOT NULL AND (${newer} OR ${stored(f)} IS NULL))` : newer);
    const merged = (f: string) => `CASE WHEN ${fromFile(f)} THEN excluded.${f} ELSE ${stored(f)} END`;
    const valueFields = updatable.filter((f) => f !== DAY_DATES);
    const mergedOf: Record<string, string> = Object.fromEntries(valueFields.map((f) => [f, merged(f)]));
    if (updatable.includes(DAY_DATES)) {
      // Each written date's bit comes from where its value came; the other dates keep theirs.
      const written = valueFields.filter((f) => dates.has(f));
      const mask = written.reduce((bits, f) => bits | dayBit(kind, f), 0);
      mergedOf[DAY_DATES] = [`(${stored(DAY_DATES)} & ${~mask})`, ...written.map((f) => `(CASE WHEN ${fromFile(f)} THEN excluded.${DAY_DATES} ELSE ${stored(DAY_DATES)} END & ${dayBit(kind, f)})`)].join(' | ');
    }
    const sets = updatable.map((f) => `${f} = ${mergedOf[f]}`);
    // In an upsert's SET, a column names the stored value and excluded.<column> the file's.
    const mergedExtra = `CASE WHEN ${newer} THEN json_patch(${stored('extra')}, excluded.extra) ELSE ${stored('extra')} END`;
    const columns = ['id', ...updatable];
    const different = updatable.length ? `(${updatable.map(stored).join(', ')}) IS NOT (${updatable.map((f) => mergedOf[f]).join(', ')}) OR ` : '';
    const upsertOf = (rows: number) =>
      this.sqlite.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}, extra, snapshot_at, first_batch_id, last_batch_id)
         VALUES ${Array.from({ length: rows }, () => `(${columns.map(() => '?').join(', ')}, ?, '${snapshotAt}', ${batchId}, ${batchId})`).join(', ')}
         ON CONFLICT (id) DO UPDATE SET ${[
           ...sets,
           `extra = ${mergedExtra}`,
           `snapshot_at = CASE WHEN ${newer} THEN excluded.snapshot_at ELSE ${stored('snapshot_at')} END`,
           `last_batch_id = CASE WHEN ${newer} THEN excluded.last_batch_id ELSE ${stored('last_batch_id')} END`,
         ].join(', ')}
         WHERE ${different}(${mergedExtra}) IS NOT ${stored('extra')}`,
      );
    // SQLite writes the rows of one statement in order: a record repeated within a statement updates the one before, as in two.
    const upsertMany = upsertOf(ROWS_PER_UPSERT);
    const upsertOne = upsertOf(1);
    // An unchanged record was not written, but it was seen in this export: its snapshot moves forward.
    const refreshOf = (rows: number) =>
      this.sqlite.prepare(`UPDATE ${table} SET snapshot_at = '${snapshotAt}' WHERE id IN (${Array.from({ length: rows }, () => '?').join(', ')}) AND snapshot_at < '${snapshotAt}'`);
    const refreshMany = refreshOf(ROWS_PER_UPSERT);
    const refreshOne = refreshOf(1);
    // Only when an import of a newer export exists can a stored record be newer than this file.
    const olderPossible = this.sqlite
      .prepare('SELECT 1 FROM import_batches WHERE kind = ? AND finished_at IS NOT NULL AND snapshot_at > ? LIMIT 1')
      .get(kind, snapshotAt) !== undefined;
    const storedNewer = this.sqlite.prepare(`SELECT 1 FROM ${table} WHERE id = ? AND snapshot_at > '${snapshotAt}'`);
    const order = ['id', ...updatable].map((f) => fields.indexOf(f));
    const perRecord = columns.length + 1;
    const params: unknown[] = new Array(perRecord * ROWS_PER_UPSERT);
    const ids: unknown[] = new Array(ROWS_PER_UPSERT);
    let held = 0;
    const writer: RecordWriter = {
      olderKept: 0,
      write(values, extraJson, offset = 0) {
        const at = held * perRecord;
        for (let i = 0; i < order.length; i++) params[at + i] = values[offset + order[i]!];
        params[at + columns.length] = extraJson;
        ids[held] = params[at];
        if (++held < ROWS_PER_UPSERT) return 0;
        held = 0;
        if (olderPossible) return writeOneByOne(ROWS_PER_UPSERT);
        const changes = upsertMany.run(params).changes;
        if (changes < ROWS_PER_UPSERT) refreshMany.run(ids);
        return changes;
      },
      flush() {
        const changes = writeOneByOne(held);
        held = 0;
        return changes;
      },
    };
    // One record at a time: rows of a newer stored record are told apart and counted as kept.
    const writeOneByOne = (count: number) => {
      let changes = 0;
      for (let record = 0; record < count; record++) {
        const row = params.slice(record * perRecord, (record + 1) * perRecord);
        const kept = olderPossible && storedNewer.get(row[0]) !== undefined;
        const changed = upsertOne.run(row).changes;
        if (kept) writer.olderKept++;
        else {
          changes += changed;
          if (changed === 0) refreshOne.run(row[0]);
        }
      }
      return changes;
    };
    return writer;
  }

  setBatchHash(batchId: number, sha256: string): void {
    this.sqlite.prepare('UPDATE import_batches SET file_sha256 = ? WHERE id = ?').run(sha256, batchId);
  }

  rejectRow(batchId: number, line: number, raw: string, reason: string): void {
    this.sqlite.prepare('INSERT OR REPLACE INTO rejected_rows (batch_id, line, raw, reason) VALUES (?, ?, ?, ?)').run(batchId, line, raw, reason);
  }

  /**
   * Resolves each deal's lead: by the lead id the export gives, else by email. Deals of this
   * batch are resolved afresh (their link columns may have changed); others only while unlinked.
   */
  linkDeals(batchId: number | null): void {
    this.sqlite
      .prepare(
        `UPDATE deals SET linked_lead_id = coalesce(
           (SELECT id FROM leads WHERE leads.id = deals.lead_id),
           (SELECT min(id) FROM leads WHERE leads.email = deals.lead_email))
         WHERE linked_lead_id IS NULL OR last_batch_id = ?`,
      )
      .run(batchId ?? -1);
  }

  countUnlinkedDeals(batchId: number): number {
    return (
      this.sqlite
        .prepare('SELECT count(*) AS n FROM deals WHERE linked_lead_id IS NULL AND (first_batch_id = @b OR last_batch_id = @b)')
        .get({ b: batchId }) as { n: number }
    ).n;
  }

  listBatches(): BatchRow[] {
    return (this.sqlite.prepare('SELECT * FROM import_batches ORDER BY id').all() as Record<string, unknown>[]).map(toBatchRow);
  }

  batch(batchId: number): BatchRow | undefined {
    const row = this.sqlite.prepare('SELECT * FROM import_batches WHERE id = ?').get(batchId) as Record<string, unknown> | undefined;
    return row ? toBatchRow(row) : undefined;
  }

  /** Rejected rows of one batch, or of the latest batch that has any when `batchId` is absent. */
  rejectedRows(batchId?: number): RejectedRow[] {
    const where = batchId === undefined
      ? 'r.batch_id = (SELECT max(batch_id) FROM rejected_rows)'
      : 'r.batch_id = @batchId';
    return this.sqlite
      .prepare(
        `SELECT r.batch_id AS batchId, b.file_name AS fileName, r.line, r.raw, r.reason
         FROM rejected_rows r JOIN import_batches b ON b.id = r.batch_id WHERE ${where} ORDER BY r.line`,
      )
      .all(batchId === undefined ? {} : { batchId }) as RejectedRow[];
  }

  /** Every value each term field holds or has held (the `term_values` table), in the order SQLite compares them. */
  termValues(): TermValues {
    const rows = this.sqlite.prepare('SELECT kind, field, value FROM term_values ORDER BY kind, field, value').all() as Array<{ kind: RecordKind; field: string; value: string }>;
    const values = (kind: RecordKind, fields: readonly string[]) => byField(fields, (field) => rows.filter((r) => r.kind === kind && r.field === field).map((r) => r.value));
    return { leads: values('leads', LEAD_TERM_FIELDS), deals: values('deals', DEAL_TERM_FIELDS) } as TermValues;
  }

  /**
   * `smk check`'s rules over every lead in one pass: each rule is a filtered aggregate. A rule
   * collects the ids it picks with SQLite's own `json_group_array`, tallied here afterwards: cheaper
   * than a JS aggregate called per picked row (docs/performance.md).
   */
  leadSurvey(request: LeadSurveyRequest): LeadSurvey {
    return this.snapshot(() => this.surveyLeads(request));
  }

  private surveyLeads(request: LeadSurveyRequest): LeadSurvey {
    const { noReason } = LEAD_RULES;
    const rejected = LEAD_RULES.rejected(request);
    const unread = unreadTallies(LEAD_TERM_FIELDS, request.unknown);
    const aggregates = {
      ...unread.aggregates,
      outOfOrder: `json_group_array(id) FILTER (WHERE ${LEAD_RULES.stageDatesOutOfOrder})`,
      future: `json_group_array(id) FILTER (WHERE ${LEAD_RULES.futureDates})`,
      withoutOwner: `json_group_array(id) FILTER (WHERE (owner IS NULL OR owner = '') AND ${LEAD_RULES.reachedMql(request)} AND NOT ${rejected})`,
      // One aggregate for both counts, the ids without a reason and nulls for the others: the
      // rejection condition is the costliest and SQLite would evaluate it twice.
      rejected: `json_group_array(CASE WHEN ${noReason} THEN id END) FILTER (WHERE ${rejected})`,
      ...(request.window ? { window: `json_group_array(rowid) FILTER (WHERE ${LEAD_RULES.window(request.window.dates, request.window.dealDated)})` } : {}),
    };
    const row = this.sqlite
      .prepare(`SELECT ${Object.entries(aggregates).map(([name, sql]) => `${sql} AS ${name}`).join(',\n')} FROM leads`)
      .get({
        ...unread.params,
        asOf: isoOfMillis(request.asOf),
        zone: request.zone,
        ...listParams({
          rejectedStages: request.rejectedStages, rejectedStatuses: request.rejectedStatuses,
          mqlStages: request.mql?.stages ?? null, mqlStatuses: request.mql?.statuses ?? null, stagedStages: request.mql?.stagedStages ?? null,
        }),
        blank: blankCharacters(),
        ...(request.window ? { from: isoOfMillis(request.window.from), to: isoOfMillis(request.window.to) } : {}),
      }) as Record<string, string>;
    const rejectedIds = JSON.parse(row.rejected!) as Array<string | null>;
    const survey: LeadSurvey = {
      unread: unread.tallies(row),
      stageDatesOutOfOrder: tallyOf(JSON.parse(row.outOfOrder!)),
      futureDates: tallyOf(JSON.parse(row.future!)),
      mqlsWithoutOwner: tallyOf(JSON.parse(row.withoutOwner!)),
      rejected: rejectedIds.length,
      rejectedWithoutReason: tallyOf(rejectedIds),
    };
    if (request.window) {
      // By rowid, from the pass above: a second scan of the table would cost as much as all the rules.
      const leads = leadsOfJson(this.leadsJson('rowid IN (SELECT value FROM json_each(@rowids))', { rowids: row.window }));
      survey.window = this.withRelated(leads, isoOfMillis(request.window.from), isoOfMillis(request.window.to));
    }
    return survey;
  }

  dealSurvey(request: DealSurveyRequest): DealSurvey {
    const unread = unreadTallies(DEAL_TERM_FIELDS, request.unknown);
    const aggregates = {
      ...unread.aggregates,
      ...Object.fromEntries(Object.entries(DEAL_RULES).map(([name, rule]) => [name, `json_group_array(id) FILTER (WHERE ${rule})`])),
    };
    const row = this.sqlite
      .prepare(`SELECT ${Object.entries(aggregates).map(([name, sql]) => `${sql} AS ${name}`).join(',\n')} FROM deals`)
      .get({
        ...unread.params,
        asOf: isoOfMillis(request.asOf),
        zone: request.zone,
      }) as Record<string, string>;
    const tally = (name: keyof typeof DEAL_RULES) => tallyOf(JSON.parse(row[name]!));
    return {
      unread: unread.tallies(row),
      futureDates: tally('futureDates'),
      closedBeforeCreated: tally('closedBeforeCreated'),
      wonWithoutAmount: tally('wonWithoutAmount'),
      withoutLead: tally('withoutLead'),
    };
  }

  /** Over the email index alone; the leads themselves are read only when there are duplicates. */
  duplicateEmails(): Tally & { emails: number } {
    // All three statements walk the email index (covering), never the table. `email > ''` is a range
    // of it that leaves out NULL and the empty string; equal counts of entries and distinct values
    // answer "no email repeats" with no grouping at all.
    const count = (what: string) => this.sqlite.prepare(`SELECT ${what} FROM leads WHERE email > ''`).pluck().get() as number;
    const total = count('count(*)');
    if (count('count(DISTINCT email)') === total) return { emails: 0, count: 0, examples: [] };
    const { emails, leads } = this.sqlite
      .prepare(`SELECT count(*) AS emails, sum(n) AS leads FROM (SELECT count(*) AS n FROM leads WHERE email > '' GROUP BY email HAVING n > 1)`)
      .get() as { emails: number; leads: number };
    // The five smallest ids among those leads. Where many leads share an email (CRMs that do not
    // deduplicate), walking the ids in order finds five within a few hundred; where few do, that walk
    // would read nearly every lead, and sorting the few instead is cheap: each way costs at most
    // about a hundred times the five examples' share of the leads.
    const examples = (
      leads * 100 >= total
        ? this.sqlite.prepare(
            `SELECT id FROM leads l WHERE +email > '' AND EXISTS (SELECT 1 FROM leads o WHERE o.email = l.email AND o.rowid != l.rowid) ORDER BY id LIMIT ${EXAMPLES}`,
          )
        : this.sqlite.prepare(
            `SELECT id FROM leads WHERE email IN (SELECT email FROM leads WHERE email > '' GROUP BY email HAVING count(*) > 1) ORDER BY id LIMIT ${EXAMPLES}`,
          )
    )
      .pluck()
      .all() as string[];
    return { emails, count: leads, examples };
  }

  /**
   * What a report of the window [from, to) needs: the leads with any date in it (or a stage
   * change seen in it), their stage changes, and the deals linked to them or created or
   * closed in it. Reports filter exactly; this only keeps a year of data out of memory.
   */
  reportData(from: string, to: string, dealDated: DealDatedColumns): WindowRead {
    return this.snapshot(() => ({ data: this.withRelated(leadsOfJson(this.leadsJson(windowLeads(dealDated), { from, to })), from, to), dataVersion: this.dataVersion() }));
  }

  /** The leads table's largest rowid (0 when empty): a report reads its window in two halves of it, one per thread. */
  maxLeadRowid(): number {
    return this.sqlite.prepare('SELECT coalesce(max(rowid), 0) FROM leads').pluck().get() as number;
  }

  /** The leads of `reportData`'s window whose rowid is in [first, last], as JSON text (see `leadsJson`), and the data version read. */
  windowLeadsJson(from: string, to: string, [first, last]: readonly [number, number], dealDated: DealDatedColumns): { json: string; dataVersion: number } {
    return this.snapshot(() => ({
      json: this.leadsJson(`rowid BETWEEN @first AND @last AND (${windowLeads(dealDated)})`, { from, to, first, last }),
      dataVersion: this.dataVersion(),
    }));
  }

  /** `reportData` from its leads read in parts by `windowLeadsJson` (in rowid order), and the data version of the rest. */
  reportDataOf(parts: readonly string[], from: string, to: string): WindowRead {
    return this.snapshot(() => ({ data: this.withRelated(parts.flatMap(leadsOfJson), from, to), dataVersion: this.dataVersion() }));
  }

  /**
   * The leads a condition picks, as one JSON array of LEAD_COLUMNS rows built by SQLite: faster than
   * rows, which better-sqlite3 builds value by value, and less on the heap for the garbage collector.
   */
  private leadsJson(condition: string, params: Record<string, unknown>): string {
    return this.sqlite.prepare(`SELECT json_group_array(json_array(${LEAD_COLUMNS})) FROM leads WHERE ${condition}`).pluck().get(params) as string;
  }

  /**
   * The stage changes of a window's leads, and the deals linked to them or created or closed in the
   * window: a lead's deals move it through the funnel (`leadFacts`), so every reader needs them.
   */
  private withRelated(leads: LeadRecord[], from: string, to: string): ReportData {
    const ids = JSON.stringify(leads.map((l) => l.id));
    const stageChanges = this.sqlite
      .prepare('SELECT lead_id, to_stage, observed_at FROM stage_changes WHERE lead_id IN (SELECT value FROM json_each(?)) ORDER BY lead_id, observed_at')
      .all(ids) as ReportData['stageChanges'];
    // By rowid, as a scan would give them: the linked ones through their index, the rest by a scan of the dates.
    const json = this.sqlite
      .prepare(
        `SELECT json_group_array(json_array(${DEAL_COLUMNS})) FROM deals WHERE rowid IN (
           SELECT d.rowid FROM json_each(@ids) j JOIN deals d ON d.linked_lead_id = j.value UNION ALL
           SELECT rowid FROM deals WHERE ${WINDOW_DEALS})`,
      )
      .pluck()
      .get({ ids, from, to }) as string;
    return { leads, deals: (JSON.parse(json) as unknown[][]).map(dealOf), stageChanges };
  }

  /** Per kind, the newest finished import of an export taken by the as-of, and the first taken after it. */
  latestExports(asOf: number): LatestExports {
    const at = isoOfMillis(asOf);
    const seen = (kind: RecordKind, where: string, order: string) =>
      (this.sqlite
        .prepare(`SELECT snapshot_at AS snapshotAt, finished_at AS importedAt FROM import_batches WHERE kind = ? AND finished_at IS NOT NULL AND ${where} ORDER BY ${order} LIMIT 1`)
        .get(kind, at) as ExportSeen | undefined) ?? null;
    const of = (kind: RecordKind) => ({ byAsOf: seen(kind, 'snapshot_at <= ?', 'snapshot_at DESC, id DESC'), after: seen(kind, 'snapshot_at > ?', 'snapshot_at, id') });
    return { leads: of('leads'), deals: of('deals') };
  }

  /** For tests and `smk` users alike: plain read access to a query's rows. */
  query<T = Record<string, unknown>>(sql: string, ...params: unknown[]): T[] {
    return this.sqlite.prepare(sql).all(...params) as T[];
  }

  integrityCheck(): string {
    return this.sqlite.pragma('integrity_check', { simple: true }) as string;
  }
}
