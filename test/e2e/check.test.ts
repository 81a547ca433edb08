/** `smk check` on fixtures/check: every finding, its count and examples, as fixtures/check/README.md computes them. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, json, tempDir } from '../helpers.ts';
import { smkHere } from '../in-process.ts';

interface Report {
  asOf: string;
  period: { label: string; start: string; end: string };
  summary: { errors: number; warnings: number; infos: number; failed: boolean };
  findings: Array<{ code: string; level: string; count: number; examples: string[]; message: string; hint?: string }>;
}

const CONFIG = ['--glossary', fixture('check', 'glossary.yaml'), '--sla', fixture('check', 'sla.yaml')];

/** The fixture's exports, taken at the as-of (2026-11-23 00:00 in the SLA's zone, Europe/Madrid). */
async function checkedDb(): Promise<string> {
  const db = path.join(tempDir(), 'check.db');
  expect((await smkHere(['--db', db, ...CONFIG, 'import', 'leads', fixture('check', 'leads.csv'), '--snapshot-date', '2026-11-23', '-q'])).code).toBe(0);
  expect((await smkHere(['--db', db, ...CONFIG, 'import', 'deals', fixture('check', 'deals.csv'), '--snapshot-date', '2026-11-23', '-q'])).code).toBe(0);
  return db;
}
const W47 = ['check', '--week', '2026-W47', '--as-of', '2026-11-23'];

describe('smk check', () => {
  it('finds what fixtures/check/README.md says, with counts and example ids', async () => {
    const db = await checkedDb();
    const run = await smkHere(['--db', db, ...CONFIG, ...W47, '--format', 'json']);
    expect(run.code).toBe(1);
    const report = json<Report>(run);
    expect(report.period).toEqual({ label: '2026-W47', start: '2026-11-15T23:00:00Z', end: '2026-11-22T23:00:00Z' });
    expect(report.asOf).toBe('2026-11-22T23:00:00Z');
    expect(report.findings.map((f) => [f.level, f.code, f.count, f.examples])).toEqual([
      ['warn', 'unknown-stage', 1, ['C06']],
      ['warn', 'unknown-lead-status', 1, ['C10']],
      ['warn', 'unknown-deal-stage', 1, ['D5']],
      ['warn', 'unknown-source', 1, ['C06']],
      ['warn', 'unknown-segment', 1, ['C06']],
      ['warn', 'unknown-rejection-reason', 1, ['C09']],
      ['warn', 'unknown-lost-reason', 1, ['D4']],
      ['warn', 'mql-requirements-unmet', 2, ['C04', 'C05']],
      ['error', 'stage-dates-out-of-order', 1, ['C08']],
      ['error', 'future-date', 1, ['C08']],
      ['error', 'deal-closed-before-created', 1, ['D4']],
      ['warn', 'won-deal-without-amount', 1, ['D2']],
      ['warn', 'deal-without-lead', 1, ['D3']],
      ['warn', 'duplicate-email', 2, ['C01', 'C07']],
      ['warn', 'mql-without-owner', 1, ['C04']],
      ['warn', 'rejection-without-reason', 1, ['C05']],
      ['error', 'first-touch-late', 1, ['C02']],
      ['error', 'first-touch-overdue', 1, ['C04']],
      ['warn', 'decision-late', 1, ['C04']],
      ['error', 'mql-volume-under-target', 1, []],
      ['error', 'mql-volume-under-target', 1, []],
      ['error', 'mql-volume-under-target', 1, []],
      ['warn', 'pipeline-under-target', 1, ['D3']],
    ]);
    expect(report.summary).toEqual({ errors: 8, warnings: 15, infos: 0, failed: true });
    const message = (code: string) => report.findings.find((f) => f.code === code)!.message;
    expect(message('unknown-stage')).toContain('"Marketing Qualifed Lead" (1, did you mean mql?)');
    expect(message('mql-requirements-unmet')).toBe('2 of 5 MQLs of 2026-W47 miss the MQL requirements (no owner 1, score under 50 1); 60% met them, the SLA asks for 90%');
    expect(message('first-touch-late')).toBe('1 of 4 MQLs due in 2026-W47 touched later than 4 working hours; 50% in time, the SLA asks for 100%');
    expect(message('first-touch-overdue')).toContain('up to 22.0 working hours past the deadline');
    expect(message('decision-late')).toBe('1 of 3 MQLs due in 2026-W47 not accepted or rejected within 2 working days');
    expect(report.findings.filter((f) => f.code === 'mql-volume-under-target').map((f) => f.message)).toEqual([
      '5 MQLs in 2026-W47 against a target of 6',
      '5 MQLs from segment founder in 2026-W47 against a target of 6',
      '1 MQL from source organic_search in 2026-W47 against a target of 2',
    ]);
    expect(message('pipeline-under-target')).toBe('500 EUR of pipeline opened in 2026-W47 (1 deal) against a target of 5000 EUR');
  });

  it('gives the same answer every time for one --as-of', async () => {
    const db = await checkedDb();
    const first = (await smkHere(['--db', db, ...CONFIG, ...W47, '--format', 'json'])).stdout;
    expect((await smkHere(['--db', db, ...CONFIG, ...W47, '--format', 'json'])).stdout).toBe(first);
  });

  it('exit codes follow --fail-on', async () => {
    const db = await checkedDb();
    expect((await smkHere(['--db', db, ...CONFIG, ...W47, '--fail-on', 'never'])).code).toBe(0);
    expect((await smkHere(['--db', db, ...CONFIG, ...W47, '--fail-on', 'warn'])).code).toBe(1);
    // An SLA whose promises are all warnings and a week with nothing to fail: exit 0.
    expect((await smkHere(['--db', db, ...CONFIG, 'check', '--week', '2026-W40', '--as-of', '2026-10-05', '--format', 'json'])).code).toBe(1); // C08's future date is an error whatever the week
  });

  it('says the data is stale when the newest export was taken longer ago than the SLA allows, by when it was taken', async () => {
    const db = await checkedDb();
    // The exports were taken 2026-11-23 00:00 Madrid (2026-11-22T23:00:00Z): 9 days before 2026-12-02, past 8 days; 8 days before 12-01 is not.
    const stale = async (asOf: string) => json<Report>(await smkHere(['--db', db, ...CONFIG, 'check', '--week', '2026-W47', '--as-of', asOf, '--format', 'json'])).findings.filter((f) => f.code === 'stale-data');
    expect(await stale('2026-12-01')).toEqual([]);
    const late = await stale('2026-12-02');
    expect(late.map((f) => [f.level, f.examples])).toEqual([['error', ['leads']], ['error', ['deals']]]);
    expect(late[0]!.message).toBe('the newest leads export was taken 9.0 days before the as-of (limit 8d)');
  });

  it('counts an export taken two months before it was imported by when it was taken, and one taken after the as-of as not there yet', async () => {
    const db = path.join(tempDir(), 'old.db');
    expect((await smkHere(['--db', db, ...CONFIG, 'import', 'leads', fixture('check', 'leads.csv'), '--snapshot-date', '2026-09-23', '-q'])).code).toBe(0);
    expect((await smkHere(['--db', db, ...CONFIG, 'import', 'deals', fixture('check', 'deals.csv'), '--snapshot-date', '2026-11-30', '-q'])).code).toBe(0);
    const stale = json<Report>(await smkHere(['--db', db, ...CONFIG, ...W47, '--format', 'json'])).findings.filter((f) => f.code === 'stale-data');
    // Leads: taken 09-23 00:00 CEST (09-22T22:00Z), 61 days and 1 hour before 11-22T23:00Z = 61.04 days. Deals: taken 11-30, after the as-of.
    expect(stale.map((f) => f.message)).toEqual([
      'the newest leads export was taken 61.0 days before the as-of (limit 8d)',
      'no deals export taken by the as-of (the first was taken 2026-11-29T23:00:00Z, after it)',
    ]);
  });

  it('renders the same findings as a table and as Markdown', async () => {
    const db = await checkedDb();
    const table = await smkHere(['--db', db, ...CONFIG, ...W47]);
    expect(table.stdout.split('\n')[0]).toBe('smk check 2026-W47 as of 2026-11-22T23:00:00Z: 8 errors, 15 warnings, 0 notes: FAILED');
    expect(table.stdout).toContain('stage-dates-out-of-order');
    expect(Math.max(...table.stdout.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
    expect(table.stdout).not.toMatch(/\x1b\[/);
    const markdown = await smkHere(['--db', db, ...CONFIG, ...W47, '--format', 'markdown']);
    expect(markdown.stdout).toContain('| error | `first-touch-overdue` | 1 |');
    expect(markdown.stdout.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| level') && !l.startsWith('| ---'))).toHaveLength(23); // 8 errors + 15 warnings
  });

  it('refuses bad periods and as-of values as usage errors', async () => {
    const db = await checkedDb();
    expect((await smkHere(['--db', db, ...CONFIG, 'check', '--week', '2026-47'])).stderr).toContain('"2026-47" is not an ISO week');
    expect((await smkHere(['--db', db, ...CONFIG, 'check', '--from', '2026-11-16'])).stderr).toContain('--from and --to go together');
    expect((await smkHere(['--db', db, ...CONFIG, 'check', '--as-of', '2026-11-23T08:00'])).stderr).toContain('a date-time needs its offset');
    expect((await smkHere(['--db', db, ...CONFIG, 'check', '--as-of', 'yesterday'])).code).toBe(2);
  });
});
