/**
 * `term_values`: every raw value each term field holds or has held, which `smk check` reads to
 * know which values to look for. An import records the values of the rows it wrote (with the
 * table's triggers suspended); any other statement is caught by the triggers. A missing value
 * would hide an unknown term from the check, so each way of writing is tested here.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { TERM_FIELDS } from '../../src/domain/fields.ts';
import { SCHEMA_VERSION } from '../../src/db/database.ts';
import { downgradeSchema, fixture, query, smk, tempDir, type Run } from '../helpers.ts';
import { smkHere } from '../in-process.ts';

/**
 * Runs smk in this process, but for SMK_IMPORT_WORKER=always: the import worker thread needs the
 * built smk (in this process nothing runs in a worker thread).
 */
function runSmk(args: string[], options: { env?: Record<string, string> } = {}): Promise<Run> {
  return options.env?.SMK_IMPORT_WORKER === 'always' ? Promise.resolve(smk(args, options)) : smkHere(args, options);
}

const CONFIG = ['--glossary', fixture('check', 'glossary.yaml'), '--sla', fixture('check', 'sla.yaml')];
const W47 = ['--week', '2026-W47', '--as-of', '2026-11-23', '--format', 'json'];

type Row = { kind: string; field: string; value: string };
const byKey = (rows: Row[]) => rows.sort((a, b) => (`${a.kind}\0${a.field}\0${a.value}` < `${b.kind}\0${b.field}\0${b.value}` ? -1 : 1));
const termValues = (db: string) => byKey(query<Row>(db, 'SELECT kind, field, value FROM term_values'));

/** The distinct non-null values the records hold now, as term_values rows. */
function heldValues(db: string): Row[] {
  return byKey(Object.entries(TERM_FIELDS).flatMap(([kind, names]) =>
    names.flatMap((field) =>
      query<{ value: string }>(db, `SELECT DISTINCT ${field} AS value FROM ${kind} WHERE ${field} IS NOT NULL`).map(({ value }) => ({ kind, field, value })),
    ),
  ));
}

async function unknownStages(db: string): Promise<unknown> {
  const check = await smkHere(['--db', db, ...CONFIG, 'check', ...W47]);
  const findings = JSON.parse(check.stdout).findings as Array<{ code: string; message: string; examples: string[] }>;
  return findings.find((f) => f.code === 'unknown-stage') ?? null;
}

describe.each(['never', 'always'])('term_values (SMK_IMPORT_WORKER=%s)', (worker) => {
  const env = { SMK_IMPORT_WORKER: worker };

  it('an import records the values of the rows it wrote, and not those of rejected rows', async () => {
    const db = path.join(tempDir(), 'smk.db');
    expect((await runSmk(['--db', db, 'import', 'leads', fixture('check', 'leads.csv'), '-q'], { env })).code).toBe(0);
    expect((await runSmk(['--db', db, 'import', 'deals', fixture('check', 'deals.csv'), '-q'], { env })).code).toBe(0);
    expect(termValues(db)).toEqual(heldValues(db));
    expect(termValues(db)).toContainEqual({ kind: 'leads', field: 'stage', value: 'Marketing Qualifed Lead' }); // the check fixture's misspelt stage (C06)

    // RE-002 (31/02) and RE-004 (score abc) are rejected: their values are written nowhere.
    const dir = tempDir();
    const file = path.join(dir, 'rows.csv');
    const lines = fs.readFileSync(fixture('rows-with-errors.csv'), 'utf8').split('\n');
    lines[2] = lines[2]!.replace('Organic search', 'Only in a bad row');
    lines[4] = lines[4]!.replace(',MQL,', ',Stage of a bad row,');
    fs.writeFileSync(file, lines.join('\n'));
    const other = path.join(dir, 'smk.db');
    const run = await runSmk(['--db', other, 'import', 'leads', file, '--date-format', 'DD/MM/YYYY', '--max-rejected', '100%', '--json'], { env });
    expect(JSON.parse(run.stdout)[0].rejected).toBeGreaterThanOrEqual(2);
    const values = termValues(other).map((r) => r.value);
    expect(values).not.toContain('Only in a bad row');
    expect(values).not.toContain('Stage of a bad row');
    expect(termValues(other)).toEqual(heldValues(other));
  });

  it('after an import, a record written by hand still has its values recorded: the check finds the unknown stage', async () => {
    const db = path.join(tempDir(), 'smk.db');
    expect((await runSmk(['--db', db, 'import', 'leads', fixture('check', 'leads.csv'), '-q'], { env })).code).toBe(0);
    const before = (await unknownStages(db)) as { examples: string[] };
    const conn = new BetterSqlite3(db);
    conn.prepare("UPDATE leads SET stage = 'Hand-typed stage' WHERE id = 'C01'").run();
    conn.prepare("INSERT INTO leads (id, stage, first_batch_id, last_batch_id) VALUES ('H01', 'Another hand-typed stage', 1, 1)").run();
    conn.close();
    expect(termValues(db)).toEqual(expect.arrayContaining([
      { kind: 'leads', field: 'stage', value: 'Hand-typed stage' },
      { kind: 'leads', field: 'stage', value: 'Another hand-typed stage' },
    ]));
    const after = (await unknownStages(db)) as { message: string; examples: string[] };
    expect(after.examples).toEqual([...before.examples, 'C01', 'H01'].sort());
    expect(after.message).toContain('"Hand-typed stage" (1');
  });

  it('an import that fails leaves the values and the triggers as they were', async () => {
    const db = path.join(tempDir(), 'smk.db');
    expect((await runSmk(['--db', db, 'import', 'leads', fixture('check', 'leads.csv'), '-q'], { env })).code).toBe(0);
    const triggers = () => query<{ name: string }>(db, "SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").map((t) => t.name);
    const before = { values: termValues(db), triggers: triggers() };
    expect(before.triggers).toEqual([
      'deals_term_values_inserted', 'deals_term_values_updated', 'leads_stage_changed', 'leads_term_values_inserted', 'leads_term_values_updated',
    ]);
    const file = path.join(tempDir(), 'bad.csv');
    fs.writeFileSync(file, 'id,email,stage,created_at\nB01,b01@x.es,Never stored,2026-13-45\nB02,b02@x.es,Never stored either,not a date\n');
    const run = await runSmk(['--db', db, 'import', 'leads', file], { env });
    expect(run.code).toBe(2); // every row rejected: nothing imported
    expect({ values: termValues(db), triggers: triggers() }).toEqual(before);
  });
});

it('a database made before term_values gets it filled from its records when smk opens it', async () => {
  const db = path.join(tempDir(), 'smk.db');
  expect((await runSmk(['--db', db, 'import', 'leads', fixture('check', 'leads.csv'), '-q'])).code).toBe(0);
  expect((await runSmk(['--db', db, 'import', 'deals', fixture('check', 'deals.csv'), '-q'])).code).toBe(0);
  const expected = termValues(db);
  downgradeSchema(db, 1);
  expect((await smkHere(['--db', db, ...CONFIG, 'check', ...W47])).code).toBe(1);
  expect(query<{ user_version: number }>(db, 'PRAGMA user_version')[0]!.user_version).toBe(SCHEMA_VERSION);
  expect(termValues(db)).toEqual(expected);
  expect(await unknownStages(db)).toMatchObject({ count: 1, examples: ['C06'] });
});
