/**
 * The figures on exports shaped like real ones (fixtures/figures, whose README works out each figure
 * below by hand): deals that move their leads through the funnel, leads without created_at,
 * amounts in four currencies, date-only close dates in the team's zone, snapshots imported out of
 * order, weeks across a daylight-saving change, previous months and quarters, unknown values
 * spelled several ways. In process, through `main(argv, io)`; the glossary is the English template
 * `smk init` writes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, query, ROOT, tempDir } from '../helpers.ts';
import { smkHere } from '../in-process.ts';

const F = (file: string) => fixture('figures', file);
const GLOSSARY = ['--glossary', path.join(ROOT, 'templates', 'glossary.en.yaml')];
const CONFIG = [...GLOSSARY, '--sla', F('sla.yaml')];

type Money = Array<{ currency: string | null; amount: number }>;
interface Headline { key: string; current: number | null; previous: number | null; change: number | null; currency?: string | null; target?: number; label: string }

async function ok(args: string[]) {
  const run = await smkHere(args);
  expect(run.code, run.stderr).toBe(0);
  return run;
}

async function jsonOf<T = Record<string, unknown>>(args: string[]): Promise<T> {
  const run = await smkHere([...args, '--format', 'json']);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout) as T;
}

const headlineOf = (review: { headline: Headline[] }) => Object.fromEntries(review.headline.filter((h) => h.key !== 'wonRevenue').map((h) => [h.key, h.current]));
const revenueOf = (review: { headline: Headline[] }) => review.headline.filter((h) => h.key === 'wonRevenue').map((h) => [h.currency, h.current, h.previous]);

describe('an MQL list and its won deals, linked by id, with no stage or creation columns (Olist-shaped)', () => {
  let db: string;
  const FEB = ['--from', '2018-02-01', '--to', '2018-02-28', '--as-of', '2018-03-05'];
  beforeAll(async () => {
    db = path.join(tempDir(), 'olist.db');
    await ok(['--db', db, ...CONFIG, 'import', 'leads', F('olist-mqls.csv'), '--map', 'id=mql_id', '--map', 'mql_at=first_contact_date', '--map', 'source=origin', '--snapshot-date', '2018-03-01', '-q']);
    await ok(['--db', db, ...CONFIG, 'import', 'deals', F('olist-won-deals.csv'), '--map', 'id=seller_id', '--map', 'lead_id=mql_id', '--map', 'closed_at=won_date',
      '--map', 'amount=declared_monthly_revenue', '--set', 'status=won', '--set', 'currency=BRL', '--snapshot-date', '2018-03-01', '-q']);
  });

  it('won deals make their leads customers (and opportunities) at the close: the flow and the cohort', async () => {
    const funnel = await jsonOf<{ current: { flow: Record<string, number>; cohort: { size: number; stages: Array<{ stage: string; reached: number; medianDays: number | null }>; toCustomer: number; wonDeals: number; wonRevenue: Money } }; previous: { flow: Record<string, number> } }>(
      ['--db', db, ...CONFIG, 'report', 'funnel', ...FEB]);
    expect(funnel.current.flow).toEqual({ lead: 7, mql: 7, sal: 3, sql: 3, opportunity: 3, customer: 3 });
    expect(funnel.previous.flow).toEqual({ lead: 2, mql: 2, sal: 0, sql: 0, opportunity: 0, customer: 0 });
    const cohort = funnel.current.cohort;
    expect(cohort.stages.map((s) => [s.stage, s.reached])).toEqual([['mql', 7], ['sal', 3], ['sql', 3], ['opportunity', 3], ['customer', 3]]);
    expect(cohort.toCustomer).toBeCloseTo(3 / 7, 10);
    expect(cohort.stages[1]!.medianDays).toBeCloseTo(16 + 9 / 24, 10);
    expect(cohort).toMatchObject({ size: 7, wonDeals: 3, wonRevenue: [{ currency: 'BRL', amount: 4300 }] });
  });

  it('a lead without created_at is created at its earliest date: quality counts it, with each source\'s won deals', async () => {
    const quality = await jsonOf<{ current: { groups: Array<{ value: string; leads: number; wonDeals: number; wonRevenue: Money }>; total: { leads: number; mqls: number; wonDeals: number } } }>(
      ['--db', db, ...CONFIG, 'report', 'quality', ...FEB]);
    expect(quality.current.total).toMatchObject({ leads: 7, mqls: 7, wonDeals: 3 });
    const organic = quality.current.groups.find((g) => g.value === 'Organic search')!;
    expect(organic).toMatchObject({ leads: 2, wonDeals: 2, wonRevenue: [{ currency: 'BRL', amount: 2500 }] });
    const text = (await ok(['--db', db, ...CONFIG, 'report', 'quality', ...FEB])).stdout;
    expect(text).not.toContain('No leads were created');
    // Every format says which currency the amounts are in: CSV in a comment line under the table's title.
    const csv = (await ok(['--db', db, ...CONFIG, 'report', 'quality', ...FEB, '--format', 'csv'])).stdout;
    expect(csv).toContain('# quality-by-source: Lead quality by source (leads created in the period)\n# amounts in BRL\nvalue,leads,');
  });

  it('the review: the headline, the funnel and its sentences tell one story', async () => {
    const review = await jsonOf<{ headline: Headline[]; quiet: boolean }>(['--db', db, ...CONFIG, 'review', ...FEB]);
    expect(headlineOf(review)).toMatchObject({ newLeads: 7, mqls: 7, sqls: 3, opportunities: 3, wonDeals: 3 });
    expect(revenueOf(review)).toEqual([['BRL', 3500, 0]]);
    expect(review.quiet).toBe(false);
    const text = (await ok(['--db', db, ...CONFIG, 'review', ...FEB])).stdout;
    expect(text).toMatch(/^# Review 2018-02-01\.\.2018-02-28\n/);
    expect(text).not.toMatch(/No data|No activity|No lead entered/);
    expect(text).toContain('| new leads (created) | 7 | 2 | +5 | – |');
    expect(text).toContain('| won deals (closed won) | 3 | 0 | +3 | – |');
  });

  it('the previous period of a month is the month before, named by its dates', async () => {
    const funnel = await jsonOf<{ period: { label: string }; previousPeriod: { label: string; start: string; end: string } }>(['--db', db, ...CONFIG, 'report', 'funnel', ...FEB]);
    expect(funnel.period.label).toBe('2018-02-01..2018-02-28');
    expect(funnel.previousPeriod).toEqual({ label: '2018-01-01..2018-01-31', start: '2018-01-01T05:00:00Z', end: '2018-02-01T05:00:00Z' });
    const text = (await ok(['--db', db, ...CONFIG, 'report', 'funnel', ...FEB])).stdout;
    expect(text).toContain('vs 2018-01-01..2018-01-31');
    expect(text).not.toContain('before 2018');
  });

  it('a weekly target is per calendar week, in a week with a 25-hour day and one with a 23-hour day', async () => {
    // New York: summer time ends Sun 2026-11-01 (2026-W44, 169 hours) and starts Sun 2026-03-08 (2026-W10, 167 hours).
    for (const week of ['2026-W44', '2026-W10']) {
      const sla = await jsonOf<{ current: { marketing: { volume: Array<{ target: number }> } } }>(['--db', db, ...CONFIG, 'report', 'sla', '--week', week, '--as-of', '2026-12-01', '--no-exit-code']);
      expect(sla.current.marketing.volume[0]!.target, week).toBe(120);
    }
    // February 2018: 28 days, 4 weeks of 120.
    const month = await jsonOf<{ current: { marketing: { volume: Array<{ target: number }> } } }>(['--db', db, ...CONFIG, 'report', 'sla', ...FEB, '--no-exit-code']);
    expect(month.current.marketing.volume[0]!.target).toBe(480);
  });
});

describe('won deals without an amount: the revenue says what it leaves out, and is never a 0 it does not know', () => {
  const FEB = ['--from', '2018-02-01', '--to', '2018-02-28', '--as-of', '2018-03-05'];
  const imported = async (deals: string, ...amount: string[]) => {
    const db = path.join(tempDir(), 'olist.db');
    await ok(['--db', db, ...CONFIG, 'import', 'leads', F('olist-mqls.csv'), '--map', 'id=mql_id', '--map', 'mql_at=first_contact_date', '--map', 'source=origin', '--snapshot-date', '2018-03-01', '-q']);
    await ok(['--db', db, ...CONFIG, 'import', 'deals', deals, '--map', 'id=seller_id', '--map', 'lead_id=mql_id', '--map', 'closed_at=won_date',
      ...amount, '--set', 'status=won', '--set', 'currency=BRL', '--snapshot-date', '2018-03-01', '-q']);
    return db;
  };

  it('no amount column: the cohort\'s 3 won deals and the period\'s 3 have an unknown revenue, shown – with the reason', async () => {
    const db = await imported(F('olist-won-deals.csv'));
    const funnel = await jsonOf<{ current: { cohort: { wonDeals: number; wonUnpriced: number; wonRevenue: Money } } }>(['--db', db, ...CONFIG, 'report', 'funnel', ...FEB]);
    expect(funnel.current.cohort).toMatchObject({ wonDeals: 3, wonUnpriced: 3, wonRevenue: null }); // unknown, not nothing
    const markdown = (await ok(['--db', db, ...CONFIG, 'report', 'funnel', ...FEB, '--format', 'markdown'])).stdout;
    // January's cohort (2 MQLs) won one deal by the as-of (727f…, on 2018-02-03): unknown too. No amount, no currency.
    expect(markdown).toContain('| won revenue | – | – | – |');
    expect(markdown).toContain('*none of the 3 won deals has an amount: won revenue is unknown (–); import the deals\' amounts*');
    expect(markdown).toContain('*the previous period: the won deal has no amount: won revenue is unknown (–); import the deals\' amounts*');
    const review = await jsonOf<{ headline: Headline[] }>(['--db', db, ...CONFIG, 'review', ...FEB]);
    expect(review.headline.filter((h) => h.key === 'wonRevenue').map((h) => [h.current, h.previous, h.change])).toEqual([[null, 0, null]]);
    const text = (await ok(['--db', db, ...CONFIG, 'review', ...FEB])).stdout;
    expect(text).toContain('*none of the 3 won deals has an amount: won revenue is unknown (–)');
  });

  it('one won deal without its amount: the revenue counts the others and says so', async () => {
    // a3832… (2,500 BRL, won 2018-02-21) loses its amount. The February cohort's won deals were
    // 2,500 + 1,800 + 0 = 4,300: now 1,800 + 0 = 1,800. Closed in February: 1,000 + 2,500 + 0 = 3,500, now 1,000.
    const file = path.join(tempDir(), 'won-deals.csv');
    fs.writeFileSync(file, fs.readFileSync(F('olist-won-deals.csv'), 'utf8').replace(/,reseller,,2500\n/, ',reseller,,\n'));
    const db = await imported(file, '--map', 'amount=declared_monthly_revenue');
    const funnel = await jsonOf<{ current: { cohort: { wonDeals: number; wonUnpriced: number; wonRevenue: Money } } }>(['--db', db, ...CONFIG, 'report', 'funnel', ...FEB]);
    expect(funnel.current.cohort).toMatchObject({ wonDeals: 3, wonUnpriced: 1, wonRevenue: [{ currency: 'BRL', amount: 1800 }] });
    const review = await jsonOf<{ headline: Headline[] }>(['--db', db, ...CONFIG, 'review', ...FEB]);
    expect(revenueOf(review)).toEqual([['BRL', 1000, 0]]);
    const text = (await ok(['--db', db, ...CONFIG, 'review', ...FEB])).stdout;
    // Said once under the headline, not once per currency's revenue figure.
    const headline = text.slice(text.indexOf('## Headline'), text.indexOf('## Funnel'));
    expect(headline.split('1 of the 3 won deals has no amount: won revenue counts only the other 2').length).toBe(2);
  });
});

describe('deals in four currencies (PEN, MXN, COP, USD) and unknown sources spelled three ways', () => {
  let db: string;
  const FEB = ['--from', '2021-02-01', '--to', '2021-02-28', '--as-of', '2021-03-01'];
  beforeAll(async () => {
    db = path.join(tempDir(), 'latam.db');
    await ok(['--db', db, ...CONFIG, 'import', 'leads', F('leads-latam.csv'), '--snapshot-date', '2021-02-26', '-q']);
    await ok(['--db', db, ...CONFIG, 'import', 'deals', F('deals-latam.csv'), '--snapshot-date', '2021-02-26', '-q']);
  });

  it('never adds amounts of different currencies: one figure per currency, in every format', async () => {
    const review = await jsonOf<{ headline: Headline[]; money: { currency: string | null } }>(['--db', db, ...CONFIG, 'review', ...FEB]);
    expect(review.money.currency).toBeNull();
    expect(revenueOf(review)).toEqual([['COP', 4_200_000, 0], ['MXN', 35_000, 0], ['PEN', 3_700, 0], ['USD', 1_500, 0]]);
    const markdown = (await ok(['--db', db, ...CONFIG, 'review', ...FEB])).stdout;
    expect(markdown).toContain('| won revenue (deals closed won), COP | 4,200,000 | 0 | +4,200,000 | – |');
    expect(markdown).toContain('| won revenue (deals closed won), USD | 1,500 | 0 | +1,500 | – |');
    expect(markdown).toContain('amounts in COP, MXN, PEN, USD are shown apart, never added');
    expect(markdown).not.toMatch(/4,24\d,\d\d\d/); // no sum of them anywhere
    // The funnel's cohort of January: its won revenue per currency, in CSV one row per currency.
    const csv = (await ok(['--db', db, ...CONFIG, 'report', 'funnel', '--from', '2021-01-01', '--to', '2021-01-31', '--as-of', '2021-03-01', '--format', 'csv'])).stdout;
    expect(csv).toContain('won revenue (COP),4200000,0,4200000\n');
    expect(csv).toContain('won revenue (MXN),35000,0,35000\n');
    expect(csv).toContain('won revenue (USD),1500,0,1500\n');
  });

  it('converts with the rates the team declares, and keeps a currency without a rate apart', async () => {
    const review = await jsonOf<{ headline: Headline[]; money: { currency: string; ratesDate: string } }>(['--db', db, ...GLOSSARY, '--sla', F('sla-money.yaml'), 'review', ...FEB]);
    expect(review.money).toMatchObject({ currency: 'USD', ratesDate: '2021-02-26' });
    // 1,000 + 500 USD, 35,000 MXN × 0.05 = 1,750, 3,700 PEN × 0.27 = 999: 4,249 USD; COP has no rate.
    expect(revenueOf(review)).toEqual([['USD', 4249, 0], ['COP', 4_200_000, 0]]);
    const text = (await ok(['--db', db, ...GLOSSARY, '--sla', F('sla-money.yaml'), 'review', ...FEB])).stdout;
    expect(text).toContain('amounts in USD; MXN, PEN converted at the rates of 2021-02-26 in sla.yaml; no rate for COP, shown apart');
  });

  it('compares each source\'s revenue with the previous period per currency, converted where a rate allows', async () => {
    // January: L1, L2, L3 (Google). Their won deals: L1 C1 1,000 + C5 500 USD, L2 C2 35,000 MXN × 0.05 = 1,750 USD,
    // L3 C3 4,200,000 COP (no rate): 3,250 USD and 4,200,000 COP. February: L4, C4 3,700 PEN × 0.27 = 999 USD.
    // Change: 999 − 3,250 = −2,251 USD; 0 − 4,200,000 COP.
    const csv = (await ok(['--db', db, ...GLOSSARY, '--sla', F('sla-money.yaml'), 'report', 'quality', ...FEB, '--format', 'csv'])).stdout;
    expect(csv).toContain('Google,1,1,1,1,0,1,1,1,1,999,999,\n');
    expect(csv).toContain('value,previous_leads,leads_change,previous_mql_rate,mql_rate_change,previous_sql_rate,sql_rate_change,previous_won_revenue_usd,previous_won_revenue_cop,won_revenue_change_usd,won_revenue_change_cop\n');
    expect(csv).toContain('Google,3,-2,1,0,1,0,3250,4200000,-2251,-4200000\n');
  });

  it('says once, under the headline, that a won deal has no amount, whatever the currencies shown', async () => {
    // C3 (4,200,000 COP) loses its amount: five won deals closed in February, four with one; COP is no longer shown.
    const dir = tempDir();
    const deals = path.join(dir, 'deals.csv');
    fs.writeFileSync(deals, fs.readFileSync(F('deals-latam.csv'), 'utf8').replace(',4200000,COP,', ',,COP,'));
    const other = path.join(dir, 'latam.db');
    await ok(['--db', other, ...CONFIG, 'import', 'leads', F('leads-latam.csv'), '--snapshot-date', '2021-02-26', '-q']);
    await ok(['--db', other, ...CONFIG, 'import', 'deals', deals, '--snapshot-date', '2021-02-26', '-q']);
    const review = await jsonOf<{ headline: Headline[] }>(['--db', other, ...CONFIG, 'review', ...FEB]);
    expect(revenueOf(review)).toEqual([['MXN', 35_000, 0], ['PEN', 3_700, 0], ['USD', 1_500, 0]]);
    const text = (await ok(['--db', other, ...CONFIG, 'review', ...FEB])).stdout;
    const headline = text.slice(text.indexOf('## Headline'), text.indexOf('## Funnel'));
    expect(headline.match(/1 of the 5 won deals has no amount: won revenue counts only the other 4/g)).toHaveLength(1);
  });

  it('counts the pipeline in its target\'s currency through the team\'s rates, even when that is not the team\'s currency', async () => {
    // Team USD, rates MXN 0.05, PEN 0.27; target 10,000 MXN a week. Created in February 2021: C3 4,200,000 COP
    // (no rate), C4 3,700 PEN = 3,700 × 0.27 / 0.05 = 19,980 MXN, C5 500 USD = 500 / 0.05 = 10,000 MXN:
    // 29,980 MXN against 4 weeks × 10,000 = 40,000 MXN, and COP apart. (Before, the MXN target read 0 MXN.)
    const sla = path.join(tempDir(), 'sla.yaml');
    fs.writeFileSync(sla, fs.readFileSync(F('sla-money.yaml'), 'utf8').replace('mql_per_week: { target: 120, level: fail }',
      'mql_per_week: { target: 120, level: fail }\n  pipeline_per_week: { target: 10000, currency: MXN, level: fail }'));
    const report = await jsonOf<{ current: { marketing: { pipeline: unknown } } }>(['--db', db, ...GLOSSARY, '--sla', sla, 'report', 'sla', ...FEB, '--no-exit-code']);
    expect(report.current.marketing.pipeline).toEqual({
      deals: 3, value: [{ currency: 'MXN', amount: 29_980 }, { currency: 'COP', amount: 4_200_000 }], currency: 'MXN', counted: 29_980, target: 40_000, level: 'fail', kept: false,
    });
    const text = (await smkHere(['--db', db, ...GLOSSARY, '--sla', sla, 'report', 'sla', ...FEB])).stdout;
    expect(text).toContain('Broken: 29980 MXN of pipeline opened in 2021-02-01..2021-02-28 (3 deals) against a target of 40000 MXN.');
    expect(text).toContain('pipeline not counted against the target, in other currencies without a rate: 4200000 COP');
  });

  it('groups "Google", "google" and "GOOGLE " as one source, shown as the most frequent spelling', async () => {
    const quality = await jsonOf<{ current: { groups: Array<{ value: string; leads: number }> }; previous: { groups: Array<{ value: string; leads: number }> } }>(
      ['--db', db, ...CONFIG, 'report', 'quality', ...FEB]);
    expect(quality.previous.groups.map((g) => [g.value, g.leads])).toEqual([['Google', 3]]);
    expect(quality.current.groups.map((g) => [g.value, g.leads])).toEqual([['Google', 1]]);
    const check = await jsonOf<{ findings: Array<{ code: string; count: number; message: string }> }>(['--db', db, ...CONFIG, 'check', ...FEB]);
    const unknown = check.findings.find((f) => f.code === 'unknown-source')!;
    expect(unknown).toMatchObject({ count: 4, message: '1 source value is not in the glossary: "Google" (4, also written "GOOGLE", "google")' });
  });
});

describe('Salesforce opportunities with date-only close dates, for a team in New York', () => {
  let db: string;
  let summary: string;
  beforeAll(async () => {
    db = path.join(tempDir(), 'sf.db');
    // No --tz: the SLA's zone (America/New_York) reads the dates without one, whatever the machine's.
    summary = (await ok(['--db', db, ...CONFIG, 'import', 'deals', F('salesforce-opportunities.csv'), '--snapshot-date', '2021-04-05'])).stderr;
  });

  it("reads dates without a zone in the team's zone and says so", () => {
    expect(summary).toContain('dates without a time zone read in America/New_York (sla.yaml); export taken 2021-04-05T04:00:00Z');
    // CloseDate 2021-01-01 is local midnight in New York (05:00 UTC), a day; CreatedDate has its own zone (Z).
    expect(query(db, "SELECT closed_at, created_at, day_dates FROM deals WHERE id = '0065e00000AbCd1AAF'")).toEqual([
      { closed_at: '2021-01-01T05:00:00Z', created_at: '2020-12-15T15:00:00Z', day_dates: 2 },
    ]);
  });

  it('counts a quarter\'s won deals by their local close day: 3 in 2021-Q1, against 2020-Q4', async () => {
    const review = await jsonOf<{ headline: Headline[]; previousPeriod: { label: string } }>(['--db', db, ...CONFIG, 'review', '--from', '2021-01-01', '--to', '2021-03-31', '--as-of', '2021-04-05']);
    expect(review.previousPeriod.label).toBe('2020-10-01..2020-12-31');
    expect(headlineOf(review)).toMatchObject({ wonDeals: 3 });
    expect(revenueOf(review)).toEqual([['USD', 24_500, 0]]);
  });

  it('compares a close day with a creation instant by the day: only the deal closed the day before it was created', async () => {
    const check = await jsonOf<{ findings: Array<{ code: string; count: number; examples: string[] }> }>(['--db', db, ...CONFIG, 'check', '--from', '2021-01-01', '--to', '2021-03-31', '--as-of', '2021-04-05']);
    expect(check.findings.find((f) => f.code === 'deal-closed-before-created')).toMatchObject({ count: 1, examples: ['0065e00000AbCd4AAF'] });
  });

  it('reads the same dates in the zone --tz names instead, and says so', async () => {
    const other = path.join(tempDir(), 'sf-utc.db');
    const run = await ok(['--db', other, ...CONFIG, 'import', 'deals', F('salesforce-opportunities.csv'), '--snapshot-date', '2021-04-05', '--tz', 'UTC']);
    expect(run.stderr).toContain('dates without a time zone read in UTC (--tz)');
    expect(query(other, "SELECT closed_at FROM deals WHERE id = '0065e00000AbCd1AAF'")).toEqual([{ closed_at: '2021-01-01T00:00:00Z' }]);
  });
});

describe('two weekly snapshots of the same contacts, imported out of order', () => {
  it('keeps what the newer export said, counts the older rows as "older, kept", and fills only dates it lacked', async () => {
    const db = path.join(tempDir(), 'snapshots.db');
    const config = ['--db', db, ...GLOSSARY, '--sla', fixture('review', 'sla.yaml')];
    await ok([...config, 'import', 'leads', fixture('hubspot-contacts-2026-11-23.csv'), '--snapshot-date', '2026-11-23', '-q']);
    const older = await ok([...config, 'import', 'leads', fixture('hubspot-contacts-2026-11-16.csv'), '--snapshot-date', '2026-11-16']);
    // Every one of the 40 contacts of 11-16 is in the 11-23 export (fixtures/README.md): all 40 are older, kept.
    expect(older.stderr).toContain('40 rows: 0 inserted, 0 updated, 0 unchanged, 40 older, kept, 0 rejected');
    expect(older.stderr).toContain('40 rows were older than the stored record (export taken 2026-11-15T23:00:00Z): its newer values were kept');
    // Daniel Vidal became a customer on 11-18: the 11-16 export (opportunity, OPEN_DEAL, no customer date) changes nothing.
    expect(query(db, "SELECT stage, status, customer_at, snapshot_at FROM leads WHERE id = '1207654321'")).toEqual([
      { stage: 'customer', status: null, customer_at: '2026-11-18T15:40:00Z', snapshot_at: '2026-11-22T23:00:00Z' },
    ]);
    expect(query(db, 'SELECT count(*) AS n FROM stage_changes')).toEqual([{ n: 0 }]);
    expect(query(db, 'SELECT older_kept FROM import_batches ORDER BY id')).toEqual([{ older_kept: 0 }, { older_kept: 40 }]);
  });

  it('takes an older export\'s date for a stage the newer one left empty, and an empty cell never erases a date', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'dates.db');
    const write = (name: string, text: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    };
    const config = ['--db', db, ...CONFIG];
    await ok([...config, 'import', 'leads', write('new.csv', 'id,stage,owner,mql_at,sql_at\nL1,salesqualifiedlead,Ana,,2026-11-20 10:00\n'), '--snapshot-date', '2026-11-23', '-q']);
    await ok([...config, 'import', 'leads', write('old.csv', 'id,stage,owner,mql_at,sql_at\nL1,marketingqualifiedlead,Bea,2026-11-10 09:00,\n'), '--snapshot-date', '2026-11-16', '-q']);
    // The stage and owner stay the newer export's; the MQL date the newer export lacked is taken (Eastern time, UTC−5).
    expect(query(db, "SELECT stage, owner, mql_at, sql_at FROM leads")).toEqual([{ stage: 'salesqualifiedlead', owner: 'Ana', mql_at: '2026-11-10T14:00:00Z', sql_at: '2026-11-20T15:00:00Z' }]);
    // A newer export with the SQL date emptied: the date stays; the owner changes.
    await ok([...config, 'import', 'leads', write('newer.csv', 'id,stage,owner,mql_at,sql_at\nL1,salesqualifiedlead,Carla,,\n'), '--snapshot-date', '2026-11-30', '-q']);
    expect(query(db, "SELECT owner, mql_at, sql_at FROM leads")).toEqual([{ owner: 'Carla', mql_at: '2026-11-10T14:00:00Z', sql_at: '2026-11-20T15:00:00Z' }]);
  });
});
