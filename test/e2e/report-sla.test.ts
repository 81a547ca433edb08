/**
 * `smk report sla` on fixtures/check, whose README works out the SLA of 2026-W47 as of
 * 2026-11-23 (Europe/Madrid, CET = UTC+1; Mon–Fri 09:00–18:00). The figures below are
 * those, recomputed here where the README does not spell them out:
 *
 * First touch within 4 working hours, due in W47 (deadline in W47 and before the as-of):
 *   C01 MQL Mon 10:00, due 14:00, touched 11:00: in time, 1 h
 *   C02 MQL Mon 16:00, due Tue 11:00, touched Tue 14:00: late by 3 h; response 2 h Mon + 5 h Tue = 7 h
 *   C04 MQL Wed 10:00, due 14:00, never touched: open, 4 + 9 + 9 = 22 working hours at the as-of
 *   C05 MQL Thu 09:30, due 13:30, touched 10:00: in time, 0.5 h
 *   (C03 MQL Fri 17:30 falls due Mon 11-23 12:30: week 48.)
 *   → due 4, in time 2, late 1, open 1; compliance 2/4 = 50 %; responses [0.5, 1, 7]:
 *     median 1, p90 = 3rd of 3 (ceil 2.7) = 7.
 * Decision within 2 working days (accepted = passing SAL, by any evidence: docs/metrics.md): C01 due Wed
 *   10:00, accepted by Mon 11:00 at the latest, when its won deal D1 closed (before its SAL date, 12:00) (1 h):
 *   in time; C02 due Wed 16:00, SQL Wed 10:00 (2 + 9 + 1 = 12 h): in time; C04 due Fri 10:00, undecided:
 *   open, 8 h at the as-of. (C05 falls due Mon 11-23 09:30.) → due 3, in time 2, open 1; 2/3;
 *   responses [1, 12]: median 6.5, p90 12.
 * Rejections in W47: C05 (Thu), without a reason → 1 of 1.
 * Marketing: MQLs passed in W47 = C01–C05 = 5 against 6 (gap 1); segment founder 5 of 6;
 *   source organic_search (C02) 1 of 2; requirements met by C01, C02, C03 = 3 of 5 = 60 %.
 * Previous week W46: C08's MQL Tue 11-10 10:00 was touched at 11:00 (in time, 1 h) and its SQL
 *   (11-05) decided it in time: 1 of 1 both ways; no MQL passed in W46 (C08 passed MQL on 11-05
 *   with its SQL), so 0 delivered.
 * Exit code 1: first touch (fail) under 100 %, and MQL volume (fail) short overall, for founder and organic search.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, smk, tempDir } from '../helpers.ts';
import { smkHere } from '../in-process.ts';

let db: string;
const CONFIG = ['--glossary', fixture('check', 'glossary.yaml'), '--sla', fixture('check', 'sla.yaml')];
const W47 = ['--week', '2026-W47', '--as-of', '2026-11-23'];
const sla = (...args: string[]) => smkHere(['--db', db, ...CONFIG, 'report', 'sla', ...W47, ...args]);

beforeAll(async () => {
  db = path.join(tempDir(), 'sla.db');
  expect((await smkHere(['--db', db, 'import', 'leads', fixture('check', 'leads.csv'), '-q'])).code).toBe(0);
  expect((await smkHere(['--db', db, 'import', 'deals', fixture('check', 'deals.csv'), '-q'])).code).toBe(0);
});

describe('smk report sla on fixtures/check, 2026-W47', () => {
  it('has every figure worked out above, in JSON, and exits 1', async () => {
    const run = await sla('--format', 'json');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.period).toEqual({ label: '2026-W47', start: '2026-11-15T23:00:00Z', end: '2026-11-22T23:00:00Z' });
    expect(report.previousPeriod.label).toBe('2026-W46');
    const now = report.current;
    expect(now.firstTouch).toMatchObject({ due: 4, inTime: 2, late: 1, open: 1, compliance: 0.5, medianHours: 1, p90Hours: 7, kept: false, level: 'fail' });
    expect(now.decision).toMatchObject({ due: 3, inTime: 2, late: 0, open: 1, medianHours: 6.5, p90Hours: 12, kept: false, level: 'warn' });
    expect(now.decision.compliance).toBeCloseTo(2 / 3, 10);
    expect(now.rejections).toMatchObject({ rejected: 1, withoutReason: 1 });
    expect(now.marketing.volume.map((v: { term: string; delivered: number; target: number; gap: number }) => [v.term, v.delivered, v.target, v.gap])).toEqual([
      ['overall', 5, 6, 1],
      ['founder', 5, 6, 1],
      ['organic_search', 1, 2, 1],
    ]);
    expect(now.marketing).toMatchObject({ mqls: 5, meetingRequirements: 3, requirementsShare: 0.6 });
    expect(now.dimension).toBe('owner');
    expect(now.byGroup.map((g: { value: string; due: number; inTime: number; late: number; untouched: number; medianHours: number | null }) => [g.value, g.due, g.inTime, g.late, g.untouched, g.medianHours])).toEqual([
      ['(none)', 1, 0, 0, 1, null],
      ['Marco Bianchi', 1, 0, 1, 0, 7],
      ['Javier Ortega', 1, 1, 0, 0, 0.5],
      ['Lucía Fernández', 1, 1, 0, 0, 1],
    ]);
    expect(now.breachCount).toBe(3);
    expect(now.breaches.map((b: { id: string; promise: string; status: string; hoursLate: number; deadline: string }) => [b.id, b.promise, b.status, b.hoursLate, b.deadline])).toEqual([
      ['C04', 'first-touch', 'open', 22, '2026-11-18T13:00:00Z'],
      ['C04', 'decision', 'open', 8, '2026-11-20T09:00:00Z'],
      ['C02', 'first-touch', 'late', 3, '2026-11-17T10:00:00Z'],
    ]);
    expect(now.breaches[2]).toMatchObject({ name: 'Bruno Neri', email: 'bruno@brio.it', owner: 'Marco Bianchi', mqlAt: '2026-11-16T15:00:00Z', doneAt: '2026-11-17T13:00:00Z' });
    expect(now.broken).toHaveLength(4);
    const before = report.previous;
    expect(before.firstTouch).toMatchObject({ due: 1, inTime: 1, compliance: 1, medianHours: 1 });
    expect(before.decision).toMatchObject({ due: 1, inTime: 1, compliance: 1 });
    expect(before.marketing.volume[0]).toMatchObject({ delivered: 0, target: 6 });
  });

  it('--no-exit-code exits 0 for dashboards', async () => {
    expect((await sla('--format', 'json', '--no-exit-code')).code).toBe(0);
  });

  it('--redact hides names and emails; --limit keeps the longest breaches', async () => {
    const report = JSON.parse((await sla('--format', 'json', '--redact', '--limit', '1')).stdout);
    expect(report.current.breachCount).toBe(3);
    expect(report.current.breaches).toEqual([
      { id: 'C04', owner: null, promise: 'first-touch', mqlAt: '2026-11-18T09:00:00Z', deadline: '2026-11-18T13:00:00Z', doneAt: null, status: 'open', hoursLate: 22 },
    ]);
    const text = (await sla('--format', 'text', '--redact')).stdout;
    expect(text).not.toContain('bruno@brio.it');
    expect(text).not.toContain('Bruno Neri');
    expect(text).toContain('C02');
  });

  it('prints the same figures as plain text (piped), a table, Markdown and CSV', async () => {
    // On the built smk, whose standard output is really piped: not a terminal, plain aligned text.
    const plain = smk(['--db', db, ...CONFIG, 'report', 'sla', ...W47]).stdout;
    expect(plain).toMatch(/first touch \(4 working hours\) +4 +2 +1 +1 +50% +100% +BROKEN/);
    expect(plain).toMatch(/accept or reject \(2 working days\) +3 +2 +0 +1 +66\.7% +100% +missed \(warn\)/);
    expect(plain).toMatch(/first touch \(4 working hours\) +1 +7 +100% +−50 pp/);
    expect(plain).toMatch(/accept or reject \(2 working days\) +6\.5 +12 +100% +−33\.3 pp/);
    // Each team's unkept promises under its own heading.
    const sales = plain.slice(plain.indexOf('SLA: sales'), plain.indexOf('SLA: marketing'));
    expect(sales).toContain('Broken: first touch within 4 working hours: 2 of 4 in time (50%), the SLA asks for 100%.');
    expect(sales).not.toContain('delivered against a target');
    const marketing = plain.slice(plain.indexOf('SLA: marketing'), plain.indexOf('SLA: breaches'));
    expect(marketing).toContain('Broken: MQLs from source Organic search: 1 delivered against a target of 2.');
    expect(marketing).toMatch(/pipeline opened \(EUR\) +500 +5,000 +4,500 +0 +\+500 +missed \(warn\)/);
    expect(plain).toMatch(/C04 +Dario Villa +dario@duna\.it +– +first touch +2026-11-18 10:00 +2026-11-18 14:00 +open +22/);
    expect(plain).toMatch(/MQLs delivered +5 +6 +1 +0 +\+5 +BROKEN/);

    const table = stripVTControlCharacters((await sla('--format', 'table', '--color')).stdout);
    expect(table).toMatch(/│ first touch \(4 working hours\)\s*│\s*4\s*│\s*2\s*│\s*1\s*│\s*1\s*│\s*50%\s*│\s*100%\s*│ BROKEN/);
    for (const line of table.split('\n')) expect(line.length).toBeLessThanOrEqual(100);

    const markdown = (await sla('--format', 'markdown')).stdout;
    expect(markdown).toContain('| first touch (4 working hours) | 4 | 2 | 1 | 1 | 50% | 100% | BROKEN |');
    expect(markdown).toContain('| first touch (4 working hours) | 1 | 7 | 100% | −50 pp |');
    expect(markdown).toContain('| 5 | 3 | 60% | 90% | – | – | missed (warn) |');

    const csv = (await sla('--format', 'csv')).stdout;
    expect(csv).toContain('# sla-sales: ');
    expect(csv).toContain('promise,due,in_time,late,open,compliance,at_least,status\n');
    expect(csv).toContain('first touch (4 working hours),4,2,1,1,0.5,1,BROKEN\n');
    expect(csv).toContain('first touch (4 working hours),1,7,1,-0.5\n');
    expect(csv).toContain('C04,Dario Villa,dario@duna.it,,first touch,2026-11-18T09:00:00Z,2026-11-18T13:00:00Z,open,22');
  });

  it('shows numbers and dates the Spanish way with --locale es-ES, and JSON stays locale-free', async () => {
    const text = (await sla('--format', 'text', '--locale', 'es-ES')).stdout;
    expect(text).toContain('66,7\u00a0%');
    expect(text).toContain('18/11/2026 10:00');
    expect((await sla('--format', 'json', '--locale', 'es-ES')).stdout).toContain('"compliance": 0.5');
  });

  it('groups the first touch by another dimension with --by', async () => {
    const report = JSON.parse((await sla('--format', 'json', '--by', 'segment')).stdout);
    expect(report.current.dimension).toBe('segment');
    expect(report.current.byGroup.map((g: { value: string; due: number }) => [g.value, g.due])).toEqual([['Founder', 4]]);
  });

  it('writes to a file with -o', async () => {
    const out = path.join(tempDir(), 'sla.md');
    const run = await sla('--format', 'markdown', '-o', out);
    expect(run.stdout).toBe('');
    expect(fs.readFileSync(out, 'utf8')).toContain('# SLA 2026-W47');
  });

  it('says a week had no activity and exits 0', async () => {
    const run = await smkHere(['--db', db, ...CONFIG, 'report', 'sla', '--week', '2026-W30', '--as-of', '2026-11-23']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No activity in 2026-W30: no lead was created, entered a stage or was rejected, and no deal was opened or closed.');
  });

  it.each([
    [['--locale', 'xx-!!'], '--locale xx-!!'],
    [['--limit', 'many'], '--limit many'],
    [['--by', 'planet'], "argument 'planet' is invalid"],
    [['--week', '2026-W60'], '2026 has no week 60'],
  ])('refuses %j with one line and exit 2', async (args, message) => {
    const run = await smkHere(['--db', db, ...CONFIG, 'report', 'sla', '--as-of', '2026-11-23', ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
