/**
 * `smk import` end to end: the built binary on each fixture, then the database it wrote.
 * Expected counts come from fixtures/README.md, where they were counted by hand.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, json, query, scalar, smk, tempDb, tempDir, type Run } from '../helpers.ts';
import type { ImportSummary } from '../../src/import/import-file.ts';
import { smkHere } from '../in-process.ts';

/** What `--json` prints per file: a summary, or the error that stopped the file. */
type Summary = ImportSummary & { error?: string };

const HS_1116 = fixture('hubspot-contacts-2026-11-16.csv');
const HS_1123 = fixture('hubspot-contacts-2026-11-23.csv');
const MADRID = ['--tz', 'Europe/Madrid'];

/**
 * Runs smk the way the describe.each below asks: in this process for SMK_IMPORT_WORKER=never (the
 * main-thread path, as the built smk takes it), the built binary for `always` (the worker thread
 * needs the compiled worker module).
 */
function runSmk(args: string[], options: Parameters<typeof smk>[1] = {}): Promise<Run> {
  return process.env.SMK_IMPORT_WORKER === 'never'
    ? smkHere(args, { ...options, env: { SMK_IMPORT_WORKER: 'never', ...options.env } })
    : Promise.resolve(smk(args, options));
}

async function importJson(db: string, kind: string, ...args: string[]): Promise<Summary[]> {
  const run = await runSmk(['--db', db, 'import', kind, ...args, '--json']);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return json<Summary[]>(run);
}

// Every import test runs twice: files read on the main thread, and in the worker thread that
// large files use (by size; SMK_IMPORT_WORKER forces either, the fixtures being small).
describe.each(['never', 'always'])('SMK_IMPORT_WORKER=%s', (mode) => {
  beforeAll(() => {
    process.env.SMK_IMPORT_WORKER = mode;
  });
  afterAll(() => {
    delete process.env.SMK_IMPORT_WORKER;
  });

  it('reads the file where SMK_IMPORT_WORKER says, as --verbose tells (the worker is found beside the built smk)', async () => {
    const run = await runSmk(['--db', tempDb(), '--verbose', 'import', 'leads', HS_1116, '--quiet', ...MADRID]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`smk: ${HS_1116}: read ${mode === 'always' ? 'in a worker thread' : 'on the main thread'}\n`);
  });

  describe('HubSpot contacts', () => {
    it('imports every row, detects the profile and converts local dates to UTC', async () => {
      const db = tempDb();
      const [s] = await importJson(db, 'leads', HS_1116, '--snapshot-date', '2026-11-16', ...MADRID);
      expect(s).toMatchObject({ kind: 'leads', profile: 'hubspot', profileDetected: true, encoding: 'utf-8', delimiter: ',', rows: 40, inserted: 40, updated: 0, unchanged: 0, rejected: 0 });
      expect(scalar(db, 'SELECT count(*) FROM leads')).toBe(40);
      const lead = query(db, "SELECT * FROM leads WHERE id = '1207655066'")[0]!;
      // MQL Fri 2026-10-23 17:30 in Madrid is CEST (UTC+2) → 15:30Z; first touch Tue 10-27 10:00 is CET (UTC+1) → 09:00Z.
      expect(lead).toMatchObject({
        email: 'andrea@colombomeccanica.it', first_name: 'Andrea', owner: 'Marco Bianchi', stage: 'marketingqualifiedlead', status: 'ATTEMPTED_TO_CONTACT',
        source: 'PAID_SEARCH', campaign: 'Google Ads IT Q4', score: 60, segment: 'Founder', country: 'Italy',
        created_at: '2026-10-23T14:50:00Z', lead_at: '2026-10-23T14:50:00Z', mql_at: '2026-10-23T15:30:00Z', sql_at: null, first_touch_at: '2026-10-27T09:00:00Z',
      });
      // Unmapped columns are kept, not dropped.
      expect(JSON.parse(lead.extra as string)).toEqual({ 'Original Source Drill-Down 1': 'google', 'Phone Number': '+39 035 218 6604', 'Job Title': 'Titolare' });
    });

    it('keeps quoted commas, doubled quotes and line breaks inside fields', async () => {
      const db = tempDb();
      await importJson(db, 'leads', HS_1116, ...MADRID);
      expect(scalar(db, "SELECT json_extract(extra, '$.\"Job Title\"') FROM leads WHERE id = '1207655311'")).toBe('Head of "Growth"');
      expect(scalar(db, "SELECT json_extract(extra, '$.\"Job Title\"') FROM leads WHERE id = '701235003'")).toBe('Directora de RevOps\nMarketing & Ventas');
      expect(scalar(db, "SELECT count(*) FROM leads WHERE company LIKE '%, S.L.'")).toBeGreaterThan(0);
    });

    it('updates from the next weekly export and records the stage changes it shows', async () => {
      const db = tempDb();
      await importJson(db, 'leads', HS_1116, '--snapshot-date', '2026-11-16', ...MADRID);
      const [s] = await importJson(db, 'leads', HS_1123, '--snapshot-date', '2026-11-23', ...MADRID);
      // fixtures/README.md: 8 new contacts, 6 stage changes + 3 other changes, 31 identical rows.
      expect(s).toMatchObject({ rows: 48, inserted: 8, updated: 9, unchanged: 31, rejected: 0 });
      expect(scalar(db, 'SELECT count(*) FROM leads')).toBe(48);
      const changes = query(db, 'SELECT lead_id, from_stage, to_stage, observed_at FROM stage_changes ORDER BY lead_id');
      // --snapshot-date 2026-11-23 is local midnight in Madrid (CET): 2026-11-22T23:00:00Z.
      expect(changes).toEqual([
        { lead_id: '1207654321', from_stage: 'opportunity', to_stage: 'customer', observed_at: '2026-11-22T23:00:00Z' },
        { lead_id: '1207654705', from_stage: 'marketingqualifiedlead', to_stage: 'salesqualifiedlead', observed_at: '2026-11-22T23:00:00Z' },
        { lead_id: '1207656503', from_stage: 'subscriber', to_stage: 'lead', observed_at: '2026-11-22T23:00:00Z' },
        { lead_id: '1207656511', from_stage: 'marketingqualifiedlead', to_stage: 'salesqualifiedlead', observed_at: '2026-11-22T23:00:00Z' },
        { lead_id: '1207656580', from_stage: 'lead', to_stage: 'marketingqualifiedlead', observed_at: '2026-11-22T23:00:00Z' },
        { lead_id: '1207656640', from_stage: 'salesqualifiedlead', to_stage: 'opportunity', observed_at: '2026-11-22T23:00:00Z' },
      ]);
      expect(query(db, "SELECT owner FROM leads WHERE id = '51234560093'")[0]).toEqual({ owner: 'Giulia Romano' });
    });

    it('changes nothing when the same file is imported again, and says so', async () => {
      const db = tempDb();
      const [first] = await importJson(db, 'leads', HS_1116, ...MADRID);
      const before = query(db, 'SELECT * FROM leads ORDER BY id');
      const [again] = await importJson(db, 'leads', HS_1116, ...MADRID);
      expect(again).toMatchObject({ rows: 40, inserted: 0, updated: 0, unchanged: 40, sameAsBatch: first!.batch });
      expect(query(db, 'SELECT * FROM leads ORDER BY id')).toEqual(before);
      expect(scalar(db, 'SELECT count(*) FROM import_batches')).toBe(1);
      const human = await runSmk(['--db', db, 'import', 'leads', HS_1116, ...MADRID]);
      expect(human.stderr).toContain('unchanged, the same file was already imported as batch 1');
    });

    it("stores the file's SHA-256 whether it was hashed before reading or while reading, and knows a file first read from standard input", async () => {
      const sha256 = createHash('sha256').update(fs.readFileSync(HS_1116)).digest('hex');
      const db = tempDb();
      // A new database has no import of this size: the file is hashed as it is read.
      await importJson(db, 'leads', HS_1116, ...MADRID);
      expect(scalar(db, 'SELECT file_sha256 FROM import_batches')).toBe(sha256);
      const piped = tempDb();
      const taken = ['--snapshot-date', '2026-11-16'];
      const run = await runSmk(['--db', piped, 'import', 'leads', '-', '--json', ...MADRID, ...taken], { input: fs.readFileSync(HS_1116) });
      expect(run.code).toBe(0);
      expect((await importJson(piped, 'leads', HS_1116, ...MADRID, ...taken))[0]).toMatchObject({ sameAsBatch: 1, inserted: 0 });
    });

    it('reads the same bytes again when they are another snapshot: the records were seen then too, and freshness counts from it', async () => {
      const db = tempDb();
      await importJson(db, 'leads', HS_1116, ...MADRID, '--snapshot-date', '2026-11-16');
      const [later] = await importJson(db, 'leads', HS_1116, ...MADRID, '--snapshot-date', '2026-11-23');
      expect(later).toMatchObject({ rows: 40, inserted: 0, updated: 0, unchanged: 40, batch: 2 });
      expect(later!.sameAsBatch).toBeUndefined();
      // Midnight in Madrid (CET): every record's values are now those of the 11-23 export.
      expect(query(db, 'SELECT DISTINCT snapshot_at FROM leads')).toEqual([{ snapshot_at: '2026-11-22T23:00:00Z' }]);
    });

    it('counts rows as unchanged when a copy of the file is read again row by row', async () => {
      const db = tempDb();
      await importJson(db, 'leads', HS_1116, ...MADRID);
      await importJson(db, 'leads', HS_1123, ...MADRID);
      // The older export again: the database has changed since, so every row is compared.
      const [s] = await importJson(db, 'leads', HS_1123, '--map', 'campaign=Original Source Drill-Down 2', ...MADRID);
      expect(s).toMatchObject({ inserted: 0, updated: 0, unchanged: 48 });
    });
  });

  describe('other exports', () => {
    it('Salesforce lead report: month-first dates, footer skipped not rejected', async () => {
      const db = tempDb();
      const [s] = await importJson(db, 'leads', fixture('salesforce-leads-report.csv'), '--tz', 'Europe/Rome');
      expect(s).toMatchObject({ profile: 'salesforce-report', rows: 20, inserted: 20, rejected: 0, footerLines: 5 });
      // Create Date 10/21/2026 6:45 PM in Rome (CEST, UTC+2) → 16:45Z; Converted Date 10/27/2026 is local midnight (CET) → 10-26 23:00Z.
      expect(query(db, "SELECT created_at, sql_at, first_touch_at, stage, status, owner, company FROM leads WHERE id = '00Q7Q00000LmA1bUAF'")[0]).toEqual({
        created_at: '2026-10-21T16:45:00Z', sql_at: '2026-10-26T23:00:00Z', first_touch_at: '2026-10-22T07:10:00Z',
        stage: 'Closed - Converted', status: 'Closed - Converted', owner: 'Marco Bianchi', company: 'Lombardi Automazione S.r.l.',
      });
    });

    it('Spanish Excel spreadsheet: Windows-1252, semicolons, DD/MM/YYYY and decimal commas through a mapping file', async () => {
      const db = tempDb();
      const [s] = await importJson(db, 'leads', fixture('spreadsheet-es.csv'), '--mapping', fixture('spreadsheet-es.mapping.yaml'));
      expect(s).toMatchObject({ profile: 'generic', encoding: 'windows-1252', delimiter: ';', rows: 12, inserted: 12, rejected: 0 });
      // 15/10/2026 10:30 in Madrid (CEST) → 08:30Z; "81,5" → 81.5; Fecha alta 14/10/2026 → local midnight → 10-13 22:00Z.
      expect(query(db, "SELECT first_name, last_name, company, score, created_at, mql_at, country, stage FROM leads WHERE id = 'ES-001'")[0]).toEqual({
        first_name: 'José', last_name: 'Núñez Ortiz', company: 'Núñez Ortiz Asesores', score: 81.5,
        created_at: '2026-10-13T22:00:00Z', mql_at: '2026-10-15T08:30:00Z', country: 'España', stage: 'Cliente',
      });
      expect(scalar(db, "SELECT company FROM leads WHERE id = 'ES-002'")).toBe('Iturbe, Ingenieros Asociados');
    });

    it('UTF-16 "Unicode text" list without ids: keyed by email, constants from --set', async () => {
      const db = tempDb();
      const [s] = await importJson(db, 'leads', fixture('evento-milano-utf16.txt'), '--map', 'first_name=Nome', '--map', 'last_name=Cognome', '--map', 'company=Azienda',
        '--map', 'segment=Ruolo', '--map', 'country=Paese', '--set', 'source=Eventi', '--set', 'campaign=SaaStr Milan');
      expect(s).toMatchObject({ encoding: 'utf-16le', delimiter: '\t', rows: 8, inserted: 8, rejected: 0 });
      expect(query(db, "SELECT id, first_name, company, source, campaign FROM leads WHERE email = 'niccolo.fabbri@fabbrisistemi.it'")[0]).toEqual({
        id: 'niccolo.fabbri@fabbrisistemi.it', first_name: 'Niccolò', company: 'Fabbri Sistemi S.r.l.', source: 'Eventi', campaign: 'SaaStr Milan',
      });
    });

    it('reads standard input', async () => {
      const db = tempDb();
      const run = await runSmk(['--db', db, 'import', 'leads', '-', '--json', ...MADRID], { input: fs.readFileSync(HS_1116) });
      expect(json<Summary[]>(run)[0]).toMatchObject({ file: '<stdin>', profile: 'hubspot', inserted: 40 });
    });
  });

  describe('deals', () => {
    it('HubSpot deals: status from the stage, amounts, links to contacts, two unlinked', async () => {
      const db = tempDb();
      await importJson(db, 'leads', HS_1116, ...MADRID);
      await importJson(db, 'leads', HS_1123, ...MADRID);
      const [s] = await importJson(db, 'deals', fixture('hubspot-deals.csv'), ...MADRID);
      expect(s).toMatchObject({ profile: 'hubspot', rows: 15, inserted: 15, rejected: 0, unlinked: 2 });
      expect(query(db, 'SELECT status, count(*) AS n, sum(amount) AS amount FROM deals GROUP BY status ORDER BY status')).toEqual([
        { status: 'lost', n: 4, amount: 42150 }, // 9900 + 7350 + 19500 + 5400
        { status: 'open', n: 6, amount: 63600 }, // 21000 + 9600 + 7200 + 11000 + 6800 + 8000
        { status: 'won', n: 5, amount: 79250.5 }, // 12500 + 24750 + 8400.50 + 18000 + 15600
      ]);
      expect(query(db, "SELECT id FROM deals WHERE linked_lead_id IS NULL ORDER BY id")).toEqual([{ id: '18234561089' }, { id: '18234561177' }]);
      // "1207654888;1207655100": the first associated contact is the deal's lead.
      expect(query(db, "SELECT lead_id, linked_lead_id, currency FROM deals WHERE id = '18234561160'")[0]).toEqual({ lead_id: '1207654888', linked_lead_id: '1207654888', currency: 'EUR' });
    });

    it('deals written 32 to a statement: each value in its column, a repeated deal updates the one before', async () => {
      // Rows 1–32 go in one statement: D01–D30, D02 again as won (row 31), D31; rows 33–40 one by
      // one: D32–D38, D31 again as lost (row 40). 38 deals: 38 inserted, D02 and D31 updated.
      const id = (n: number) => `D${String(n).padStart(2, '0')}`;
      const row = (n: number, status = 'open', amount = 100) => `${id(n)},${status},${amount},note ${n}`;
      const rows = [...Array.from({ length: 30 }, (_, i) => row(i + 1)), row(2, 'won', 500), row(31), ...Array.from({ length: 7 }, (_, i) => row(i + 32)), row(31, 'lost', 50)];
      const dir = tempDir();
      const file = path.join(dir, 'deals.csv');
      fs.writeFileSync(file, ['id,status,amount,note', ...rows].join('\n') + '\n');
      const db = path.join(dir, 'db.sqlite');
      const [s] = await importJson(db, 'deals', file);
      expect(s).toMatchObject({ rows: 40, inserted: 38, updated: 2, unchanged: 0, rejected: 0 });
      expect(query(db, 'SELECT status, count(*) AS n, sum(amount) AS amount FROM deals GROUP BY status ORDER BY status')).toEqual([
        { status: 'lost', n: 1, amount: 50 },
        { status: 'open', n: 36, amount: 3600 },
        { status: 'won', n: 1, amount: 500 },
      ]);
      expect(query(db, "SELECT id, status, amount, extra FROM deals WHERE id IN ('D02', 'D10', 'D38') ORDER BY id")).toEqual([
        { id: 'D02', status: 'won', amount: 500, extra: '{"note":"note 2"}' },
        { id: 'D10', status: 'open', amount: 100, extra: '{"note":"note 10"}' },
        { id: 'D38', status: 'open', amount: 100, extra: '{"note":"note 38"}' },
      ]);
    });

    it('links deals imported before their leads once the leads arrive', async () => {
      const db = tempDb();
      const [s] = await importJson(db, 'deals', fixture('hubspot-deals.csv'), ...MADRID);
      expect(s!.unlinked).toBe(15);
      await importJson(db, 'leads', HS_1116, ...MADRID);
      // fixtures/README.md: with only the 11-16 contacts, 12 link and 3 do not.
      expect(scalar(db, 'SELECT count(*) FROM deals WHERE linked_lead_id IS NOT NULL')).toBe(12);
    });

    it('Salesforce Data Loader opportunities: status from IsWon/IsClosed, lead from Lead__c', async () => {
      const db = tempDb();
      await importJson(db, 'leads', fixture('salesforce-leads-report.csv'), '--tz', 'Europe/Rome');
      const [s] = await importJson(db, 'deals', fixture('salesforce-opportunities-dataloader.csv'), '--tz', 'Europe/Rome');
      expect(s).toMatchObject({ profile: 'salesforce-dataloader', rows: 8, inserted: 8, unlinked: 1 });
      expect(query(db, "SELECT status, count(*) AS n, sum(amount) AS amount FROM deals GROUP BY status ORDER BY status")).toEqual([
        { status: 'lost', n: 2, amount: 16500 }, // 7600 + 8900
        { status: 'open', n: 3, amount: 69500 }, // 26000 + 12000 + 31500
        { status: 'won', n: 3, amount: 46150.5 }, // 22000.0 + 9800.0 + 14350.5
      ]);
      // An explicit UTC offset wins over --tz.
      expect(scalar(db, "SELECT created_at FROM deals WHERE id = '0067Q00000F3kG7QAJ'")).toBe('2026-11-15T23:30:00Z');
    });

    it('Pipedrive deals: status column, link by email whatever its case', async () => {
      const db = tempDb();
      await importJson(db, 'leads', HS_1116, ...MADRID);
      const [s] = await importJson(db, 'deals', fixture('pipedrive-deals.csv'), ...MADRID);
      expect(s).toMatchObject({ profile: 'pipedrive', rows: 8, inserted: 8, unlinked: 1 });
      expect(query(db, "SELECT status, count(*) AS n, sum(amount) AS amount FROM deals GROUP BY status ORDER BY status")).toEqual([
        { status: 'lost', n: 2, amount: 5500 }, // 2500 + 3000
        { status: 'open', n: 4, amount: 17200 }, // 4500 + 6000 + 2800 + 3900
        { status: 'won', n: 2, amount: 5050 }, // 3200 + 1850
      ]);
    });
  });

  describe('bad rows', () => {
    const FILE = fixture('rows-with-errors.csv');

    // 5 of its 12 rows are bad (42%): more than the default --max-rejected 10%.
    const QUARANTINE = ['--max-rejected', '100%'];

    it('quarantines each bad row with its line and reason and imports the rest', async () => {
      const db = tempDb();
      const [s] = await importJson(db, 'leads', FILE, ...MADRID, ...QUARANTINE);
      expect(s).toMatchObject({ profile: 'generic', rows: 12, inserted: 7, rejected: 5 });
      expect(s!.firstRejected).toEqual([
        { line: 3, reason: 'column "created_at": "31/02/2026" is not a date (no February 31)' },
        { line: 5, reason: 'column "score": "abc" is not a number' },
        { line: 7, reason: 'has no id and no email' },
        { line: 9, reason: 'has 13 cells where the header has 12' },
        { line: 11, reason: 'has 9 cells where the header has 12' },
      ]);
      expect(query(db, 'SELECT id FROM leads ORDER BY id').map((r) => r.id)).toEqual(['RE-001', 'RE-003', 'RE-005', 'RE-007', 'RE-009', 'RE-011', 'RE-012']);
      expect(scalar(db, 'SELECT count(*) FROM rejected_rows')).toBe(5);
      expect(scalar(db, 'SELECT raw FROM rejected_rows WHERE line = 3')).toMatch(/^RE-002,oriol\.puig@puigtextil\.es,Oriol,Puig,/);
    });

    it('keeps every row, its line and its values across batches of the reader (250 rows each)', async () => {
      // 1,200 rows: line n holds lead L<n>, created on day (n % 28) + 1 with score n % 100; the bad
      // lines straddle batch edges (rows 250/251 are lines 251/252) and the last line.
      const dir = tempDir();
      const file = path.join(dir, 'many.csv');
      const bad = new Set([2, 251, 252, 777, 1201]);
      const lines = ['id,email,score,created_at'];
      for (let line = 2; line <= 1201; line++) {
        const day = String((line % 28) + 1).padStart(2, '0');
        lines.push(`L${line},l${line}@example.com,${line % 100},${bad.has(line) ? '2026-02-31' : `2026-10-${day} 09:15`}`);
      }
      fs.writeFileSync(file, lines.join('\n') + '\n');
      const db = tempDb();
      const [s] = await importJson(db, 'leads', file, '--tz', 'UTC');
      expect(s).toMatchObject({ rows: 1200, inserted: 1195, rejected: 5 });
      expect(query(db, 'SELECT line FROM rejected_rows ORDER BY line').map((r) => r.line)).toEqual([...bad]);
      expect(query(db, "SELECT id, email, score, created_at FROM leads WHERE id IN ('L3', 'L250', 'L253', 'L1200') ORDER BY created_at")).toEqual([
        // 253 % 28 = 1, 3 % 28 = 3, 1200 % 28 = 24, 250 % 28 = 26
        { id: 'L253', email: 'l253@example.com', score: 53, created_at: '2026-10-02T09:15:00Z' },
        { id: 'L3', email: 'l3@example.com', score: 3, created_at: '2026-10-04T09:15:00Z' },
        { id: 'L1200', email: 'l1200@example.com', score: 0, created_at: '2026-10-25T09:15:00Z' },
        { id: 'L250', email: 'l250@example.com', score: 50, created_at: '2026-10-27T09:15:00Z' },
      ]);
      expect(scalar(db, 'SELECT count(DISTINCT score) FROM leads')).toBe(100);
    });

    it('names the first bad lines in the summary and lists them with --rejected', async () => {
      const db = tempDb();
      const run = await runSmk(['--db', db, 'import', 'leads', FILE, ...MADRID, ...QUARANTINE]);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain(`${FILE}:3: column "created_at": "31/02/2026" is not a date`);
      const listed = await runSmk(['--db', db, 'import', '--rejected']);
      expect(listed.code).toBe(0);
      expect(listed.stdout.split('\n').filter((l) => /^\S.*:\d+: /.test(l)).map((l) => l.replace(/^.*:(\d+): .*$/, '$1'))).toEqual(['3', '5', '7', '9', '11']);
      expect((await runSmk(['--db', db, 'import', '--rejected', '1', '--json'])).stdout).toContain('"line": 9');
      expect((await runSmk(['--db', db, 'import', '--rejected', '7'])).code).toBe(2);
    });

    it('imports nothing when more rows are bad than --max-rejected allows (default 10%), and says how to import the good ones', async () => {
      const db = tempDb();
      await importJson(db, 'leads', HS_1116, ...MADRID);
      const before = query(db, 'SELECT * FROM leads ORDER BY id');
      const run = await runSmk(['--db', db, 'import', 'leads', FILE, ...MADRID]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${FILE}: 5 of 12 rows rejected (42%), more than --max-rejected 10% allows, so nothing was imported; fix what the lines below say (often a --date-format or a --map), or pass --max-rejected 100% to import the good rows and quarantine the bad`);
      expect(run.stderr).toContain(`${FILE}:3: column "created_at": "31/02/2026" is not a date`);
      expect(query(db, 'SELECT * FROM leads ORDER BY id')).toEqual(before);
      expect(scalar(db, 'SELECT count(*) FROM import_batches')).toBe(1);
      expect(scalar(db, 'SELECT count(*) FROM rejected_rows')).toBe(0);
    });

    it('imports nothing with --on-error abort', async () => {
      const db = tempDb();
      const run = await runSmk(['--db', db, 'import', 'leads', FILE, '--on-error', 'abort', ...MADRID]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('5 bad rows; with --on-error abort nothing was imported');
      expect(run.stderr).toContain(`${FILE}:3: column "created_at"`);
      expect(scalar(db, 'SELECT count(*) FROM leads')).toBe(0);
      expect(scalar(db, 'SELECT count(*) FROM import_batches')).toBe(0);
    });
  });

  describe('file errors: one clear message, exit 2, nothing written', () => {
    it.each([
      ['empty.csv', /the file is empty/],
      ['header-only.csv', /has a header but no rows/],
      ['binary.xlsx', /binary\.xlsx: this zip archive has no worksheet, so it is not an Excel workbook \(\.xlsx\); save the data as \.xlsx or as CSV/],
      ['unclosed-quote.csv', /unclosed-quote\.csv:4: a quoted field opened on this line is never closed/],
      ['duplicate-headers.csv', /duplicate-headers\.csv:1:5: column "Email" appears twice \(columns 2 and 5\)/],
      ['no-id-column.csv', /no column found for "id" or "email".*the columns are: Name, Phone, City.*--map id="Column name"/],
      ['invalid-utf8.csv', /invalid-utf8\.csv:2950: this line is not valid UTF-8, though the file's other accented letters are: the file mixes encodings .*fix that line/],
      ['windows-1252-late.csv', /windows-1252-late\.csv:2920: the file is not valid UTF-8.*--encoding windows-1252/],
      ['ambiguous-dates.csv', /column "created_at": dates such as "\d\d\/\d\d\/2026" can be read day-first or month-first.*--date-format DD\/MM\/YYYY/],
    ])('%s', async (name, message) => {
      const db = tempDb();
      const run = await runSmk(['--db', db, 'import', 'leads', fixture('bad', name), ...MADRID]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(scalar(db, 'SELECT count(*) FROM import_batches')).toBe(0);
    });

    it('a missing file and a folder', async () => {
      const db = tempDb();
      expect((await runSmk(['--db', db, 'import', 'leads', 'nope.csv'])).stderr).toBe('smk: nope.csv: no such file\n');
      const dir = tempDir();
      expect((await runSmk(['--db', db, 'import', 'leads', dir])).stderr).toContain('is a folder, not a file');
    });

    it('ambiguous dates import once --date-format says the order', async () => {
      const db = tempDb();
      const [s] = await importJson(db, 'leads', fixture('bad', 'ambiguous-dates.csv'), '--date-format', 'DD/MM/YYYY', ...MADRID);
      expect(s).toMatchObject({ inserted: 10, rejected: 0 });
    });

    it('a Windows-1252 file imports with the --encoding the message suggests', async () => {
      const db = tempDb();
      const [s] = await importJson(db, 'leads', fixture('bad', 'windows-1252-late.csv'), '--encoding', 'windows-1252', ...MADRID);
      expect(s!.encoding).toBe('windows-1252');
      expect(s!.rejected).toBe(0);
      expect(query(db, "SELECT last_name, company FROM leads WHERE first_name = 'Rafael'")).toEqual([{ last_name: 'Núñez', company: 'Núñez Group' }]);
    });

    it('never stores mojibake: a file of mixed encodings read as Windows-1252 stops at the UTF-8 line, nothing imported', async () => {
      const db = tempDb();
      const run = await runSmk(['--db', db, 'import', 'leads', fixture('bad', 'invalid-utf8.csv'), '--encoding', 'windows-1252', ...MADRID]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/invalid-utf8\.csv:2920: "Ãº" is UTF-8 text read as WINDOWS-1252 \(é shows as Ã©\)/);
      expect(scalar(db, 'SELECT count(*) FROM leads')).toBe(0);
    });

    it('several files: each its own transaction, exit 2 when any failed', async () => {
      const db = tempDb();
      const run = await runSmk(['--db', db, 'import', 'leads', fixture('bad', 'empty.csv'), HS_1116, '--json', ...MADRID]);
      expect(run.code).toBe(2);
      const [bad, good] = json<Summary[]>(run);
      expect(bad!.error).toMatch(/the file is empty/);
      expect(good!.inserted).toBe(40);
      expect(scalar(db, 'SELECT count(*) FROM leads')).toBe(40);
    });
  });

  describe('column decisions over the whole file', () => {
    it('reads the file again when a late value shows the dates are month-first', async () => {
      const dir = tempDir();
      const file = path.join(dir, 'late.csv');
      // 6000 rows of 01/02/2026 (ambiguous), then 01/13/2026, which only month-first can read.
      const rows = Array.from({ length: 6000 }, (_, i) => `L${i},l${i}@x.es,01/02/2026`);
      fs.writeFileSync(file, ['id,email,created_at', ...rows, 'L6000,l6000@x.es,01/13/2026'].join('\n') + '\n');
      const db = path.join(dir, 'db.sqlite');
      const [s] = await importJson(db, 'leads', file, '--tz', 'UTC');
      expect(s).toMatchObject({ inserted: 6001, rejected: 0 });
      expect(scalar(db, "SELECT created_at FROM leads WHERE id = 'L0'")).toBe('2026-01-02T00:00:00Z');
      expect(scalar(db, "SELECT created_at FROM leads WHERE id = 'L6000'")).toBe('2026-01-13T00:00:00Z');
    });

    it('reads 12.000 as twelve thousand in a column that also has 1.234,56', async () => {
      const dir = tempDir();
      const file = path.join(dir, 'amounts.csv');
      fs.writeFileSync(file, 'id;amount;currency\nD1;1.234,56;EUR\nD2;12.000;EUR\nD3;€ 1.500;\n');
      const db = path.join(dir, 'db.sqlite');
      await importJson(db, 'deals', file);
      expect(query(db, 'SELECT id, amount, currency FROM deals ORDER BY id')).toEqual([
        { id: 'D1', amount: 1234.56, currency: 'EUR' },
        { id: 'D2', amount: 12000, currency: 'EUR' },
        { id: 'D3', amount: 1500, currency: 'EUR' },
      ]);
    });
  });

  describe('mapping', () => {
    it('without a terminal, a missing id column exits 2 naming the field, the columns and the --map flag', async () => {
      const db = tempDb();
      const run = await runSmk(['--db', db, 'import', 'deals', fixture('bad', 'no-id-column.csv')]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('no column found for "id" (a deal needs an id); the columns are: Name, Phone, City; name the column with --map id="Column name"');
    });

    it('--map fixes it, --set adds constants, and an unknown field gets a suggestion', async () => {
      const db = tempDb();
      const [s] = await importJson(db, 'deals', fixture('bad', 'no-id-column.csv'), '--map', 'id=Phone', '--set', 'source=Eventi');
      expect(s!.inserted).toBeGreaterThan(0);
      expect(scalar(db, 'SELECT count(DISTINCT source) FROM deals')).toBe(1);
      const bad = await runSmk(['--db', db, 'import', 'deals', fixture('bad', 'no-id-column.csv'), '--map', 'idd=Phone']);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('"idd" is not a deal field (did you mean "id"?)');
    });

    it('reports mapping-file errors with file, line and column', async () => {
      const dir = tempDir();
      const file = path.join(dir, 'm.yaml');
      fs.writeFileSync(file, 'kind: leads\ncolums:\n  id: ID\ndecimal: ";"\n');
      const run = await runSmk(['--db', path.join(dir, 'db'), 'import', 'leads', HS_1116, '--mapping', file]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`${file}:2:1  colums: unknown key (did you mean "columns"?); allowed: kind, profile, columns, date_format, timezone, encoding, delimiter, sheet, decimal, set`);
      expect(run.stderr).toContain(`${file}:4:10  decimal: ";" is not allowed; allowed: ., ,`);
    });
  });

  describe('identity and snapshots', () => {
    it('a record repeated in one file updates the one before, whether both are written in one statement or not', async () => {
      // Records are written 32 to an upsert statement, the last few one by one. 70 rows of 66 ids:
      //   rows  1–32 (one statement): L01–L30, L02 again now an MQL (row 31), L31;
      //   rows 33–64 (one statement): L32–L60, L10 again as it was (row 62), L03 again from Organic (row 63), L61;
      //   rows 65–70 (one by one):    L62, L63, L40 again now an MQL (row 67), L64, L65, L66.
      // So 66 inserted; L02, L03 and L40 updated; L10 unchanged; stage changes for L02 and L40 only.
      const id = (n: number) => `L${String(n).padStart(2, '0')}`;
      const row = (n: number, stage = 'lead', source = 'Paid') => `${id(n)},${id(n).toLowerCase()}@x.es,${stage},${source}`;
      const rows = [
        ...Array.from({ length: 30 }, (_, i) => row(i + 1)), row(2, 'mql'), row(31),
        ...Array.from({ length: 29 }, (_, i) => row(i + 32)), row(10), row(3, 'lead', 'Organic'), row(61),
        row(62), row(63), row(40, 'mql'), row(64), row(65), row(66),
      ];
      const dir = tempDir();
      const file = path.join(dir, 'repeats.csv');
      fs.writeFileSync(file, ['id,email,stage,source', ...rows].join('\n') + '\n');
      const db = path.join(dir, 'db.sqlite');
      const [s] = await importJson(db, 'leads', file, '--snapshot-date', '2026-11-16');
      expect(s).toMatchObject({ rows: 70, inserted: 66, updated: 3, unchanged: 1, rejected: 0 });
      expect(scalar(db, 'SELECT count(*) FROM leads')).toBe(66);
      expect(query(db, "SELECT id, stage, source FROM leads WHERE id IN ('L02', 'L03', 'L10', 'L40', 'L66') ORDER BY id")).toEqual([
        { id: 'L02', stage: 'mql', source: 'Paid' },
        { id: 'L03', stage: 'lead', source: 'Organic' },
        { id: 'L10', stage: 'lead', source: 'Paid' },
        { id: 'L40', stage: 'mql', source: 'Paid' },
        { id: 'L66', stage: 'lead', source: 'Paid' },
      ]);
      expect(query(db, 'SELECT lead_id, from_stage, to_stage FROM stage_changes ORDER BY lead_id')).toEqual([
        { lead_id: 'L02', from_stage: 'lead', to_stage: 'mql' },
        { lead_id: 'L40', from_stage: 'lead', to_stage: 'mql' },
      ]);
    });

    it('keeps ids as text: 19-digit Zoho ids and UUIDs are not numbers', async () => {
      const dir = tempDir();
      const file = path.join(dir, 'zoho.csv');
      fs.writeFileSync(file, 'id,email\n4876876000001234567,a@x.es\n0c5ba0b0-6f1e-11ee-b962-0242ac120002,b@x.es\n00042,c@x.es\n');
      const db = path.join(dir, 'db.sqlite');
      await importJson(db, 'leads', file);
      expect(query(db, 'SELECT id, typeof(id) AS type FROM leads ORDER BY email')).toEqual([
        { id: '4876876000001234567', type: 'text' },
        { id: '0c5ba0b0-6f1e-11ee-b962-0242ac120002', type: 'text' },
        { id: '00042', type: 'text' },
      ]);
    });

    it('dates stage changes with the file modification time when no --snapshot-date is given', async () => {
      const dir = tempDir();
      const db = path.join(dir, 'db.sqlite');
      const week1 = path.join(dir, 'week1.csv');
      const week2 = path.join(dir, 'week2.csv');
      fs.writeFileSync(week1, 'id,stage\nL1,lead\n');
      fs.writeFileSync(week2, 'id,stage\nL1,mql\n');
      // Each export's snapshot is its file's time: week 1 before week 2 (a later export is never taken as an older one).
      fs.utimesSync(week1, new Date('2026-11-13T08:00:00Z'), new Date('2026-11-13T08:00:00Z'));
      fs.utimesSync(week2, new Date('2026-11-20T08:00:00Z'), new Date('2026-11-20T08:00:00Z'));
      await importJson(db, 'leads', week1);
      await importJson(db, 'leads', week2);
      expect(query(db, 'SELECT lead_id, from_stage, to_stage, observed_at FROM stage_changes')).toEqual([
        { lead_id: 'L1', from_stage: 'lead', to_stage: 'mql', observed_at: '2026-11-20T08:00:00Z' },
      ]);
    });

    it('does not blank a field that a later file lacks', async () => {
      const dir = tempDir();
      const db = path.join(dir, 'db.sqlite');
      const crm = path.join(dir, 'crm.csv');
      const list = path.join(dir, 'list.csv');
      fs.writeFileSync(crm, 'id,email,owner\nL1,a@x.es,Lucía Fernández\n');
      fs.writeFileSync(list, 'id,email,Notes\nL1,a@x.es,met at the stand\n');
      await importJson(db, 'leads', crm);
      const [s] = await importJson(db, 'leads', list, '--set', 'campaign=SaaStr Milan');
      expect(s).toMatchObject({ updated: 1 });
      expect(query(db, 'SELECT owner, campaign, extra FROM leads')).toEqual([{ owner: 'Lucía Fernández', campaign: 'SaaStr Milan', extra: '{"Notes":"met at the stand"}' }]);
    });
  });
});

describe('--max-rejected (in process)', () => {
  const FILE = fixture('rows-with-errors.csv');
  it('is a count or a share of the rows, and refuses the file only past it', async () => {
    // 5 of 12 rows are bad; 41% of 12 is 4.92 (refused), 42% is 5.04 (imported).
    for (const [limit, code] of [['4', 2], ['5', 0], ['41%', 2], ['42%', 0]] as const) {
      expect((await smkHere(['--db', tempDb(), 'import', 'leads', FILE, '--tz', 'Europe/Madrid', '--max-rejected', limit, '-q'])).code, limit).toBe(code);
    }
    const wrong = await smkHere(['--db', tempDb(), 'import', 'leads', FILE, '--max-rejected', 'many']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("--max-rejected many: write a number of rows (25) or a share of the file's rows (5%)");
    const both = await smkHere(['--db', tempDb(), 'import', 'leads', FILE, '--max-rejected', '3', '--on-error', 'abort']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--max-rejected and --on-error abort: give one (--on-error abort is --max-rejected 0)');
  });
});

describe('a row longer than 10 MB (in process)', () => {
  it('is rejected with its line, and the rows after it keep their line numbers', async () => {
    // Row 2 (L2, line 3) holds a quoted note of 600,000 lines of 20 characters (12 MB), so L3
    // starts on line 4 + 600,000 = 600,004 and the bad row L4 (3 cells) is on line 600,005.
    const file = path.join(tempDir(), 'long.csv');
    const note = 'a line of a note ""\n'.repeat(600_000);
    fs.writeFileSync(file, `id,email,notes\nL1,l1@example.com,short\nL2,l2@example.com,"${note}"\nL3,l3@example.com,short\nL4,l4@example.com\nL5,l5@example.com,"x, y"\n`);
    const db = tempDb();
    const run = await smkHere(['--db', db, 'import', 'leads', file, '--tz', 'UTC', '--max-rejected', '100%', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)[0]).toMatchObject({ rows: 5, inserted: 3, rejected: 2 });
    expect(query(db, 'SELECT line, reason, length(raw) AS length FROM rejected_rows ORDER BY line')).toEqual([
      { line: 3, reason: 'the row is longer than 10 MB (no CRM field holds that much: a quote opened and never closed, or a file pasted into a cell?); it was not imported', length: expect.any(Number) },
      { line: 600_005, reason: 'has 2 cells where the header has 3', length: 17 },
    ]);
    expect(scalar(db, 'SELECT length(raw) < 1000 FROM rejected_rows WHERE line = 3')).toBe(1); // cut, not 12 MB
    expect(query(db, 'SELECT id, extra FROM leads ORDER BY id')).toEqual([
      { id: 'L1', extra: '{"notes":"short"}' }, { id: 'L3', extra: '{"notes":"short"}' }, { id: 'L5', extra: '{"notes":"x, y"}' },
    ]);
  });
});

describe('HubSpot contacts exported with the portal in Spanish (in process)', () => {
  it('detects the hubspot profile with no flags and reads every field from its Spanish header', async () => {
    const db = tempDb();
    const run = await smkHere(['--db', db, 'import', 'leads', fixture('hubspot-contacts-es.csv'), '--tz', 'Europe/Madrid', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const [s] = JSON.parse(run.stdout) as Summary[];
    expect(s).toMatchObject({ profile: 'hubspot', profileDetected: true, encoding: 'utf-8', delimiter: ',', rows: 8, inserted: 8, rejected: 0 });
    expect(s!.extraColumns).toEqual(['Número de teléfono', 'Análisis detallado 1 de la fuente de tráfico original', 'Associated Company IDs']);
    // Values are stored as exported (HubSpot writes the Spanish labels); local times are Europe/Madrid:
    // CEST (UTC+2) up to Sun 2026-10-25, CET (UTC+1) after.
    const lead = (id: string, email: string, first_name: string, last_name: string, company: string | null, source: string, campaign: string | null,
      owner: string | null, country: string, stage: string, status: string | null, created_at: string, extra: Record<string, string>) => ({
      id, email, first_name, last_name, company, source, campaign, owner, score: null, segment: null, country, stage, status, created_at,
      lead_at: null, mql_at: null, sal_at: null, sql_at: null, opportunity_at: null, customer_at: null, first_touch_at: null, rejected_at: null,
      rejection_reason: null, extra: JSON.stringify(extra),
    });
    const DRILL_1 = 'Análisis detallado 1 de la fuente de tráfico original';
    const columns = 'id, email, first_name, last_name, company, source, campaign, owner, score, segment, country, stage, status, created_at, lead_at, mql_at, sal_at, sql_at, opportunity_at, customer_at, first_touch_at, rejected_at, rejection_reason, extra';
    expect(query(db, `SELECT ${columns} FROM leads ORDER BY id`)).toEqual([
      lead('88800000101', 'andres.lozano@example.es', 'Andrés', 'Lozano', null, 'Redes sociales de pago', 'LinkedIn RevOps Q4', 'Javier Ortega', 'Portugal',
        'Lead', 'Abierto', '2026-10-14T10:00:00Z', { 'Número de teléfono': '+351 900 000 101', [DRILL_1]: 'LinkedIn' }),
      lead('88800000102', 'paula.ortiz@example.es', 'Paula', 'Ortiz Ramos', null, 'Tráfico orgánico de redes sociales', null, 'Lucía Fernández', 'España',
        'Lead calificado por marketing', 'No calificado', '2026-10-28T07:50:00Z', { [DRILL_1]: 'LinkedIn' }),
      lead('88800000103', 'sergio.blanco@example.es', 'Sergio', 'Blanco', 'Blanco Hermanos S.A.', 'Referencias', null, 'Javier Ortega', 'España',
        'Cliente', null, '2026-11-05T17:10:00Z', { [DRILL_1]: 'socios.example.es', 'Associated Company IDs': '77700000012' }),
      lead('88800000104', 'elena.marin@example.es', 'Elena', 'Marín Soto', 'Ejemplo Foods S.L.', 'Fuentes sin conexión', 'Meetup SaaS Madrid', 'Lucía Fernández', 'España',
        'Oportunidad', 'Negocio abierto', '2026-11-12T09:00:00Z', { 'Número de teléfono': '+34 600 000 104', [DRILL_1]: 'IMPORT', 'Associated Company IDs': '77700000015' }),
      lead('88800000105', 'ivan.serrano@example.es', 'Iván', 'Serrano', 'Serrano, Ruiz y Asociados', 'Tráfico directo', null, 'Lucía Fernández', 'España',
        'Lead calificado por ventas', 'Conectado', '2026-11-16T12:30:00Z', { 'Associated Company IDs': '77700000019' }),
      lead('88800000106', 'noelia.castro@example.es', 'Noelia', 'Castro Vega', 'Demo Textil S.A.', 'Marketing por email', 'Newsletter Nov', 'Lucía Fernández', 'España',
        'Lead calificado por marketing', 'En curso', '2026-11-18T08:05:00Z',
        { 'Número de teléfono': '+34 600 000 106', [DRILL_1]: 'Newsletter Nov', 'Associated Company IDs': '77700000020' }),
      lead('88800000107', 'raul.dominguez@example.es', 'Raúl', 'Domínguez', null, 'Búsqueda orgánica', null, null, 'España',
        'Suscriptor', null, '2026-11-19T10:20:00Z', { [DRILL_1]: 'google' }),
      lead('88800000108', 'marta.prieto@example.es', 'Marta', 'Prieto Gil', 'Prueba Logística S.L.', 'Búsqueda de pago', 'Google Ads ES Q4', 'Javier Ortega', 'España',
        'Lead', 'Nuevo', '2026-11-20T15:45:00Z', { 'Número de teléfono': '+34 600 000 108', [DRILL_1]: 'google', 'Associated Company IDs': '77700000021' }),
    ]);
  });
});
