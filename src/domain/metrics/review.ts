/**
 * `smk review`: the meeting pack for one period, from the three reports and `smk check`.
 * See docs/metrics.md ("Review").
 */
import type { Finding } from '../finding.ts';
import type { Sla } from '../sla.ts';
import type { Period } from '../period.ts';
import { earliestStartDueFrom } from '../working-time.ts';
import { amountIn, amountsOf, currenciesOf, moneyChange, type MoneyPolicy } from '../money.ts';
import { dealOutcome, inside, instantBy, type LeadFacts, type ReportDeal } from './facts.ts';
import { unpricedNote, wonFigures, type FunnelFigures, type FunnelReport, type WonDeals } from './funnel.ts';
import type { QualityReport, QualityRow } from './quality.ts';
import type { DeadlineOutcome, PromiseOutcome, SlaFigures, SlaReport } from './sla-report.ts';
import { change, rate } from './stats.ts';
import { freshnessOf, type Freshness, type LatestExports } from '../freshness.ts';

/** The instants a report of `period` (and the one before) must fetch: [from, to). */
export function reportWindow(period: Period, previous: Period, sla: Sla): { from: number; to: number } {
  let from = Math.min(period.start, previous.start);
  // An MQL falls due some working time after it arrived: fetch those due in the window too.
  for (const promise of [sla.sales.firstTouch, sla.sales.decision]) {
    if (promise) from = Math.min(from, earliestStartDueFrom(from, promise.within, sla.calendar));
  }
  return { from, to: Math.max(period.end, previous.end) };
}

export interface HeadlineFigure {
  key: string;
  label: string;
  kind: 'count' | 'amount' | 'share';
  current: number | null;
  previous: number | null;
  change: number | null;
  /** The agreed target for the period, where the SLA has one. */
  target?: number;
  /** For an amount: its currency (one figure per currency, never added; null when the export gave none). */
  currency?: string | null;
  /** What the figure leaves out, said beside it (won deals without an amount). */
  note?: string;
}


export interface SourceVerdict {
  source: string;
  mqls: number;
  sqlRate: number;
}

/** A source is called best or worst only with this many MQLs in the period: fewer say nothing about it. */
export const MIN_MQLS_TO_RANK = 5;

export interface ReviewReport {
  freshness: Freshness[];
  headline: HeadlineFigure[];
  funnel: FunnelReport;
  quality: QualityReport;
  sla: SlaReport;
  /** `smk check` findings at warn level and above. */
  findings: Finding[];
  discuss: {
    /** Every promise of either team not kept in the period, fail level first: the meeting starts with them. */
    brokenPromises: PromiseOutcome[];
    breaches: DeadlineOutcome[];
    /** Among the sources with at least `minMqls` MQLs. */
    best?: SourceVerdict;
    worst?: SourceVerdict;
    minMqls: number;
    unknownTerms: Finding[];
  };
  /** Nothing happened in the period: no lead created, entering a stage or rejected, no deal opened or closed. */
  quiet: boolean;
}

export interface ReviewInput {
  facts: readonly LeadFacts[];
  deals: readonly ReportDeal[];
  funnel: FunnelReport;
  quality: QualityReport;
  sla: SlaReport;
  findings: readonly Finding[];
  latestExports: LatestExports;
  staleAfter: { minutes: number; text: string };
  money: MoneyPolicy;
  period: Period;
  previous: Period;
  asOf: number;
  /** Nothing happened in the period (`quietPeriod`). */
  quiet: boolean;
}

/** The deals won in a period (all of them, linked to a lead or not), and their amounts as the policy shows them. */
function wonInPeriod(deals: readonly ReportDeal[], period: Period, asOf: number, money: MoneyPolicy): WonDeals {
  const won = deals.filter((d) => dealOutcome(d, asOf) === 'won' && inside(instantBy(d.closed_at ?? d.created_at, asOf), period));
  return wonFigures(won.length, won.filter((d) => d.amount === null).length, amountsOf(won, money), money);
}

function headline(input: ReviewInput): HeadlineFigure[] {
  const figure = (key: string, label: string, kind: HeadlineFigure['kind'], current: number | null, previous: number | null, target?: number): HeadlineFigure => ({
    key, label, kind, current, previous, change: change(current, previous), ...(target === undefined ? {} : { target }),
  });
  const created = (p: Period) => input.facts.filter((f) => inside(f.createdAt, p)).length;
  const flow = (figures: FunnelFigures, stage: string) => figures.flow[stage] ?? null;
  const mqlToSql = (figures: FunnelFigures) => {
    const sql = figures.cohort.stages.find((s) => s.stage === 'sql');
    return sql ? rate(sql.reached, figures.cohort.size) : null;
  };
  const { current: funnelNow, previous: funnelBefore } = input.funnel;
  const { current: slaNow, previous: slaBefore } = input.sla;
  const target = slaNow.marketing.volume.find((v) => v.kind === 'overall')?.target;
  const wonNow = wonInPeriod(input.deals, input.period, input.asOf, input.money);
  const wonBefore = wonInPeriod(input.deals, input.previous, input.asOf, input.money);
  const revenueChange = moneyChange(wonNow.wonRevenue, wonBefore.wonRevenue, input.money);
  const note = unpricedNote(wonNow.wonDeals, wonNow.wonUnpriced);
  // One figure per currency: amounts in different currencies are never added.
  const revenue = currenciesOf([wonNow.wonRevenue, wonBefore.wonRevenue], input.money).map((currency): HeadlineFigure => ({
    key: 'wonRevenue', label: `won revenue (deals closed won)${currency ? `, ${currency}` : ''}`, kind: 'amount', currency,
    current: amountIn(wonNow.wonRevenue, currency), previous: amountIn(wonBefore.wonRevenue, currency), change: amountIn(revenueChange, currency),
    ...(note === undefined ? {} : { note }),
  }));
  const delivery = (s: SlaFigures) => {
    const overall = s.marketing.volume.find((v) => v.kind === 'overall');
    return overall ? rate(overall.delivered, overall.target) : null;
  };
  // The labels say what each counts: leads entering a stage (the funnel's flow), deals closed won (all deals).
  return [
    figure('newLeads', 'new leads (created)', 'count', created(input.period), created(input.previous)),
    figure('mqls', 'MQLs (leads entering MQL)', 'count', flow(funnelNow, 'mql'), flow(funnelBefore, 'mql'), target),
    figure('sqls', 'SQLs (leads entering SQL)', 'count', flow(funnelNow, 'sql'), flow(funnelBefore, 'sql')),
    figure('opportunities', 'opportunities (leads entering it)', 'count', flow(funnelNow, 'opportunity'), flow(funnelBefore, 'opportunity')),
    figure('wonDeals', 'won deals (closed won)', 'count', wonNow.wonDeals, wonBefore.wonDeals),
    ...revenue,
    figure('mqlToSqlRate', 'MQL → SQL rate (cohort)', 'share', mqlToSql(funnelNow), mqlToSql(funnelBefore)),
    figure('firstTouchCompliance', 'first touch in time (sales)', 'share', slaNow.firstTouch?.compliance ?? null, slaBefore.firstTouch?.compliance ?? null),
    figure('decisionCompliance', 'decided in time (sales)', 'share', slaNow.decision?.compliance ?? null, slaBefore.decision?.compliance ?? null),
    figure('mqlDelivery', 'MQLs delivered / target (marketing)', 'share', delivery(slaNow), delivery(slaBefore)),
  ];
}

function verdicts(rows: readonly QualityRow[]): { best?: SourceVerdict; worst?: SourceVerdict } {
  const ranked = rows
    .filter((r) => r.mqls >= MIN_MQLS_TO_RANK && r.sqlRate !== null)
    .map((r) => ({ source: r.value, mqls: r.mqls, sqlRate: r.sqlRate! }));
  if (ranked.length === 0) return {};
  const best = [...ranked].sort((a, b) => b.sqlRate - a.sqlRate || b.mqls - a.mqls || a.source.localeCompare(b.source))[0];
  const worst = [...ranked].sort((a, b) => a.sqlRate - b.sqlRate || b.mqls - a.mqls || a.source.localeCompare(b.source))[0];
  // One source is both: call it best only.
  return ranked.length > 1 ? { best, worst } : { best };
}

export function reviewReport(input: ReviewInput): ReviewReport {
  const freshness = freshnessOf(input.latestExports, input.asOf, input.staleAfter);
  const findings = input.findings.filter((f) => f.level !== 'info');
  return {
    freshness,
    headline: headline(input),
    funnel: input.funnel,
    quality: input.quality,
    sla: input.sla,
    findings,
    discuss: {
      brokenPromises: input.sla.current.promises.filter((p) => p.kept === false), // fail level first: slaFigures' order
      breaches: input.sla.current.breaches.slice(0, 3),
      ...verdicts(input.quality.current.groups),
      minMqls: MIN_MQLS_TO_RANK,
      unknownTerms: findings.filter((f) => f.code.startsWith('unknown-')),
    },
    quiet: input.quiet,
  };
}

/**
 * Whether nothing happened in a period: no lead was created, entered a stage or was rejected, and no
 * deal was opened or closed. The sentence that says so names exactly these.
 */
export function quietPeriod(facts: readonly LeadFacts[], deals: readonly ReportDeal[], period: Period, asOf: number): boolean {
  return (
    !facts.some((f) => inside(f.createdAt, period) || f.passed.some((t) => inside(t, period)) || inside(f.rejectedAt, period)) &&
    !deals.some((d) => inside(instantBy(d.created_at, asOf), period) || inside(instantBy(d.closed_at, asOf), period))
  );
}
