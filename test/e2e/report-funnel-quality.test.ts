/**
 * `smk report funnel` and `smk report quality` on fixtures/check (2026-W47 as of 2026-11-23,
 * Europe/Madrid). The glossary's stages are lead → mql → sal → sql → opportunity → customer;
 * the file has created_at, mql_at, sal_at and sql_at. Worked out by hand (times UTC) with the
 * rules of docs/metrics.md ("Common ground": one lead, one story):
 *
 * Deals: D1 (C01) won, created 11-01, closed 11-16 10:00, 1000 EUR; D2 (C02) won, created 11-02,
 * closed 11-18 10:00, no amount; D4 (C01) lost, created 10-15; D5 (C08) open, created 11-04; D3 unlinked.
 * A deal makes its lead an opportunity at the deal's creation and a won deal a customer at its close;
 * a date before the lead's creation (D1, D2, D4 were opened before C01 and C02 existed) says the stage
 * was reached, not when. A lead enters the first stage when created.
 *
 * Passed dates r(l, S) = the earliest date of S or a later stage:
 *   C01 created 11-16 08:00, MQL 09:00, SAL 11:00, customer 10:00 (D1 closed) → lead 08:00, MQL 09:00,
 *       SAL = SQL = opportunity = customer = 10:00 (the customer date is earlier than the SAL date); reached customer
 *   C02 created 11-16 14:00, MQL 15:00, SQL 11-18 09:00, customer 11-18 10:00 (D2) → lead 14:00, MQL 15:00,
 *       SAL = SQL = 11-18 09:00, opportunity = customer = 11-18 10:00; reached customer
 *   C03 MQL 11-20 16:30; C04 MQL 11-18 09:00; C05 MQL 11-19 08:30 (rejected 11-19): reached MQL, created in W47
 *   C06 created 11-17 10:00 (unknown stage): passed lead at its creation, reached lead
 *   C08 created 12-01 (after the as-of: not yet), D5 opened 11-04, SQL 11-05, MQL 11-10 → lead to
 *       opportunity all passed on 11-04 (week 45)
 *   C07, C09, C10 created 11-02, 11-03, 11-05 (week 45).
 * Flow W47: lead 6 (C01–C06), MQL 5 (C01–C05), SAL 2, SQL 2, opportunity 2, customer 2 (C01, C02).
 * Flow W46: 0 everywhere.
 * MQL cohort W47 = C01–C05 (5): reached MQL 5, SAL 2, SQL 2, opportunity 2, customer 2;
 *   conversion 5/5 = 1, 2/5 = 0.4, 2/2 = 1, 2/2 = 1, 2/2 = 1; MQL → customer 2/5 = 0.4.
 *   Median days MQL → SAL over C01 (1 h = 1/24 d) and C02 (42 h = 1.75 d): (1/24 + 1.75) / 2 = 0.895833;
 *   SAL → SQL: 0 and 0 → 0; SQL → opportunity: 0 (C01) and 1 h (C02) → 1/48 d; opportunity → customer: 0.
 *   Won deals: D1 and D2 → 2; revenue 1000 EUR (D2 has no amount).
 * Created cohort W47 (created_at in W47): C01–C06 (6), all passed lead (6/6).
 *
 * Quality W47, leads created in W47: C01, C03, C04, C05 (PAID_SEARCH → "Paid search"), C02
 * (ORGANIC_SEARCH → "Organic search"), C06 ("Google Adwords", unknown to the glossary: as written).
 *   Paid search: 4 leads, 4 MQLs (1), accepted C01 (1/4), rejected C05 (1/4, no reason → "(none)"),
 *     SQL C01 (1/4), opportunities C01 (deals D1, D4) = 1, won D1 = 1, lost D4 = 1, win rate 1/2,
 *     revenue 1000 EUR, per lead 250, score (70 + 55 + 65 + 30) / 4 = 55.
 *   Google Adwords: 1 lead, 0 MQLs (MQL rate 0, other rates none), score 40.
 *   Organic search: 1 lead, 1 MQL, accepted 1, SQL 1, opportunity (D2) 1, won 1 of 1, revenue none, score 60.
 *   Total: 6 leads, 5 MQLs (5/6), accepted 2 (0.4), rejected 1 (0.2), SQL 2 (0.4), opportunities 2,
 *     won 2, lost 1 (2/3), revenue 1000 EUR, per lead 1000/6 = 166.67 (to the cent), score 320/6.
 *   Bands: 0–25 none; 25–50 C05, C06 (2 leads, 0 SQL, 0 customers); 50–75 C01, C02, C03, C04 (4 leads,
 *     SQL C01, C02: 2/4, customers C01, C02: 2/4); 75–100 none.
 * W46: no lead was created in it.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, scalar, smk, tempDir } from '../helpers.ts';
import { smkHere } from '../in-process.ts';

let db: string;
const CONFIG = ['--glossary', fixture('check', 'glossary.yaml'), '--sla', fixture('check', 'sla.yaml')];
const W47 = ['--week', '2026-W47', '--as-of', '2026-11-23'];
const report = (name: string, ...args: string[]) => smkHere(['--db', db, ...CONFIG, 'report', name, ...W47, ...args]);
const jsonOf = async (name: string, ...args: string[]) => {
  const run = await report(name, '--format', 'json', ...args);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
};

beforeAll(async () => {
  db = path.join(tempDir(), 'reports.db');
  // The exports were taken at the as-of, 2026-11-23 00:00 in the SLA's zone (2026-11-22T23:00:00Z).
  expect((await smkHere(['--db', db, ...CONFIG, 'import', 'leads', fixture('check', 'leads.csv'), '--snapshot-date', '2026-11-23', '-q'])).code).toBe(0);
  expect((await smkHere(['--db', db, ...CONFIG, 'import', 'deals', fixture('check', 'deals.csv'), '--snapshot-date', '2026-11-23', '-q'])).code).toBe(0);
});

describe('smk report funnel on fixtures/check', () => {
  it('counts the flow and the MQL cohort as worked out above', async () => {
    const funnel = await jsonOf('funnel');
    expect(funnel.report).toBe('funnel');
    expect(funnel.current.flow).toEqual({ lead: 6, mql: 5, sal: 2, sql: 2, opportunity: 2, customer: 2 });
    expect(funnel.previous.flow).toEqual({ lead: 0, mql: 0, sal: 0, sql: 0, opportunity: 0, customer: 0 });
    const cohort = funnel.current.cohort;
    expect(cohort).toMatchObject({ kind: 'mql', size: 5, toCustomer: 0.4, wonDeals: 2, wonRevenue: [{ currency: 'EUR', amount: 1000 }] });
    expect(cohort.stages.map((s: { stage: string; reached: number; conversion: number | null }) => [s.stage, s.reached, s.conversion])).toEqual([
      ['mql', 5, 1], ['sal', 2, 0.4], ['sql', 2, 1], ['opportunity', 2, 1], ['customer', 2, 1],
    ]);
    expect(cohort.stages[1].medianDays).toBeCloseTo((1 / 24 + 1.75) / 2, 10);
    expect(cohort.stages[2].medianDays).toBe(0);
    expect(cohort.stages[3].medianDays).toBeCloseTo(1 / 48, 10);
    expect(cohort.stages[4].medianDays).toBe(0);
    expect(funnel.previous.cohort).toMatchObject({ size: 0, toCustomer: null, wonDeals: 0, wonRevenue: [] });
  });

  it('takes the leads created in the period with --cohort created', async () => {
    const funnel = await jsonOf('funnel', '--cohort', 'created');
    expect(funnel.current.cohort.size).toBe(6);
    // C01–C06 passed lead when created; C06's stage is unknown, but a created lead is in the funnel.
    expect(funnel.current.cohort.stages[0]).toMatchObject({ stage: 'lead', reached: 6, conversion: 1 });
  });

  it('breaks the cohort down by source through the glossary with --by, with each group\'s won deals and revenue in the table', async () => {
    const funnel = await jsonOf('funnel', '--by', 'source');
    type Group = { value: string; current: { cohort: { size: number; wonDeals: number; wonRevenue: unknown } } };
    const groups = Object.fromEntries(funnel.by.groups.map((g: Group) => [g.value, g.current.cohort]));
    // Paid search: C01, C03, C04, C05, of which C01 won D1 (1000 EUR); Organic search: C02, which won D2 (no amount).
    expect(groups['Paid search']).toMatchObject({ size: 4, wonDeals: 1, wonRevenue: [{ currency: 'EUR', amount: 1000 }] });
    expect(groups['Organic search']).toMatchObject({ size: 1, wonDeals: 1, wonRevenue: null }); // D2 has no amount: unknown
    const csv = (await report('funnel', '--by', 'source', '--format', 'csv')).stdout;
    expect(csv).toContain('value,cohort,sal,sql,opportunity,customer,to_last,won_deals,won_revenue,previous_cohort,cohort_change\n');
    expect(csv).toContain('Paid search,4,1,1,1,1,0.25,1,1000,0,4\n');
    // D2 has no amount: Organic search's revenue is unknown (empty), not 0, and the table says why.
    expect(csv).toContain('Organic search,1,1,1,1,1,1,1,,0,1\n');
    expect(csv).toContain('# 1 of the 2 won deals has no amount: won revenue counts only the other 1\n');
    expect((await report('funnel', '--by', 'source')).stdout).toMatch(/won deals +won revenue \(EUR\)/);
  });

  it('draws the flow with bars in plain text and prints the same numbers in Markdown and CSV', async () => {
    const plain = (await report('funnel')).stdout;
    // Lead is the largest flow (6): the longest bar; SAL 2 of 6 is a third of it.
    const bar = (stage: string) => new RegExp(`^${stage} +\\d+ +(█*)`, 'm').exec(plain)?.[1]?.length ?? 0;
    expect(bar('Lead')).toBeGreaterThan(0);
    expect(bar('SAL') / bar('Lead')).toBeCloseTo(1 / 3, 1);
    expect(bar('Opportunity') / bar('Lead')).toBeCloseTo(1 / 3, 1);
    expect((await report('funnel', '--format', 'markdown')).stdout).toContain('| SAL | 2 | 40% | 0.9 | 0 | – | – |');
    const csv = (await report('funnel', '--format', 'csv')).stdout;
    expect(csv).toContain('stage,entered,previous,change\nLead,6,0,6\n');
    expect(csv).toContain('cohort size,5,0,5\n');
  });
});

describe('smk report quality on fixtures/check', () => {
  it('has every figure per source and in total as worked out above', async () => {
    const quality = await jsonOf('quality');
    expect(quality.dimension).toBe('source');
    const rows = Object.fromEntries(quality.current.groups.map((r: { value: string }) => [r.value, r]));
    expect(quality.current.groups.map((r: { value: string }) => r.value)).toEqual(['Paid search', 'Google Adwords', 'Organic search']);
    const eur = (amount: number) => [{ currency: 'EUR', amount }];
    expect(rows['Paid search']).toMatchObject({
      leads: 4, mqls: 4, mqlRate: 1, accepted: 1, acceptanceRate: 0.25, rejected: 1, rejectionRate: 0.25, topReasons: [['(none)', 1]],
      sqls: 1, sqlRate: 0.25, opportunities: 1, wonDeals: 1, lostDeals: 1, winRate: 0.5, wonRevenue: eur(1000), revenuePerLead: eur(250), averageScore: 55,
    });
    expect(rows['Google Adwords']).toMatchObject({
      leads: 1, mqls: 0, mqlRate: 0, acceptanceRate: null, rejectionRate: null, sqlRate: null, opportunities: 0, winRate: null, averageScore: 40,
    });
    // D2, its won deal, has no amount: the revenue per lead is unknown (null), not 0.
    expect(rows['Organic search']).toMatchObject({ leads: 1, mqls: 1, acceptanceRate: 1, sqlRate: 1, opportunities: 1, wonDeals: 1, wonUnpriced: 1, winRate: 1, wonRevenue: null, revenuePerLead: null, averageScore: 60 });
    const total = quality.current.total;
    expect(total).toMatchObject({ leads: 6, mqls: 5, acceptanceRate: 0.4, rejectionRate: 0.2, sqlRate: 0.4, opportunities: 2, wonDeals: 2, wonUnpriced: 1, lostDeals: 1, wonRevenue: eur(1000) });
    expect(total.mqlRate).toBeCloseTo(5 / 6, 10);
    expect(total.winRate).toBeCloseTo(2 / 3, 10);
    expect(total.revenuePerLead).toEqual(eur(166.67));
    expect(total.averageScore).toBeCloseTo(320 / 6, 10);
    expect(quality.previous.total).toMatchObject({ leads: 0, mqlRate: null });
  });

  it('groups the leads in score bands, the last one closed', async () => {
    const bands = (await jsonOf('quality')).current.bands.map((b: { band: string; leads: number; sqls: number; sqlRate: number | null; customers: number }) => [b.band, b.leads, b.sqls, b.sqlRate, b.customers]);
    expect(bands).toEqual([['0–25', 0, 0, null, 0], ['25–50', 2, 0, 0, 0], ['50–75', 4, 2, 0.5, 2], ['75–100', 0, 0, null, 0]]);
    const custom = (await jsonOf('quality', '--bands', '0,60,100')).current.bands.map((b: { band: string; leads: number }) => [b.band, b.leads]);
    // Under 60: C03 55, C05 30, C06 40; 60 to 100: C01 70, C02 60, C04 65.
    expect(custom).toEqual([['0–60', 3], ['60–100', 3]]);
  });

  it('prints the table in text, Markdown and CSV forms with the same figures', async () => {
    expect((await report('quality')).stdout).toMatch(/Paid search +4 +4 +100% +25% +25% +25% +1 +1 +50% +1,000 +250 +55/);
    expect((await report('quality')).stdout).toMatch(/revenue \(EUR\) +per lead \(EUR\)/);
    expect((await report('quality', '--format', 'markdown')).stdout).toContain('| Paid search | 4 | 4 | 100% | 25% | 25% | 25% | 1 | 1 | 50% | 1,000 | 250 | 55 |');
    expect((await report('quality', '--format', 'csv')).stdout).toContain('Paid search,4,4,1,0.25,0.25,0.25,1,1,0.5,1000,250,55\n');
    expect((await report('quality', '--format', 'text', '--locale', 'it-IT')).stdout).toMatch(/Paid search +4 +4 +100\u00a0?% +25\u00a0?% +25\u00a0?% +25\u00a0?% +1 +1 +50\u00a0?% +1\.000 +250 +55/);
  });

  it('refuses bands that do not go up, with exit 2', async () => {
    const run = await report('quality', '--bands', '50,25');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--bands 50,25: the band edges must go up');
  });
});

/**
 * `smk review` on the same data. Headline, W47 against W46 (worked out above and in report-sla.test.ts):
 * new leads (created) 6 (C01–C06) vs 0; MQLs (entering MQL) 5 vs 0, target 6; SQLs 2 (C01, C02) vs 0;
 * opportunities 2 (C01, C02) vs 0; won deals closed in the week: D1 (11-16, 1000 EUR) and D2 (11-18,
 * no amount) = 2 and 1000 EUR vs 0; MQL → SQL of the cohort 2/5 = 0.4 vs none; first touch 2/4 vs 1/1;
 * decision 2/3 vs 1/1; MQLs delivered 5/6 vs 0/6. Check: 8 errors and 15 warnings
 * (fixtures/check/README.md), 7 of them unknown terms. To discuss: first the promises broken in W47,
 * fail level first, marketing before sales within a level: MQL volume overall 5 of 6, segment founder
 * 5 of 6, source organic_search 1 of 2 (marketing, fail), first touch 2 of 4 (sales, fail), MQL
 * requirements 3 of 5 and pipeline 500 of 5000 EUR (marketing, warn), decision 2 of 3 and rejection
 * reasons (sales, warn: C05 rejected in W47 without a reason, 1 of 1); then the three longest breaches
 * (C04 first touch 22 h, C04 decision 8 h, C02 first touch 3 h). No source is called best or worst:
 * Paid search has 4 MQLs, Organic search 1, under the minimum of 5.
 */
describe('smk review on fixtures/check', () => {
  it('has the headline, the check findings and the items to discuss', async () => {
    const run = await smkHere(['--db', db, ...CONFIG, 'review', ...W47, '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const review = JSON.parse(run.stdout);
    const headline = Object.fromEntries(review.headline.map((h: { key: string; current: number | null; previous: number | null }) => [h.key, [h.current, h.previous]]));
    expect(headline).toMatchObject({
      newLeads: [6, 0], mqls: [5, 0], sqls: [2, 0], opportunities: [2, 0], wonDeals: [2, 0], wonRevenue: [1000, 0],
      mqlToSqlRate: [0.4, null], firstTouchCompliance: [0.5, 1], decisionCompliance: [2 / 3, 1],
    });
    expect(review.headline.filter((h: { key: string }) => h.key === 'wonRevenue').map((h: { currency: string }) => h.currency)).toEqual(['EUR']);
    expect(headline.mqlDelivery[0]).toBeCloseTo(5 / 6, 10);
    expect(review.headline.find((h: { key: string }) => h.key === 'mqls').target).toBe(6);
    expect(review.findings.filter((f: { level: string }) => f.level === 'error')).toHaveLength(8);
    expect(review.findings.filter((f: { level: string }) => f.level === 'warn')).toHaveLength(15);
    expect(review.discuss.unknownTerms).toHaveLength(7);
    expect(review.discuss.breaches.map((b: { id: string; promise: string; hoursLate: number }) => [b.id, b.promise, b.hoursLate])).toEqual([
      ['C04', 'first-touch', 22], ['C04', 'decision', 8], ['C02', 'first-touch', 3],
    ]);
    expect(review.discuss.brokenPromises.map((p: { team: string; promise: string; level: string }) => [p.team, p.promise, p.level])).toEqual([
      ['marketing', 'mql-volume', 'fail'], ['marketing', 'mql-volume:segment:founder', 'fail'], ['marketing', 'mql-volume:source:organic_search', 'fail'],
      ['sales', 'first-touch', 'fail'],
      ['marketing', 'mql-requirements', 'warn'], ['marketing', 'pipeline', 'warn'],
      ['sales', 'decision', 'warn'], ['sales', 'rejection-reason', 'warn'],
    ]);
    expect(review.discuss.best).toBeUndefined();
    expect(review.discuss.worst).toBeUndefined();
    expect(review.discuss.minMqls).toBe(5);
    expect(review.freshness.map((f: { kind: string; stale: boolean }) => [f.kind, f.stale])).toEqual([['leads', false], ['deals', false]]);
  });

  it("data freshness: the days from when each kind's newest export was taken to the as-of, stale past the SLA's stale_after (8 days)", async () => {
    const finished = (kind: string) => scalar(db, 'SELECT max(finished_at) FROM import_batches WHERE kind = ?', kind) as string;
    const TAKEN = Date.parse('2026-11-22T23:00:00Z'); // --snapshot-date 2026-11-23, midnight in Madrid
    const DAY = 86_400_000;
    type Fresh = { kind: string; snapshotAt: string | null; lastImport: string | null; ageDays: number | null; stale: boolean; note: string };
    const freshnessAsOf = async (asOf: number) => {
      const run = await smkHere(['--db', db, ...CONFIG, 'review', '--week', '2026-W47', '--as-of', new Date(asOf).toISOString(), '--format', 'json']);
      expect(run.code, run.stderr).toBe(0);
      return (JSON.parse(run.stdout) as { freshness: Fresh[] }).freshness;
    };
    // 9 days and 6 hours after the exports were taken: (as-of − taken) / 86,400,000 ms = 9.25, past 8 days for both kinds.
    const late = await freshnessAsOf(TAKEN + 9.25 * DAY);
    expect(late.map((f) => [f.kind, f.snapshotAt, f.lastImport, f.ageDays, f.stale])).toEqual([
      ['leads', '2026-11-22T23:00:00Z', finished('leads'), 9.25, true], ['deals', '2026-11-22T23:00:00Z', finished('deals'), 9.25, true],
    ]);
    // The limit, to the second: 8 days after the export was taken is not past it; a second later is.
    expect((await freshnessAsOf(TAKEN + 8 * DAY))[1]).toMatchObject({ kind: 'deals', ageDays: 8, stale: false });
    expect((await freshnessAsOf(TAKEN + 8 * DAY + 1000))[1]).toMatchObject({ kind: 'deals', ageDays: 8 + 1 / 86_400, stale: true });
    // An as-of before the exports were taken: for that as-of they do not exist yet, whatever day they were imported.
    expect((await freshnessAsOf(TAKEN - DAY)).map((f) => [f.snapshotAt, f.ageDays, f.stale, f.note])).toEqual([
      [null, null, true, 'no leads export taken by the as-of (the first was taken 2026-11-22T23:00:00Z, after it)'],
      [null, null, true, 'no deals export taken by the as-of (the first was taken 2026-11-22T23:00:00Z, after it)'],
    ]);
    // The table says the same: the age in days, STALE, or none yet (times in Madrid, UTC+1).
    const table = async (asOf: number) => (await smkHere(['--db', db, ...CONFIG, 'review', '--week', '2026-W47', '--as-of', new Date(asOf).toISOString(), '--format', 'markdown'])).stdout;
    expect(await table(TAKEN + 9.25 * DAY)).toMatch(/\| leads \| 2026-11-23 00:00 \| 9\.3 \| \d{4}-\d\d-\d\d \d\d:\d\d \| STALE \|/);
    expect(await table(TAKEN - DAY)).toContain('| leads | – | – | – | none by the as-of |');
  });

  // On the built smk: the worker thread needs the compiled worker module (in this process nothing runs in one).
  it("lists smk check's own findings (warn and above), whether its survey runs in a worker thread or not", () => {
    const args = ['--db', db, ...CONFIG, 'review', ...W47, '--format', 'json'];
    // The fixture's database is small: by default it is read on the main thread alone.
    const inWorker = smk(['--verbose', ...args], { env: { SMK_READ_WORKER: 'always' } });
    expect(inWorker.stderr).toContain('smk: check survey: in a worker thread\n');
    const onMainThread = smk(['--verbose', ...args]);
    expect(onMainThread.stderr).toContain('smk: check survey: on the main thread\n');
    expect(onMainThread.code, onMainThread.stderr).toBe(0);
    expect(onMainThread.stdout).toBe(inWorker.stdout);
    const check = JSON.parse(smk(['--db', db, ...CONFIG, 'check', ...W47, '--format', 'json']).stdout);
    const wanted = check.findings.filter((f: { level: string }) => f.level !== 'info');
    expect(wanted).toHaveLength(8 + 15);
    expect(JSON.parse(inWorker.stdout).findings).toEqual(wanted);
  });

  // On the built smk, for the worker thread.
  it.each(['funnel', 'quality', 'sla'])('report %s: the same with the leads read in two halves, one in a worker thread', (name) => {
    const args = ['--verbose', '--db', db, ...CONFIG, 'report', name, ...W47, '--by', 'source', '--format', 'json'];
    const halves = smk(args, { env: { SMK_READ_WORKER: 'always' } });
    expect(halves.stderr).toContain('smk: leads read: in two halves, one in a worker thread\n');
    const whole = smk(args);
    expect(whole.stderr).toContain('smk: leads read: on the main thread\n');
    expect(halves.stdout).toBe(whole.stdout);
    expect(halves.code).toBe(whole.code);
  });

  // On the built smk: its standard output is really piped.
  it('is Markdown when piped, in the meeting order', () => {
    const markdown = smk(['--db', db, ...CONFIG, 'review', ...W47]).stdout;
    const order = ['# Weekly review 2026-W47', '## Data freshness', '## Headline', '## Funnel', '## Lead quality', '## SLA: sales', '## SLA: marketing', '## SLA: breaches', '## Check', '## To discuss'];
    const positions = order.map((heading) => markdown.indexOf(heading));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(markdown).toContain('| MQLs (leads entering MQL) | 5 | 0 | +5 | 6 |');
    expect(markdown).toContain('| MQL → SQL rate (cohort) | 40% | – | – | – |');
    expect(markdown).toContain('| won revenue (deals closed won), EUR | 1,000 | 0 | +1,000 | – |');
    // The broken promises open the items to discuss, each with the team that made it; marketing's are never under "sales".
    const discuss = markdown.slice(markdown.indexOf('## To discuss'));
    expect(discuss.indexOf('Marketing broke: MQLs: 5 delivered against a target of 6.')).toBeGreaterThan(0);
    expect(discuss.indexOf('Sales broke: first touch within 4 working hours: 2 of 4 in time (50%), the SLA asks for 100%.')).toBeGreaterThan(discuss.indexOf('Marketing broke: MQLs from source Organic search'));
    expect(discuss.indexOf('Breach: lead C04')).toBeGreaterThan(discuss.indexOf('Sales missed (warn): a reason for every rejection'));
    expect(discuss).toContain('No source is called best or worst: none had at least 5 MQLs among the leads created in the period.');
    const sales = markdown.slice(markdown.indexOf('## SLA: sales'), markdown.indexOf('## SLA: marketing'));
    expect(sales).toContain('Broken: first touch within 4 working hours');
    expect(sales).not.toContain('delivered against a target');
    expect(sales).not.toContain('pipeline');
    const marketing = markdown.slice(markdown.indexOf('## SLA: marketing'), markdown.indexOf('## SLA: breaches'));
    expect(marketing).toContain('Broken: MQLs: 5 delivered against a target of 6.');
    expect(marketing).toContain('Missed (warn): 500 EUR of pipeline opened in 2026-W47 (1 deal) against a target of 5000 EUR.');
  });

  it('says so for a week without activity, in words that hold, and exits 0', async () => {
    const run = await smkHere(['--db', db, ...CONFIG, 'review', '--week', '2026-W30', '--as-of', '2026-11-23']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('No activity in 2026-W30: no lead was created, entered a stage or was rejected, and no deal was opened or closed.');
    expect(run.stdout).toContain('No lead entered a funnel stage in 2026-W30, and none became MQL in it.');
  });

  it('does not call a week quiet when its only news is a deal opened, and says exactly what the funnel lacks', async () => {
    // W42 (10-12..10-18): D4 was opened on 10-15, before its lead C01 existed; no lead has a date in W42.
    const run = await smkHere(['--db', db, ...CONFIG, 'review', '--week', '2026-W42', '--as-of', '2026-11-23']);
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('No activity');
    expect(run.stdout).toContain('No lead entered a funnel stage in 2026-W42, and none became MQL in it.');
  });
});
