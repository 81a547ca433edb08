/**
 * Every figure of `smk report funnel|quality|sla` and of the `smk review` headline on
 * fixtures/review, for 2026-W47 and 2026-W46 as of 2026-11-23, against
 * fixtures/review/expected.json. Those figures were worked out by hand from the CSV rows and
 * docs/metrics.md; fixtures/review/README.md shows each computation. The JSON of the reports is
 * mapped onto the shape of expected.json here, and nothing else: a figure the report gets
 * wrong, leaves out or adds fails the test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, json, tempDir, type Run } from '../helpers.ts';
import { smkHere } from '../in-process.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
interface Named { [key: string]: Json }

const expected = JSON.parse(fs.readFileSync(fixture('review', 'expected.json'), 'utf8')) as {
  asOf: string;
  weeks: Record<string, { funnel: Named; quality: Named; sla: Named; review: Named }>;
};
const CONFIG = ['--glossary', fixture('review', 'glossary.yaml'), '--sla', fixture('review', 'sla.yaml')];
let db: string;

const run = (week: string, ...command: string[]): Promise<Run> =>
  smkHere(['--db', db, ...CONFIG, ...command, '--week', week, '--as-of', expected.asOf, '--format', 'json']);

beforeAll(async () => {
  db = path.join(tempDir(), 'review.db');
  const load = async (...args: string[]) => expect((await smkHere(['--db', db, 'import', ...args, '--tz', 'Europe/Madrid', '-q'])).code).toBe(0);
  // Two weekly exports of the same CRM: the second shows five leads in a later stage.
  await load('leads', fixture('review', 'leads-2026-11-16.csv'), '--snapshot-date', '2026-11-16');
  await load('leads', fixture('review', 'leads.csv'), '--snapshot-date', '2026-11-20');
  await load('deals', fixture('review', 'deals.csv'));
});

/**
 * The hand-computed figures are rounded to as many decimals as the README shows (0.7143,
 * 1.08, 2142.86); the report's exact figure must round to them. Objects must have exactly the
 * expected keys, so a group the report invents or drops fails.
 */
function expectFigures(actual: unknown, wanted: Json, where: string): void {
  if (typeof wanted === 'number') {
    expect(typeof actual, `${where} is a number`).toBe('number');
    const decimals = (String(wanted).split('.')[1] ?? '').length;
    expect(Math.abs((actual as number) - wanted), `${where}: ${String(actual)} rounds to ${wanted}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);
  } else if (Array.isArray(wanted)) {
    expect(Array.isArray(actual), `${where} is a list`).toBe(true);
    expect((actual as unknown[]).length, `${where} has ${wanted.length} entries`).toBe(wanted.length);
    wanted.forEach((item, i) => expectFigures((actual as unknown[])[i], item, `${where}[${i}]`));
  } else if (wanted !== null && typeof wanted === 'object') {
    expect(actual, `${where} is an object`).toBeTypeOf('object');
    expect(Object.keys(actual as object).sort(), `${where} keys`).toEqual(Object.keys(wanted).sort());
    for (const [key, value] of Object.entries(wanted)) expectFigures((actual as Named)[key], value, `${where}.${key}`);
  } else {
    expect(actual, where).toEqual(wanted);
  }
}

const byKey = <T extends { [key: string]: unknown }>(rows: T[], key: keyof T, value: (row: T) => Json): Named =>
  Object.fromEntries(rows.map((row) => [String(row[key]), value(row)]));

const pick = (row: Named, keys: string[]): Named => Object.fromEntries(keys.map((k) => [k, row[k]!]));

interface CohortStage { stage: string; reached: number; conversion: number | null; medianDays: number | null }
type Money = Array<{ currency: string | null; amount: number }>;
interface Cohort { size: number; stages: CohortStage[]; toCustomer: number | null; wonDeals: number; wonRevenue: Money }

/** Money (one { currency, amount } per currency) in expected.json's shape: { "EUR": 15000 }, {} for none. */
const moneyOf = (money: Money | null): Named => Object.fromEntries((money ?? []).map((a) => [a.currency ?? '(no currency)', a.amount]));

/** The cohort in expected.json's shape: figures per stage id; the first stage of a cohort has no median. */
function cohortFigures(cohort: Cohort): Named {
  const [, ...later] = cohort.stages;
  return {
    size: cohort.size,
    reached: byKey(cohort.stages as never[], 'stage', (s: CohortStage) => s.reached),
    conversion: byKey(cohort.stages as never[], 'stage', (s: CohortStage) => s.conversion),
    toCustomer: cohort.toCustomer,
    medianDays: byKey(later as never[], 'stage', (s: CohortStage) => s.medianDays),
    wonDeals: cohort.wonDeals,
    wonRevenue: moneyOf(cohort.wonRevenue),
  };
}

const QUALITY_KEYS = ['leads', 'mqls', 'mqlRate', 'acceptanceRate', 'rejectionRate', 'topReasons', 'sqlRate', 'opportunities', 'wonDeals', 'winRate', 'wonRevenue', 'revenuePerLead', 'averageScore'];

type FunnelPart = { flow: Named; cohort: Cohort };
type QualityPart = { groups: Named[]; total: Named; bands: Named[] };
type SlaPart = {
  firstTouch: Named; decision: Named; rejections: Named; byGroup: Named[];
  marketing: { volume: Named[]; meetingRequirements: number; requirementsShare: number }; breaches: Named[];
};

/** One period of `report funnel` (and of `--cohort created`) in expected.json's shape. */
const funnelOf = (byMql: FunnelPart, byCreated: FunnelPart): Named => ({
  flow: byMql.flow,
  cohort: cohortFigures(byMql.cohort),
  cohortCreated: cohortFigures(byCreated.cohort),
});

/** A quality row in expected.json's shape. */
const qualityRowOf = (row: Named): Named => {
  const picked = pick(row, QUALITY_KEYS);
  return { ...picked, wonRevenue: moneyOf(row.wonRevenue as unknown as Money), revenuePerLead: moneyOf(row.revenuePerLead as unknown as Money | null) };
};

/** One period of `report quality` in expected.json's shape. */
const qualityOf = (part: QualityPart): Named => ({
  bySource: byKey(part.groups, 'value', qualityRowOf),
  total: qualityRowOf(part.total),
  bands: part.bands.map((b) => pick(b, ['band', 'leads', 'sqls', 'sqlRate', 'customers', 'customerRate'])),
});

/** One period of `report sla` in expected.json's shape, but for the command's exit code. */
function slaOf(part: SlaPart): Named {
  const volume = (kind: string) =>
    byKey(part.marketing.volume.filter((v) => v.kind === kind), 'term', (v) => ({ delivered: v.delivered!, target: v.target! }));
  const overall = part.marketing.volume.find((v) => v.kind === 'overall')!;
  const { open: untouched, ...touch } = part.firstTouch;
  const { open: undecided, ...decision } = part.decision;
  const TIMES = ['due', 'inTime', 'late', 'compliance', 'medianHours', 'p90Hours'];
  return {
    firstTouch: { ...pick(touch, TIMES), untouched: untouched! },
    decision: { ...pick(decision, TIMES), undecided: undecided! },
    rejectionsWithoutReason: pick(part.rejections, ['withoutReason', 'rejected']),
    byOwner: byKey(part.byGroup, 'value', (g) => pick(g, ['due', 'inTime', 'late', 'untouched', 'compliance', 'medianHours'])),
    marketing: {
      delivered: overall.delivered!,
      target: overall.target!,
      bySegment: volume('segment'),
      bySource: volume('source'),
      meetingRequirements: part.marketing.meetingRequirements,
      requirementsShare: part.marketing.requirementsShare,
    },
    breaches: part.breaches.map((b) => pick(b, ['id', 'owner', 'promise', 'mqlAt', 'deadline', 'doneAt', 'status', 'hoursLate'])),
  };
}

for (const week of Object.keys(expected.weeks)) {
  const want = expected.weeks[week]!;

  describe(`fixtures/review, ${week} as of ${expected.asOf}`, () => {
    it('report funnel: flow, MQL cohort and created cohort', async () => {
      const mql = await run(week, 'report', 'funnel');
      const created = await run(week, 'report', 'funnel', '--cohort', 'created');
      expect(mql.code).toBe(0);
      expect(created.code).toBe(0);
      expectFigures(funnelOf(json<{ current: FunnelPart }>(mql).current, json<{ current: FunnelPart }>(created).current), want.funnel, 'funnel');
    });

    it('report quality: per source, total and score bands', async () => {
      const result = await run(week, 'report', 'quality');
      expect(result.code).toBe(0);
      expectFigures(qualityOf(json<{ current: QualityPart }>(result).current), want.quality, 'quality');
    });

    it(`report sla: both sides, the breaches longest first, and exit ${String(want.sla.exitCode)}`, async () => {
      const result = await run(week, 'report', 'sla');
      expectFigures({ ...slaOf(json<{ current: SlaPart }>(result).current), exitCode: result.code }, want.sla, 'sla');
    });

    it('review: the headline numbers', async () => {
      const result = await run(week, 'review');
      expect(result.code).toBe(0);
      const headline = json<{ headline: Array<{ key: string; current: Json; target?: Json; currency?: string | null }> }>(result).headline;
      const figure = (key: string) => headline.find((h) => h.key === key);
      // Every deal of the fixture is in EUR: one won revenue figure, in EUR.
      expect(headline.filter((h) => h.key === 'wonRevenue').map((h) => h.currency)).toEqual(['EUR']);
      const figures = byKey(headline.filter((h) => h.key in want.review), 'key', (h) => h.current);
      expectFigures({ ...figures, mqlTarget: figure('mqls')?.target ?? null }, want.review, 'review');
    });
  });
}

describe('fixtures/review, 2026-W47 beside 2026-W46', () => {
  const now = expected.weeks['2026-W47']!;
  const before = expected.weeks['2026-W46']!;

  it("each report's previous period is 2026-W46's hand-computed figures", async () => {
    const mql = json<{ previous: FunnelPart }>(await run('2026-W47', 'report', 'funnel'));
    const created = json<{ previous: FunnelPart }>(await run('2026-W47', 'report', 'funnel', '--cohort', 'created'));
    expectFigures(funnelOf(mql.previous, created.previous), before.funnel, 'funnel.previous');
    expectFigures(qualityOf(json<{ previous: QualityPart }>(await run('2026-W47', 'report', 'quality')).previous), before.quality, 'quality.previous');
    // The exit code belongs to the current period.
    const { exitCode: _, ...beforeSla } = before.sla;
    expectFigures(slaOf(json<{ previous: SlaPart }>(await run('2026-W47', 'report', 'sla')).previous), beforeSla, 'sla.previous');
  });

  it("the review headline's change is 2026-W47's figure less 2026-W46's (shares in points)", async () => {
    const headline = json<{ headline: Array<{ key: string; previous: number | null; change: number | null }> }>(await run('2026-W47', 'review')).headline;
    const keys = Object.keys(now.review).filter((key) => key !== 'mqlTarget');
    for (const key of keys) {
      const h = headline.find((f) => f.key === key)!;
      expectFigures(h.previous, before.review[key]!, `${key}.previous`);
      expect(h.change, `${key}.change`).toBeCloseTo((now.review[key] as number) - (before.review[key] as number), 9);
    }
  });

  it("the funnel's change column is 2026-W47's flow less 2026-W46's", async () => {
    const out = await smkHere(['--db', db, ...CONFIG, 'report', 'funnel', '--week', '2026-W47', '--as-of', expected.asOf, '--format', 'csv']);
    expect(out.code).toBe(0);
    const rows = out.stdout.split('\n');
    const header = rows.findIndex((line) => line.startsWith('stage,entered,'));
    expect(rows[header]).toBe('stage,entered,previous,change');
    const flow = rows.slice(header + 1, header + 7).map((line) => line.split(',').slice(1).map(Number));
    const stages = ['lead', 'mql', 'sal', 'sql', 'opportunity', 'customer'];
    expect(flow).toEqual(stages.map((s) => {
      const [current, previous] = [now.funnel.flow as Named, before.funnel.flow as Named].map((f) => f[s] as number);
      return [current, previous, current - previous];
    }));
  });
});
