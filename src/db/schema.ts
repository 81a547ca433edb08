/**
 * The store's schema: its migrations (PRAGMA user_version), the secondary indexes, and the values
 * derived from a record that the schema keeps (a lead's `latest_at`, `term_values`), whose one
 * definition is here, as SQL for triggers and as JS for the import's writer.
 */
import BetterSqlite3 from 'better-sqlite3';
import { DAY_DATES, LEAD_FIELDS, TERM_FIELDS, type RecordKind } from '../domain/fields.ts';

type Sqlite = BetterSqlite3.Database;

/**
 * Secondary indexes, by table. An import into an empty table drops them and builds them once
 * at the end, which is several times faster than keeping them up to date row by row.
 */
export const SECONDARY_INDEXES: Record<RecordKind, Record<string, string>> = {
  leads: { leads_email: 'CREATE INDEX leads_email ON leads (email)' },
  deals: { deals_linked_lead_id: 'CREATE INDEX deals_linked_lead_id ON deals (linked_lead_id)' },
};

/**
 * Every date of a lead. `leads.latest_at` holds the latest of them, so that the scans of reports
 * and checks can pass over the many leads with nothing recent by one comparison instead of nine.
 * A new date field needs a migration that rebuilds the leads table with latest_at's expression over
 * it, as version 5 did (whose SQL is built from this list and LEAD_FIELDS: freeze them there then).
 */
const LEAD_DATES = LEAD_FIELDS.filter((f) => f.type === 'date').map((f) => f.name);

/**
 * `latest_at` of the lead whose dates `ref` names: the latest non-empty one, NULL when it has none.
 * SQLite's max() of several values is NULL when any is: '' stands in for a missing date, as every
 * stored date (ISO text) sorts after it.
 */
const latestOf = (ref: (date: string) => string) => `nullif(max(${LEAD_DATES.map((d) => `coalesce(${ref(d)}, '')`).join(', ')}), '')`;

/**
 * The triggers that keep `term_values` whatever statement writes a record, including edits by hand.
 * An import suspends them (`suspendTriggers`) and records the values it wrote itself, once: a
 * trigger on each of a million inserted rows would cost seconds. (A lead's `latest_at` needs none:
 * SQLite computes it, see `leadsTable`.)
 */
export const UPKEEP_TRIGGERS: Record<RecordKind, Record<string, string>> = {
  leads: termValueTriggers('leads'),
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

/** Schema version 3's way of keeping latest_at, until version 5 made it a generated column. */
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

/** The columns of the first leads table (schema version 1), which later versions extend. */
const LEAD_COLUMNS_V1 = `    id                TEXT PRIMARY KEY,     -- the source system's id; lowercase email when the export has none
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
    last_batch_id     INTEGER NOT NULL REFERENCES import_batches (id)`;

/**
 * A lead's stage changes, recorded whatever statement changes its stage (an import, a hand edit):
 * seen at the snapshot of the batch that made the change.
 */
const STAGE_CHANGED_TRIGGER = `CREATE TRIGGER leads_stage_changed AFTER UPDATE OF stage ON leads WHEN new.stage IS NOT old.stage
  BEGIN
    INSERT INTO stage_changes (lead_id, from_stage, to_stage, observed_at, batch_id)
    SELECT new.id, old.stage, new.stage, snapshot_at, id FROM import_batches WHERE id = new.last_batch_id;
  END`;

/** The leads table as schema version 5 makes it: `latest_at` computed by SQLite. */
const leadsTable = (name: string) => `CREATE TABLE ${name} (
${LEAD_COLUMNS_V1},  -- last_batch_id: the import that last changed it
    latest_at         TEXT GENERATED ALWAYS AS (${latestOf((d) => d)}) STORED,  -- the latest of its dates
    snapshot_at       TEXT,                 -- when the export its values come from was taken
    ${DAY_DATES}         INTEGER NOT NULL DEFAULT 0   -- which dates were written as a day (fields.ts)
  )`;

/** The columns of the leads table that are written (all but the generated `latest_at`). */
const LEAD_STORED_COLUMNS = [
  ...LEAD_FIELDS.map((f) => f.name), 'extra', 'first_batch_id', 'last_batch_id', 'snapshot_at', DAY_DATES,
];

/** Each entry migrates the schema from version `index` to `index + 1` (PRAGMA user_version). */
export const MIGRATIONS: readonly string[] = [
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
${LEAD_COLUMNS_V1}  -- last_batch_id: the import that last changed it
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
  ${STAGE_CHANGED_TRIGGER};
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
  `
  -- latest_at becomes a column SQLite computes from the dates whatever writes them (STORED, so that
  -- a scan reads it as cheaply as before), instead of triggers and the import keeping it. SQLite
  -- adds a stored generated column only to a new table: the leads move to one.
  ${leadsTable('leads_v5')};
  INSERT INTO leads_v5 (${LEAD_STORED_COLUMNS.join(', ')}) SELECT ${LEAD_STORED_COLUMNS.join(', ')} FROM leads;
  DROP TABLE leads;
  ALTER TABLE leads_v5 RENAME TO leads;
  ${SECONDARY_INDEXES.leads.leads_email};
  ${STAGE_CHANGED_TRIGGER};
  ${createTriggers(termValueTriggers('leads'))}
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

interface SchemaShape {
  tables: Map<string, string[]>;
  triggers: string[];
}

export function schemaOf(sqlite: Sqlite): SchemaShape {
  const columns = sqlite
    .prepare("SELECT m.name AS tbl, p.name AS col FROM sqlite_schema m JOIN pragma_table_xinfo(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%'")
    .raw()
    .all() as Array<[string, string]>;
  const tables = new Map<string, string[]>();
  for (const [table, column] of columns) tables.set(table, [...(tables.get(table) ?? []), column]);
  const triggers = sqlite.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger'").pluck().all() as string[];
  return { tables, triggers };
}

let expectedShape: SchemaShape | undefined;

/** The schema the migrations make, read off a new in-memory database once per process. */
export function expectedSchema(): SchemaShape {
  if (!expectedShape) {
    const sqlite = new BetterSqlite3(':memory:');
    for (const migration of MIGRATIONS) sqlite.exec(migration);
    expectedShape = schemaOf(sqlite);
    sqlite.close();
  }
  return expectedShape;
}

