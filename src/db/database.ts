/**
 * The one module that talks to SQLite: it owns the schema, its migrations and every SQL
 * statement. The schema is part of the interface (people open the file with `sqlite3` or
 * Datasette), so tables carry the canonical field names as columns and dates as ISO 8601 text.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SmkError } from '../errors.ts';
import { DAY_DATES, dateFieldsOf, dayBit, DEAL_TERM_FIELDS, fieldsOf, LEAD_FIELDS, LEAD_TERM_FIELDS, STAGE_DATES, TERM_FIELDS, type LeadRecord, type RecordKind, type StageDate } from '../domain/fields.ts';
import {
  byField, countId, EXAMPLES, tallyOf,
  type CheckData, type DealSurvey, type DealSurveyRequest, type LeadSurvey, type LeadSurveyRequest, type Tally,
  type TermValues, type ValueTally,
} from '../domain/check.ts';
import { isoOfMillis, timeZone, type TimeZone } from '../domain/dates.ts';
import { localDate } from '../domain/period.ts';
import type { DealDatedColumns, ReportData, ReportDeal } from '../domain/metrics/facts.ts';
import type { ExportSeen, LatestExports } from '../domain/freshness.ts';

type Sqlite = BetterSqlite3.Database;

/**
 * Secondary indexes, by table. An import into an empty table drops them and builds them once
 * at the end, which is several times faster than keeping them up to date row by row.
 */
const SECONDARY_INDEXES: Record<RecordKind, Record<string, string>> = {
  leads: { leads_email: 'CREATE INDEX leads_email ON leads (email)' },
  deals: { deals_linked_lead_id: 'CREATE INDEX deals_linked_lead_id ON deals (linked_lead_id)' },
};

/**
 * Every date of a lead. `leads.latest_at` holds the latest of them, so that the scans of reports
 * and checks can pass over the many leads with nothing recent by one comparison instead of nine.
 * A new date field needs a migration that recomputes latest_at.
 */
const LEAD_DATES = LEAD_FIELDS.filter((f) => f.type === 'date').map((f) => f.name);

/**
 * `latest_at` of the lead whose dates `ref` names: the latest non-empty one, NULL when it has none.
 * SQLite's max() of several values is NULL when any is: '' stands in for a missing date, as every
 * stored date (ISO text) sorts after it. `latestOfRow` computes the same in JS.
 */
const latestOf = (ref: (date: string) => string) => `nullif(max(${LEAD_DATES.map((d) => `coalesce(${ref(d)}, '')`).join(', ')}), '')`;

/**
 * The triggers that keep values derived from a record whatever statement writes it, including
 * edits by hand: `term_values` and a lead's `latest_at`. An import suspends them (`suspendTriggers`)
 * and keeps those values itself: a trigger on each of a million inserted rows would cost seconds.
 */
const UPKEEP_TRIGGERS: Record<RecordKind, Record<string, string>> = {
  leads: { ...termValueTriggers('leads'), ...latestAtTriggers() },
  deals: termValueTriggers('deals'),
};

function termValueTriggers(kind: RecordKind): Record<string, string> {
  const fields = TERM_FIELDS[kind];
  // Not INSERT OR IGNORE: the conflict policy of the statement that fires a trigger overrides its own.
  const record = fields
    .map((f) => `INSERT INTO term_values (kind, field, value) SELECT '${kind}', '${f}', new.${f} WHERE new.${f} IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM term_values WHERE kind = '${kind}' AND field = '${f}' AND value = new.${f});`)
    .join('\n    ');
  return {
    [`${kind}_term_values_inserted`]: `CREATE TRIGGER ${kind}_term_values_inserted AFTER INSERT ON ${kind} BEGIN ${record} END`,
    [`${kind}_term_values_updated`]: `CREATE TRIGGER ${kind}_term_values_updated AFTER UPDATE OF ${fields.join(', ')} ON ${kind} BEGIN ${record} END`,
  };
}

function latestAtTriggers(): Record<string, string> {
  // Also on an update of latest_at itself, which puts back a value written by hand. The guard
  // spares a write when nothing changes and ends the recursion should recursive triggers be on.
  const latest = latestOf((d) => `new.${d}`);
  const set = `UPDATE leads SET latest_at = ${latest} WHERE rowid = new.rowid AND latest_at IS NOT ${latest};`;
  return {
    leads_latest_at_inserted: `CREATE TRIGGER leads_latest_at_inserted AFTER INSERT ON leads BEGIN ${set} END`,
    leads_latest_at_updated: `CREATE TRIGGER leads_latest_at_updated AFTER UPDATE OF ${[...LEAD_DATES, 'latest_at'].join(', ')} ON leads BEGIN ${set} END`,
  };
}

/** The triggers of one migration, as its SQL. */
const createTriggers = (triggers: Record<string, string>) => Object.values(triggers).map((create) => `${create};`).join('\n  ');

/** The columns of the records checks and reports read: `leadOf` and `dealOf` list them, in order. */
const LEAD_COLUMNS = Object.keys(leadOf([])).join(', ');
const DEAL_COLUMNS = Object.keys(dealOf([])).join(', ');

/**
 * The leads with one of these dates in [@from, @to), or a stage change seen in it. A lead with a
 * date in the window has its latest date on or after @from: that one test passes over most leads
 * instead of one per date (docs/performance.md). A stage change is seen at an import, not at a lead's date.
 * Never called without dates: the check's window always has mql_at (`passedMqlDates`).
 */
const inWindow = (dates: readonly string[], dealDated: DealDatedColumns) =>
  `(latest_at >= @from AND (${dates.map((c) => `(${c} >= @from AND ${c} < @to)`).join(' OR ')}))
   OR id IN (SELECT lead_id FROM stage_changes WHERE observed_at >= @from AND observed_at < @to)
   ${windowDealLeads(dealDated)}`;

/**
 * The leads whose deals, opened or won in [@from, @to), date one of their stages in it: where the
 * lead has no date of its own for the stage (`DealDatedColumns`). Each such lead's rowid is found
 * through the id index alone (covering), so the scan tests an integer per lead rather than a text id
 * (docs/performance.md).
 */
function windowDealLeads(dealDated: DealDatedColumns): string {
  const leadsOf = (deals: string) => `rowid IN (SELECT l.rowid FROM deals d CROSS JOIN leads l ON l.id = +d.linked_lead_id WHERE ${deals})`;
  const dated = (column: string | null | undefined, deals: string) =>
    column === undefined ? '' : `OR (${column === null ? '' : `${column} IS NULL AND `}${leadsOf(deals)})`;
  return [
    dated(dealDated.opened, 'd.created_at >= @from AND d.created_at < @to'),
    dated(dealDated.won, `d.status = 'won' AND coalesce(d.closed_at, d.created_at) >= @from AND coalesce(d.closed_at, d.created_at) < @to`),
  ].join(' ');
}

/**
 * The leads a report of [@from, @to) reads: any date in it (a lead without created_at is created
 * at its earliest date, which may be its first touch), a stage change seen in it, or a deal of
 * theirs that dates a stage in it (`windowDealLeads`).
 */
const windowLeads = (dealDated: DealDatedColumns) => inWindow(['created_at', ...STAGE_DATES, 'first_touch_at', 'rejected_at'], dealDated);

/** The deals opened or closed in [@from, @to). */
const WINDOW_DEALS = '(created_at >= @from AND created_at < @to) OR (closed_at >= @from AND closed_at < @to)';

/**
 * Whether `column`, written as a day, falls on the same local day as `other` (an instant after its
 * midnight): then it is not before it. Only asked of the few rows whose dates look inverted.
 */
const sameDayAsDay = (kind: RecordKind, column: string, other: string) =>
  `((${DAY_DATES} & ${dayBit(kind, column)}) != 0 AND smk_local_date(${column}, @zone) = smk_local_date(${other}, @zone))`;

/**
 * The conditions of `smk check`'s rules on one row. Dates compare as text: the importer writes
 * them as UTC `YYYY-MM-DDTHH:MM:SSZ` or NULL (never ''), and such strings sort as the instants do.
 * The as-of and window bounds are written the same way (`isoOfMillis`), so `date > @asOf` holds
 * exactly when the instant is later. A condition under a NOT must be two-valued: `x IN (…)` is
 * NULL for a NULL x, hence the guards.
 */
const LEAD_RULES = {
  // Each date against the nearest earlier non-empty one: the first inversion in a run of dates is
  // always one with its predecessor, so this finds every lead with a date before an earlier stage's.
  // The guard skips the coalesce for the dates a lead has not reached, most of them.
  // A date written as a day (its local midnight) is not before an instant of the same local day.
  stageDatesOutOfOrder: STAGE_DATES.slice(1)
    .map((column, i) => {
      const earlier = i === 0 ? STAGE_DATES[0] : `coalesce(${STAGE_DATES.slice(0, i + 1).reverse().join(', ')})`;
      return `(${column} IS NOT NULL AND ${column} < ${earlier} AND NOT ${sameDayAsDay('leads', column, earlier)})`;
    })
    .join(' OR '),
  // A date after as-of is one exactly when the latest is: one comparison instead of nine.
  futureDates: 'latest_at > @asOf',
  // As `leadFacts` reads a lead (rejected, reached MQL): tested against it in check-survey.test.ts.
  rejected: ({ rejectedStages, rejectedStatuses }: LeadSurveyRequest) =>
    `((rejected_at IS NOT NULL AND rejected_at <= @asOf) OR ${inList('stage', rejectedStages, 'rejectedStages')} OR ${inList('status', rejectedStatuses, 'rejectedStatuses')})`,
  reachedMql: ({ mql }: LeadSurveyRequest) => {
    if (!mql) return '0';
    const dates = STAGE_DATES.filter((d) => mql.dates.includes(d)).map((c) => `(${c} IS NOT NULL AND ${c} <= @asOf)`);
    return `(${[
      ...dates,
      inList('stage', mql.stages, 'mqlStages'),
      `(${inList('status', mql.statuses, 'mqlStatuses')} AND NOT ${inList('stage', mql.stagedStages, 'stagedStages')})`,
      mql.stages.length ? `id IN (SELECT lead_id FROM stage_changes WHERE observed_at <= @asOf AND ${inList('to_stage', mql.stages, 'mqlStages')})` : '0',
      mql.byDeals ? `EXISTS (SELECT 1 FROM deals WHERE linked_lead_id = leads.id AND (created_at IS NULL OR created_at <= @asOf))` : '0',
    ].join(' OR ')})`;
  },
  noReason: `(rejection_reason IS NULL OR trim(rejection_reason, @blank) = '')`,
  // The column names come from the caller: only stage dates get into the SQL.
  window: (dates: readonly StageDate[], dealDated: DealDatedColumns) => inWindow(STAGE_DATES.filter((d) => dates.includes(d)), dealDated),
};

const DEAL_RULES = {
  // An open deal's close date is the expected one: only created dates and closed deals count.
  futureDates: `created_at > @asOf OR (status IS NOT 'open' AND closed_at > @asOf)`,
  // A close date written as a day (Salesforce CloseDate) on the day of the creation is not before it.
  closedBeforeCreated: `status IS NOT 'open' AND closed_at < created_at AND NOT ${sameDayAsDay('deals', 'closed_at', 'created_at')}`,
  wonWithoutAmount: `status = 'won' AND (amount IS NULL OR amount = 0)`,
  withoutLead: 'linked_lead_id IS NULL',
};

/**
 * A list longer than this is bound as one JSON array and each row looked up in it; a shorter one is
 * tested value by value, which is cheaper up to about four values (docs/performance.md). Most lists
 * here hold one or two values.
 */
const LONGEST_LIST_TESTED_BY_VALUE = 4;

/** How a non-empty list named `param` is bound, and the test of a field against it: the one place that chooses between the two forms. */
function listBinding(list: readonly string[], param: string): { test: (field: string) => string; params: Array<[string, string]> } {
  if (list.length > LONGEST_LIST_TESTED_BY_VALUE) {
    return { test: (field) => `${field} IN (SELECT value FROM json_each(@${param}))`, params: [[param, JSON.stringify(list)]] };
  }
  return { test: (field) => list.map((_, i) => `${field} = @${param}_${i}`).join(' OR '), params: list.map((value, i) => [`${param}_${i}`, value]) };
}

/**
 * Whether a field's value is in a list bound under `param` (`listParams` binds it), two-valued
 * (false for NULL). An empty list is no test at all: the lists are of values the store holds, and
 * for most rules and most databases they are empty.
 */
function inList(field: string, list: readonly string[] | null, param: string): string {
  return list?.length ? `(${field} IS NOT NULL AND (${listBinding(list, param).test(field)}))` : '0';
}

/** The parameters of `inList`'s non-empty lists. */
function listParams(lists: Record<string, readonly string[] | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(lists).flatMap(([param, list]) => (list?.length ? listBinding(list, param).params : [])));
}

/**
 * The records holding one of the request's unknown values of a term field, tallied per value, as
 * aggregates named `unread_<field>`, and their parameters. A field with no unknown value costs nothing.
 */
function unreadTallies<F extends string>(fields: readonly F[], unknown: Record<F, readonly string[]>) {
  const aggregates: Record<string, string> = {};
  const lists: Record<string, readonly string[]> = {};
  for (const field of fields) {
    if (unknown[field].length === 0) continue;
    lists[`unknown_${field}`] = unknown[field];
    aggregates[`unread_${field}`] = `smk_tally_by_value(${field}, id) FILTER (WHERE ${inList(field, unknown[field], `unknown_${field}`)})`;
  }
  const tallies = (row: Record<string, string>) => byField(fields, (field) => (row[`unread_${field}`] ? (JSON.parse(row[`unread_${field}`]!) as ValueTally[]) : []));
  return { aggregates, params: listParams(lists), tallies };
}

let jsWhitespace: string | undefined;
/** Every character String.prototype.trim() removes, so that SQLite's trim() blanks what `smk check` calls blank. */
const blankCharacters = () =>
  (jsWhitespace ??= Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code)).filter((c) => c.trim() === '').join(''));


/** Each entry migrates the schema from version `index` to `index + 1` (PRAGMA user_version). */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE import_batches (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL CHECK (kind IN ('leads', 'deals')),
    file_name     TEXT NOT NULL,
    file_size     INTEGER,
    file_sha256   TEXT,
    profile       TEXT NOT NULL,
    mapping       TEXT NOT NULL,            -- JSON: the resolved field → column mapping and options
    encoding      TEXT NOT NULL,
    delimiter     TEXT NOT NULL,
    snapshot_at   TEXT NOT NULL,            -- when the export was taken; stage changes are observed at it
    started_at    TEXT NOT NULL,
    finished_at   TEXT,
    rows_read     INTEGER NOT NULL DEFAULT 0,
    inserted      INTEGER NOT NULL DEFAULT 0,
    updated       INTEGER NOT NULL DEFAULT 0,
    unchanged     INTEGER NOT NULL DEFAULT 0,
    rejected      INTEGER NOT NULL DEFAULT 0,
    unlinked      INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX import_batches_sha256 ON import_batches (file_sha256);

  CREATE TABLE leads (
    id                TEXT PRIMARY KEY,     -- the source system's id; lowercase email when the export has none
    email             TEXT,
    first_name        TEXT,
    last_name         TEXT,
    company           TEXT,
    source            TEXT,
    campaign          TEXT,
    owner             TEXT,
    score             REAL,
    segment           TEXT,
    country           TEXT,
    stage             TEXT,
    status            TEXT,
    created_at        TEXT,
    lead_at           TEXT,
    mql_at            TEXT,
    sal_at            TEXT,
    sql_at            TEXT,
    opportunity_at    TEXT,
    customer_at       TEXT,
    first_touch_at    TEXT,
    rejected_at       TEXT,
    rejection_reason  TEXT,
    extra             TEXT NOT NULL DEFAULT '{}',   -- JSON: every export column no field is mapped to
    first_batch_id    INTEGER NOT NULL REFERENCES import_batches (id),
    last_batch_id     INTEGER NOT NULL REFERENCES import_batches (id)  -- the import that last changed it
  );
  ${SECONDARY_INDEXES.leads.leads_email};

  CREATE TABLE deals (
    id                TEXT PRIMARY KEY,
    lead_id           TEXT,                 -- the lead id as the export gives it
    lead_email        TEXT,                 -- or the lead's email
    linked_lead_id    TEXT,                 -- leads.id it resolved to; NULL while the lead is unknown
    name              TEXT,
    amount            REAL,
    currency          TEXT,
    pipeline          TEXT,
    stage             TEXT,
    status            TEXT,                 -- open | won | lost
    created_at        TEXT,
    closed_at         TEXT,
    lost_reason       TEXT,
    owner             TEXT,
    source            TEXT,
    extra             TEXT NOT NULL DEFAULT '{}',
    first_batch_id    INTEGER NOT NULL REFERENCES import_batches (id),
    last_batch_id     INTEGER NOT NULL REFERENCES import_batches (id)
  );
  ${SECONDARY_INDEXES.deals.deals_linked_lead_id};

  CREATE TABLE rejected_rows (
    batch_id  INTEGER NOT NULL REFERENCES import_batches (id),
    line      INTEGER NOT NULL,
    raw       TEXT NOT NULL,
    reason    TEXT NOT NULL,
    PRIMARY KEY (batch_id, line)
  ) WITHOUT ROWID;

  CREATE TABLE stage_changes (
    id           INTEGER PRIMARY KEY,
    lead_id      TEXT NOT NULL,
    from_stage   TEXT,
    to_stage     TEXT,
    observed_at  TEXT NOT NULL,
    batch_id     INTEGER NOT NULL REFERENCES import_batches (id)
  );
  CREATE INDEX stage_changes_lead ON stage_changes (lead_id, observed_at);

  -- Stage history is a fact of each import: written by the database itself, so no code
  -- path that changes a lead can forget it. A lead's first stage needs no row: it is the
  -- from_stage of its earliest change, or its current stage, seen at its first batch.
  CREATE TRIGGER leads_stage_changed AFTER UPDATE OF stage ON leads WHEN new.stage IS NOT old.stage
  BEGIN
    INSERT INTO stage_changes (lead_id, from_stage, to_stage, observed_at, batch_id)
    SELECT new.id, old.stage, new.stage, snapshot_at, id FROM import_batches WHERE id = new.last_batch_id;
  END;
  `,
  `
  -- Every raw value a term field holds or has held (a superset: a value no record holds any more
  -- stays). \`smk check\` reads it to know which values to look for, instead of testing each
  -- record against every value the glossary knows.
  CREATE TABLE term_values (
    kind   TEXT NOT NULL CHECK (kind IN ('leads', 'deals')),
    field  TEXT NOT NULL,
    value  TEXT NOT NULL,
    PRIMARY KEY (kind, field, value)
  ) WITHOUT ROWID;
  INSERT INTO term_values (kind, field, value)
    ${Object.entries(TERM_FIELDS).flatMap(([kind, fields]) => fields.map((f) => `SELECT '${kind}', '${f}', ${f} FROM ${kind} WHERE ${f} IS NOT NULL`)).join('\n    UNION ')};
  ${createTriggers(termValueTriggers('leads'))}
  ${createTriggers(termValueTriggers('deals'))}
  `,
  `
  -- The latest of a lead's dates (see LEAD_DATES), kept by triggers and by the import.
  ALTER TABLE leads ADD COLUMN latest_at TEXT;
  UPDATE leads SET latest_at = ${latestOf((d) => d)};
  ${createTriggers(latestAtTriggers())}
  `,
  `
  -- When the export a record's values come from was taken: an older export never overwrites them.
  -- Records stored before this column take their last import's snapshot.
  ALTER TABLE leads ADD COLUMN snapshot_at TEXT;
  UPDATE leads SET snapshot_at = (SELECT snapshot_at FROM import_batches WHERE id = leads.last_batch_id);
  ALTER TABLE deals ADD COLUMN snapshot_at TEXT;
  UPDATE deals SET snapshot_at = (SELECT snapshot_at FROM import_batches WHERE id = deals.last_batch_id);
  -- Which dates were written as a day without a time (see DAY_DATES in fields.ts). Unknown for the
  -- records stored before: 0, every date an instant, as they were read then.
  ALTER TABLE leads ADD COLUMN ${DAY_DATES} INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE deals ADD COLUMN ${DAY_DATES} INTEGER NOT NULL DEFAULT 0;
  -- Rows of an import whose record came from a newer export, and kept its values.
  ALTER TABLE import_batches ADD COLUMN older_kept INTEGER NOT NULL DEFAULT 0;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Long enough for a nightly import of a large file to finish while a report waits. */
const BUSY_TIMEOUT_MS = 120_000;
/** 16 MB per connection: an import is as fast as with more, and peaks lower (docs/performance.md). */
const PAGE_CACHE = 'cache_size = -16384';
/**
 * Records per upsert statement in an import (`recordWriter`). Within an import's transaction SQLite
 * keeps, for each statement, a copy of every page the statement changes, to undo that statement
 * alone (the leads' stage-change trigger makes it ask for one): 32 rows share those copies, which
 * with 16 KB pages makes the import faster than one row a statement (docs/performance.md). About 900
 * parameters a statement, well under SQLite's limit of 32,766.
 */
const ROWS_PER_UPSERT = 32;
/** The page size of a new database: see `Database.open`. */
export const PAGE_SIZE = 16384;

export interface BatchStart {
  kind: RecordKind;
  fileName: string;
  fileSize: number | null;
  fileSha256: string | null;
  profile: string;
  mapping: unknown;
  encoding: string;
  delimiter: string;
  snapshotAt: string;
  startedAt: string;
}

export interface BatchCounts {
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  unlinked: number;
  /** Rows whose record was stored from a newer export: its values were kept. */
  olderKept: number;
}

export interface BatchRow extends BatchCounts {
  id: number;
  kind: RecordKind;
  fileName: string;
  fileSize: number | null;
  fileSha256: string | null;
  profile: string;
  encoding: string;
  delimiter: string;
  snapshotAt: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface RejectedRow {
  batchId: number;
  fileName: string;
  line: number;
  raw: string;
  reason: string;
}

/**
 * Writes the records of an import, one per `write` call, its values in the order of the `fields`
 * given to `recordWriter`. Records go to the database ROWS_PER_UPSERT at a time; `flush` writes the rest.
 */
export interface RecordWriter {
  /**
   * Takes the record whose values start at `values[offset]` (a batch holds many records in one
   * array). Returns how many records this call wrote that were inserted or changed (not already
   * stored as is, and not kept from a newer export): 0 while it only holds the record for the next statement.
   */
  write(values: readonly unknown[], extraJson: string, offset?: number): number;
  /** Writes the records held back; like `write`, returns how many were inserted or changed. */
  flush(): number;
  /** Rows written so far whose record was stored from a newer export: its values were kept. */
  olderKept: number;
}

/** The database cannot be opened, read or written, or is not one smk can use. */
export class DatabaseError extends SmkError {}

/** A report window's records (`Database.reportData`) and the data version they were read at. */
export interface WindowRead {
  data: ReportData;
  dataVersion: number;
}

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
   * Suspends the table's upkeep triggers (inside the import's transaction). The import's
   * `recordWriter` keeps each lead's latest_at; the import records the term values it wrote, per
   * field, with the function this returns, which puts the triggers back.
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
   * how "unchanged" is counted; its snapshot still moves forward (`refreshSnapshots`). A lead's
   * latest_at is computed here (the import suspends its triggers): in JS for a new lead, from the
   * merged dates in SQL for a stored one.
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
    const latest = kind === 'leads' ? { dates: LEAD_DATES.filter((d) => fields.includes(d)).map((d) => fields.indexOf(d)) } : undefined;
    // In an upsert's SET, a column names the stored value and excluded.<column> the file's.
    if (latest) sets.push(`latest_at = ${latestOf((d) => (fields.includes(d) ? `(${mergedOf[d]})` : stored(d)))}`);
    const mergedExtra = `CASE WHEN ${newer} THEN json_patch(${stored('extra')}, excluded.extra) ELSE ${stored('extra')} END`;
    const columns = ['id', ...updatable, ...(latest ? ['latest_at'] : [])];
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
        if (latest) params[at + order.length] = latestOfRow(values, offset, latest.dates);
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

interface SchemaShape {
  tables: Map<string, string[]>;
  triggers: string[];
}

function schemaOf(sqlite: Sqlite): SchemaShape {
  const columns = sqlite
    .prepare("SELECT m.name AS tbl, p.name AS col FROM sqlite_schema m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%'")
    .raw()
    .all() as Array<[string, string]>;
  const tables = new Map<string, string[]>();
  for (const [table, column] of columns) tables.set(table, [...(tables.get(table) ?? []), column]);
  const triggers = sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'").pluck().all() as string[];
  return { tables, triggers };
}

let expectedShape: SchemaShape | undefined;

/** The schema the migrations make, read off a new in-memory database once per process. */
function expectedSchema(): SchemaShape {
  if (!expectedShape) {
    const sqlite = new BetterSqlite3(':memory:');
    for (const migration of MIGRATIONS) sqlite.exec(migration);
    expectedShape = schemaOf(sqlite);
    sqlite.close();
  }
  return expectedShape;
}

/**
 * The sentence for a failure of SQLite or of the file system on the database, or undefined for any
 * other error (a bug). Every database error a user or the machine can cause ends here.
 */
export function databaseErrorOf(error: unknown, filePath: string): DatabaseError | undefined {
  if (error instanceof DatabaseError) return error;
  const code = String((error as { code?: unknown })?.code ?? '');
  if (!(error instanceof BetterSqlite3.SqliteError) && !/^E[A-Z]+$/.test(code)) return undefined;
  const detail = `${(error as Error).message}`;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return new DatabaseError(`${filePath}: the disk is full (${detail}); free some space and run again. Nothing was written: the database is as it was`);
  }
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_LOCKED')) {
    return new DatabaseError(`${filePath}: the database is busy: another program holds it (waited ${BUSY_TIMEOUT_MS / 1000} s); run again when it is done`);
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_PERM') {
    return new DatabaseError(`${filePath}: cannot write the database: the file or its folder is read-only or not yours (${detail})`);
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new DatabaseError(`${filePath}: not a database smk can read: the file is not SQLite, or it is damaged (${detail})`);
  }
  if (code.startsWith('SQLITE_CANTOPEN')) return new DatabaseError(`${filePath}: cannot open the database (${detail})`);
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return new DatabaseError(`${filePath}: the disk failed to read or write the database (${code}: ${detail})`);
  if (code.startsWith('SQLITE_ERROR') && /^no such (table|column)/.test(detail)) {
    return new DatabaseError(`${filePath}: ${detail}: the database was changed outside smk. Restore it from a backup, or import your exports into a new database (--db new.db)`);
  }
  return undefined;
}

/** Whether this process may write the database file and create files beside it (its -wal and -shm). */
function canWrite(filePath: string): boolean {
  try {
    fs.accessSync(filePath, fs.constants.W_OK);
    fs.accessSync(path.dirname(path.resolve(filePath)), fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** `databaseErrorOf` for SQLite's own errors only: a file system error elsewhere (an input, an output) is not the database's. */
export function sqliteErrorOf(error: unknown, filePath: string): DatabaseError | undefined {
  return error instanceof BetterSqlite3.SqliteError ? databaseErrorOf(error, filePath) : undefined;
}

/** A database file this open created and could not finish: removed with its journal files. */
function removeDatabaseFiles(filePath: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(filePath + suffix, { force: true });
}

/**
 * A WAL database in a folder where SQLite cannot create its `-shm` file (a read-only mount or
 * folder) cannot be opened read-only by path: such a database is read from a copy in memory, marked
 * as a rollback-journal database (header bytes 18-19), which SQLite can open from a buffer. Only when
 * no `-wal` file holds changes the copy would miss, and for files up to 2 GB.
 */
function readOnlyCopy(filePath: string): Sqlite | undefined {
  if (fs.existsSync(`${filePath}-wal`)) return undefined;
  let size: number;
  try {
    size = fs.statSync(filePath).size;
  } catch {
    return undefined;
  }
  if (size > 2 ** 31) return undefined;
  const image = fs.readFileSync(filePath);
  if (image.length >= 20 && image[18] === 2 && image[19] === 2) {
    image[18] = 1;
    image[19] = 1;
  }
  const sqlite = new BetterSqlite3(image, { readonly: true });
  sqlite.pragma(PAGE_CACHE);
  return sqlite;
}

/**
 * A row of LEAD_COLUMNS as a record; its keys, in order, are LEAD_COLUMNS. An object literal gets one fixed
 * shape; filling an object key by key in a loop leaves V8 a dictionary, several times larger and
 * slower. Row arrays made into objects in JS are also faster than the row objects better-sqlite3
 * builds field by field in C++ (docs/performance.md).
 */
function leadOf(row: unknown[]): LeadRecord {
  return {
    id: row[0],
    email: row[1],
    first_name: row[2],
    last_name: row[3],
    company: row[4],
    source: row[5],
    campaign: row[6],
    owner: row[7],
    score: row[8],
    segment: row[9],
    country: row[10],
    stage: row[11],
    status: row[12],
    created_at: row[13],
    lead_at: row[14],
    mql_at: row[15],
    sal_at: row[16],
    sql_at: row[17],
    opportunity_at: row[18],
    customer_at: row[19],
    first_touch_at: row[20],
    rejected_at: row[21],
    rejection_reason: row[22],
  } satisfies Record<keyof LeadRecord, unknown> as LeadRecord;
}

/**
 * `latestOf` in JS, over the dates at these indexes of a row: the latest non-empty text, or null.
 * Dates are ISO text in UTC, which sorts the same as code units and as SQLite's bytes.
 */
function latestOfRow(values: readonly unknown[], offset: number, dateIndexes: readonly number[]): string | null {
  let latest = '';
  for (const index of dateIndexes) {
    const date = values[offset + index];
    if (typeof date === 'string' && date > latest) latest = date;
  }
  return latest === '' ? null : latest;
}

/** The leads of `Database.leadsJson`'s text. */
function leadsOfJson(json: string): LeadRecord[] {
  return (JSON.parse(json) as unknown[][]).map(leadOf);
}

/** A row of DEAL_COLUMNS as a report's deal, made as `leadOf` makes a lead. */
function dealOf(row: unknown[]): ReportDeal {
  return {
    id: row[0],
    linked_lead_id: row[1],
    stage: row[2],
    status: row[3],
    amount: row[4],
    created_at: row[5],
    closed_at: row[6],
    lost_reason: row[7],
    currency: row[8],
  } satisfies Record<keyof ReportDeal, unknown> as ReportDeal;
}

/**
 * `smk_tally_by_value(value, id)`, the aggregate of the unread-value rules: per value, how many
 * rows and the five smallest ids (see `tallyOf`), as JSON. Called only for rows whose value the
 * glossary does not know, which are few.
 */
function registerTallies(sqlite: Sqlite): void {
  const byValue = (tallies: Map<string, Tally>, value: unknown, id: unknown) => {
    const key = String(value);
    let tally = tallies.get(key);
    if (!tally) tallies.set(key, (tally = { count: 0, examples: [] }));
    countId(tally, String(id));
  };
  // better-sqlite3 takes the number of SQL arguments from the step function's; its types allow one.
  sqlite.aggregate('smk_tally_by_value', {
    start: () => new Map<string, Tally>(),
    step: byValue as (tallies: Map<string, Tally>, value: unknown) => void,
    result: (tallies: Map<string, Tally>) => JSON.stringify([...tallies].map(([value, tally]): ValueTally => ({ value, ...tally }))),
  });
}

/**
 * `smk_local_date(instant, zone)`: the local date (YYYY-MM-DD) of a stored instant in an IANA zone,
 * for the rules that compare a day with an instant. Deterministic; asked of few rows.
 */
function registerLocalDate(sqlite: Sqlite): void {
  const zones = new Map<string, TimeZone>();
  sqlite.function('smk_local_date', { deterministic: true }, (iso: unknown, zoneName: unknown) => {
    if (typeof iso !== 'string' || typeof zoneName !== 'string') return null;
    let zone = zones.get(zoneName);
    if (!zone) zones.set(zoneName, (zone = timeZone(zoneName)));
    const { year, month, day } = localDate(Date.parse(iso), zone);
    return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  });
}

function tableOf(kind: RecordKind): 'leads' | 'deals' {
  return kind;
}

function toBatchRow(row: Record<string, unknown>): BatchRow {
  return {
    id: row.id as number,
    kind: row.kind as RecordKind,
    fileName: row.file_name as string,
    fileSize: row.file_size as number | null,
    fileSha256: row.file_sha256 as string | null,
    profile: row.profile as string,
    encoding: row.encoding as string,
    delimiter: row.delimiter as string,
    snapshotAt: row.snapshot_at as string,
    startedAt: row.started_at as string,
    finishedAt: row.finished_at as string | null,
    rowsRead: row.rows_read as number,
    inserted: row.inserted as number,
    updated: row.updated as number,
    unchanged: row.unchanged as number,
    rejected: row.rejected as number,
    unlinked: row.unlinked as number,
    olderKept: (row.older_kept as number | undefined) ?? 0,
  };
}

/** The database holds personal data: create it readable by its owner only. */
function createPrivateFile(filePath: string): boolean {
  // existsSync follows links: a dangling link at the path is created through, 0600 like any new database.
  if (fs.existsSync(filePath)) return false;
  const dir = path.dirname(path.resolve(filePath));
  if (!fs.existsSync(dir)) throw new DatabaseError(`${filePath}: the folder ${dir} does not exist`);
  try {
    const fd = fs.openSync(filePath, fs.constants.O_CREAT | fs.constants.O_WRONLY, 0o600);
    try {
      fs.fchmodSync(fd, 0o600);
    } finally {
      fs.closeSync(fd);
    }
    return true;
  } catch (error) {
    throw databaseErrorOf(error, filePath) ?? new DatabaseError(`${filePath}: cannot create the database: ${(error as Error).message}`);
  }
}
