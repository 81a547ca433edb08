/** `smk report quality`: how good each source's leads are, and whether the score predicts conversion. See docs/metrics.md ("Lead quality"). */
import type { Period } from '../period.ts';
import { inside, type Dimension, type LeadFacts, type MetricsInput } from './facts.ts';
import { groupBy, wonDealsOf } from './funnel.ts';
import { mean, rate } from './stats.ts';
import { perUnit, type Money } from '../money.ts';

export interface QualityRow {
  value: string;
  leads: number;
  mqls: number;
  mqlRate: number | null;
  accepted: number;
  acceptanceRate: number | null;
  rejected: number;
  rejectionRate: number | null;
  /** The three most frequent reasons of the rejected MQLs, as [name, count]. */
  topReasons: Array<[string, number]>;
  sqls: number;
  sqlRate: number | null;
  opportunities: number;
  wonDeals: number;
  /** Won deals without an amount, which wonRevenue does not count. */
  wonUnpriced: number;
  lostDeals: number;
  winRate: number | null;
  /** Per currency, or converted as sla.yaml's `money:` says. */
  wonRevenue: Money | null;
  /** Won revenue / leads, per currency; null without leads, or when the revenue is unknown. */
  revenuePerLead: Money | null;
  averageScore: number | null;
}

export interface ScoreBand {
  band: string;
  /** Inclusive lower bound; null for the band of leads without a usable score. */
  from: number | null;
  to: number | null;
  leads: number;
  sqls: number;
  sqlRate: number | null;
  customers: number;
  customerRate: number | null;
}

export interface QualityFigures {
  groups: QualityRow[];
  total: QualityRow;
  bands: ScoreBand[];
}

export interface QualityReport {
  dimension: Dimension;
  current: QualityFigures;
  previous: QualityFigures;
}

export interface QualityInput extends MetricsInput {
  by: Dimension;
  /** Band edges, ascending: [0, 25, 50, 75, 100]. */
  bands: readonly number[];
}

export const DEFAULT_BANDS = [0, 25, 50, 75, 100] as const;

export function qualityRow(value: string, facts: readonly LeadFacts[], input: QualityInput): QualityRow {
  // A stage the glossary lacks is never reached.
  const at = (id: string) => {
    const index = input.glossary.stageIndex(id);
    return index >= 0 ? index : Infinity;
  };
  const [mqlIndex, salIndex, sqlIndex, opportunityIndex] = [at('mql'), at('sal'), at('sql'), at('opportunity')];
  let mqls = 0;
  let accepted = 0;
  let sqls = 0;
  let rejected = 0;
  let opportunities = 0;
  let lostDeals = 0;
  const scores: number[] = [];
  const reasons = new Map<string, number>();
  for (const f of facts) {
    if (f.reachedIndex >= opportunityIndex || f.deals.opened) opportunities++;
    lostDeals += f.deals.lost;
    if (f.lead.score !== null) scores.push(f.lead.score);
    if (f.reachedIndex < mqlIndex) continue;
    mqls++;
    if (f.reachedIndex >= salIndex) accepted++;
    if (f.reachedIndex >= sqlIndex) sqls++;
    if (f.rejected) {
      rejected++;
      const name = input.glossary.reasonName(f.lead.rejection_reason);
      reasons.set(name, (reasons.get(name) ?? 0) + 1);
    }
  }
  const topReasons = [...reasons.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3);
  const won = wonDealsOf(facts, input.money);
  return {
    value,
    leads: facts.length,
    mqls,
    mqlRate: rate(mqls, facts.length),
    accepted,
    acceptanceRate: rate(accepted, mqls),
    rejected,
    rejectionRate: rate(rejected, mqls),
    topReasons,
    sqls,
    sqlRate: rate(sqls, mqls),
    opportunities,
    wonDeals: won.wonDeals,
    wonUnpriced: won.wonUnpriced,
    lostDeals,
    winRate: rate(won.wonDeals, won.wonDeals + lostDeals),
    wonRevenue: won.wonRevenue,
    revenuePerLead: perUnit(won.wonRevenue, facts.length),
    averageScore: mean(scores),
  };
}

/** `[0, 25)` … `[75, 100]`: the last band keeps its upper edge, so a perfect score has a band. */
export function scoreBands(facts: readonly LeadFacts[], edges: readonly number[], input: QualityInput): ScoreBand[] {
  const sqlIndex = input.glossary.stageIndex('sql');
  const lastIndex = input.glossary.stageIds.length - 1;
  type Band = { band: string; from: number | null; to: number | null; members: LeadFacts[] };
  const bands: Band[] = [];
  for (let i = 0; i + 1 < edges.length; i++) bands.push({ band: `${edges[i]}–${edges[i + 1]}`, from: edges[i]!, to: edges[i + 1]!, members: [] });
  // Labelled in brackets like the `(none)` group: they are not a range of the scoring model.
  const unscored: Band = { band: '(no score)', from: null, to: null, members: [] };
  const outside: Band = { band: '(outside the bands)', from: null, to: null, members: [] };
  const last = bands.length - 1;
  for (const fact of facts) {
    const score = fact.lead.score;
    let band = score === null ? unscored : outside;
    for (let i = 0; score !== null && i <= last; i++) {
      const { from, to } = bands[i]!;
      if (score >= from! && (score < to! || (i === last && score === to))) {
        band = bands[i]!;
        break;
      }
    }
    band.members.push(fact);
  }
  for (const extra of [unscored, outside]) if (extra.members.length > 0) bands.push(extra);
  return bands.map(({ band, from, to, members }) => {
    const sqls = sqlIndex < 0 ? 0 : members.filter((f) => f.reachedIndex >= sqlIndex).length;
    const customers = members.filter((f) => f.reachedIndex >= lastIndex).length;
    return { band, from, to, leads: members.length, sqls, sqlRate: rate(sqls, members.length), customers, customerRate: rate(customers, members.length) };
  });
}

function qualityFigures(input: QualityInput, period: Period): QualityFigures {
  const created = input.facts.filter((f) => inside(f.createdAt, period));
  const groups = [...groupBy(created, input.glossary, input.by)].map(([value, facts]) => qualityRow(value, facts, input));
  return { groups, total: qualityRow('total', created, input), bands: scoreBands(created, input.bands, input) };
}

export function qualityReport(input: QualityInput): QualityReport {
  return { dimension: input.by, current: qualityFigures(input, input.period), previous: qualityFigures(input, input.previous) };
}

/** `--bands 0,25,50,75,100`: at least two ascending numbers. */
export function parseBands(text: string): number[] | string {
  const edges = text.split(',').map((part) => Number(part.trim()));
  if (edges.length < 2 || edges.some((e) => !Number.isFinite(e))) return 'write at least two numbers separated by commas, e.g. 0,25,50,75,100';
  if (edges.some((e, i) => i > 0 && e <= edges[i - 1]!)) return 'the band edges must go up, e.g. 0,25,50,75,100';
  return edges;
}
