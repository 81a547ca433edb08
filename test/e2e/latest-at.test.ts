/**
 * `leads.latest_at`: the latest of a lead's nine dates (created_at, the six stage dates,
 * first_touch_at, rejected_at). Reports read only leads whose latest date is on or after their
 * window's start (plus those with a stage change seen in it), and `smk check`'s future-date rule
 * reads only latest_at. A stale value would silently drop a lead from a report, so every way of
 * writing a lead is tested here: an import's insert and its update of stored leads, a statement
 * typed by hand, a failed import, and the migrations that add the column (version 3) and make it
 * one SQLite computes (version 5, GENERATED ALWAYS … STORED).
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/db/database.ts';
import { LEAD_FIELDS } from '../../src/domain/fields.ts';
import { downgradeSchema, fixture, query, smk, tempDir, type Run } from '../helpers.ts';
import { smkHere } from '../in-process.ts';

const DATES = LEAD_FIELDS.filter((f) => f.type === 'date').map((f) => f.name);
const CONFIG = ['--glossary', fixture('check', 'glossary.yaml'), '--sla', fixture('check', 'sla.yaml')];
const W47 = ['--week', '2026-W47', '--as-of', '2026-11-23', '--format', 'json'];

/**
 * fixtures/check/leads.csv's latest dates, by hand from its created_at, mql_at, sal_at, sql_at,
 * first_touch_at and rejected_at columns (the other dates are not in the file).
 */
const FIXTURE_LATEST: Record<string, string> = {
  C01: '2026-11-16T11:00:00Z', // SAL, after created 08:00, MQL 09:00 and the first touch 10:00
  C02: '2026-11-18T09:00:00Z', // SQL, after the first touch 11-17 13:00
  C03: '2026-11-20T16:30:00Z', // MQL
  C04: '2026-11-18T09:00:00Z', // MQL
  C05: '2026-11-19T11:00:00Z', // rejected, after the first touch 09:00
  C06: '2026-11-17T10:00:00Z', // created, its only date
  C07: '2026-11-02T10:00:00Z', // created
  C08: '2026-12-01T10:00:00Z', // created, after its MQL 11-10 and SQL 11-05
  C09: '2026-11-04T10:00:00Z', // rejected
  C10: '2026-11-05T10:00:00Z', // created
};

const latestAt = (db: string) => Object.fromEntries(query<{ id: string; latest_at: string | null }>(db, 'SELECT id, latest_at FROM leads ORDER BY id').map((r) => [r.id, r.latest_at]));

/** Each lead's latest non-empty date worked out here from its date columns, beside what latest_at holds. */
function recomputed(db: string): { stored: Record<string, unknown>; expected: Record<string, unknown> } {
  const rows = query<Record<string, string | null>>(db, `SELECT id, latest_at, ${DATES.join(', ')} FROM leads ORDER BY id`);
  const latest = (row: Record<string, string | null>) => DATES.map((d) => row[d]).filter((d): d is string => !!d).sort().at(-1) ?? null;
  return {
    stored: Object.fromEntries(rows.map((r) => [r.id, r.latest_at])),
    expected: Object.fromEntries(rows.map((r) => [r.id, latest(r)])),
  };
}

function expectConsistent(db: string): void {
  const { stored, expected } = recomputed(db);
  expect(stored).toEqual(expected);
}

/**
 * Runs smk in this process, but for SMK_IMPORT_WORKER=always: the import worker thread needs the
 * built smk (in this process nothing runs in a worker thread).
 */
function runSmk(args: string[], options: { env?: Record<string, string> } = {}): Promise<Run> {
  return options.env?.SMK_IMPORT_WORKER === 'always' ? Promise.resolve(smk(args, options)) : smkHere(args, options);
}

async function importLeads(db: string, file: string, env: Record<string, string>, ...args: string[]) {
  const run = await runSmk(['--db', db, 'import', 'leads', file, '-q', ...args], { env });
  expect(run.code, run.stderr).toBe(0);
}

function csv(lines: string[]): string {
  const file = path.join(tempDir(), 'leads.csv');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe.each(['never', 'always'])('latest_at (SMK_IMPORT_WORKER=%s)', (worker) => {
  const env = { SMK_IMPORT_WORKER: worker };

  it('an import gives each new lead the latest of its dates', async () => {
    const db = path.join(tempDir(), 'smk.db');
    await importLeads(db, fixture('check', 'leads.csv'), env);
    expect(latestAt(db)).toEqual(FIXTURE_LATEST);
  });

  it('an import into stored leads takes the latest of the merged dates: a column the file lacks or an emptied date keeps its value, an earlier date lowers it', async () => {
    const db = path.join(tempDir(), 'smk.db');
    await importLeads(db, csv([
      'id,email,created_at,mql_at,customer_at',
      'L1,l1@x.es,2026-01-05T10:00:00Z,2026-02-01T10:00:00Z,2026-03-01T10:00:00Z',
      'L2,l2@x.es,2026-01-06T10:00:00Z,2026-02-02T10:00:00Z,',
      'L3,l3@x.es,,,',
      'L5,l5@x.es,2026-01-08T10:00:00Z,,2026-06-01T10:00:00Z',
    ]), env);
    expect(latestAt(db)).toEqual({ L1: '2026-03-01T10:00:00Z', L2: '2026-02-02T10:00:00Z', L3: null, L5: '2026-06-01T10:00:00Z' });

    // No created_at column: the stored one stays and counts.
    await importLeads(db, csv([
      'id,mql_at,customer_at,first_touch_at',
      'L1,2026-02-01T10:00:00Z,,',                        // customer emptied: a known date is never erased → still 03-01
      'L2,2026-04-10T10:00:00Z,,',                        // a later MQL → 04-10
      'L3,,,2026-01-20T10:00:00Z',                        // its first date → 01-20
      'L4,2026-05-01T10:00:00Z,,',                        // new → 05-01
      'L5,2026-01-09T10:00:00Z,2026-01-10T10:00:00Z,',    // customer moved earlier: 01-10
    ]), env);
    expect(latestAt(db)).toEqual({
      L1: '2026-03-01T10:00:00Z', L2: '2026-04-10T10:00:00Z', L3: '2026-01-20T10:00:00Z', L4: '2026-05-01T10:00:00Z', L5: '2026-01-10T10:00:00Z',
    });
    expect(query(db, "SELECT created_at, customer_at FROM leads WHERE id = 'L1'")).toEqual([{ created_at: '2026-01-05T10:00:00Z', customer_at: '2026-03-01T10:00:00Z' }]);
    expectConsistent(db);
  });

  it('an import that fails leaves latest_at as it was', async () => {
    const db = path.join(tempDir(), 'smk.db');
    await importLeads(db, fixture('check', 'leads.csv'), env);
    // C01 would move to 12-20 and N01 be new, but the bad date aborts the whole file.
    const run = await runSmk(['--db', db, 'import', 'leads', csv([
      'id,email,created_at,customer_at',
      'C01,ana@acme.es,2026-11-16T08:00:00Z,2026-12-20T10:00:00Z',
      'N01,n01@x.es,2026-11-18T08:00:00Z,',
      'N02,n02@x.es,not a date,',
    ]), '--on-error', 'abort'], { env });
    expect(run.code).toBe(2);
    expect(latestAt(db)).toEqual(FIXTURE_LATEST);
  });
});

describe('latest_at of a lead written by hand', () => {
  it('follows an update and an insert typed by hand; latest_at itself cannot be written', async () => {
    const db = path.join(tempDir(), 'smk.db');
    await importLeads(db, fixture('check', 'leads.csv'), {});
    const conn = new BetterSqlite3(db);
    conn.exec(`
      UPDATE leads SET mql_at = '2026-11-18T12:00:00Z' WHERE id = 'C10';           -- later: 11-05 → 11-18 12:00
      UPDATE leads SET created_at = '2026-11-01T10:00:00Z' WHERE id = 'C08';        -- its latest, made earlier: → MQL 11-10 10:00
      UPDATE leads SET rejected_at = NULL WHERE id = 'C09';                          -- its latest, removed: → created 11-03 10:00
      UPDATE leads SET owner = 'Someone else', first_touch_at = '2026-12-24T09:00:00Z' WHERE id = 'C07';
      INSERT INTO leads (id, created_at, mql_at, first_batch_id, last_batch_id) VALUES ('H01', '2026-11-17T09:00:00Z', '2026-11-17T12:00:00Z', 1, 1);
      INSERT INTO leads (id, first_batch_id, last_batch_id) VALUES ('H02', 1, 1);
    `);
    expect(() => conn.exec("UPDATE leads SET latest_at = '1999-01-01T00:00:00Z' WHERE id = 'C01'")).toThrow('cannot UPDATE generated column "latest_at"');
    conn.close();
    expect(latestAt(db)).toEqual({
      ...FIXTURE_LATEST,
      C10: '2026-11-18T12:00:00Z',
      C08: '2026-11-10T10:00:00Z',
      C09: '2026-11-03T10:00:00Z',
      C07: '2026-12-24T09:00:00Z',
      H01: '2026-11-17T12:00:00Z',
      H02: null,
    });
    expectConsistent(db);
  });

  it('reaches the reports and the check: a date moved by hand into the week is counted, one moved past the as-of is a finding', async () => {
    const db = path.join(tempDir(), 'smk.db');
    await importLeads(db, fixture('check', 'leads.csv'), {});
    const conn = new BetterSqlite3(db);
    conn.exec(`
      UPDATE leads SET mql_at = '2026-11-18T12:00:00Z' WHERE id = 'C10';
      UPDATE leads SET first_touch_at = '2026-12-24T09:00:00Z' WHERE id = 'C09';
      INSERT INTO leads (id, mql_at, first_batch_id, last_batch_id) VALUES ('H01', '2026-11-17T12:00:00Z', 1, 1);
    `);
    conn.close();
    // report-funnel-quality.test.ts: W47's flow is lead 5, MQL 5 (C01–C05), SAL 2, SQL 1. C10 and H01
    // now passed lead and MQL in W47 (11-18 and 11-17), though their other dates are earlier or none.
    const funnel = await smkHere(['--db', db, ...CONFIG, 'report', 'funnel', ...W47]);
    expect(funnel.code, funnel.stderr).toBe(0);
    expect(JSON.parse(funnel.stdout).current.flow).toEqual({ lead: 7, mql: 7, sal: 2, sql: 1, opportunity: 0, customer: 0 });
    // fixtures/check/README.md: C08 alone is dated after the as-of; C09's first touch now is too.
    const check = await smkHere(['--db', db, ...CONFIG, 'check', ...W47]);
    const future = (JSON.parse(check.stdout).findings as Array<{ code: string; count: number; examples: string[] }>).find((f) => f.code === 'future-date');
    expect(future).toMatchObject({ count: 2, examples: ['C08', 'C09'] });
  });
});

it('a database made before latest_at gets it, computed by SQLite, when smk opens it', async () => {
  const db = path.join(tempDir(), 'smk.db');
  await importLeads(db, fixture('check', 'leads.csv'), {});
  downgradeSchema(db, 2);
  expect(query(db, "SELECT name FROM pragma_table_info('leads') WHERE name = 'latest_at'")).toEqual([]);
  expect((await smkHere(['--db', db, ...CONFIG, 'check', ...W47])).code).toBe(1);
  expect(query<{ user_version: number }>(db, 'PRAGMA user_version')[0]!.user_version).toBe(SCHEMA_VERSION);
  expect(latestAt(db)).toEqual(FIXTURE_LATEST);
  const conn = new BetterSqlite3(db);
  conn.exec("UPDATE leads SET customer_at = '2026-11-30T10:00:00Z' WHERE id = 'C01'");
  conn.close();
  expect(latestAt(db).C01).toBe('2026-11-30T10:00:00Z');
});

it('a database of version 4 (latest_at kept by triggers) moves to the generated column with every lead and value', async () => {
  const db = path.join(tempDir(), 'smk.db');
  await importLeads(db, fixture('check', 'leads.csv'), {});
  const before = query(db, 'SELECT * FROM leads ORDER BY id');
  downgradeSchema(db, 4);
  expect(query(db, "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'leads_latest_at%' ORDER BY name")).toHaveLength(2);
  expect((await smkHere(['--db', db, ...CONFIG, 'check', ...W47])).code).toBe(1);
  expect(query<{ user_version: number }>(db, 'PRAGMA user_version')[0]!.user_version).toBe(SCHEMA_VERSION);
  expect(query(db, 'SELECT * FROM leads ORDER BY id')).toEqual(before);
  expect(query(db, "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'leads_latest_at%'")).toEqual([]);
  expect(query(db, "SELECT sql FROM sqlite_schema WHERE name = 'leads'")[0]).toMatchObject({ sql: expect.stringContaining('latest_at         TEXT GENERATED ALWAYS AS') });
  expect(query(db, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
});
