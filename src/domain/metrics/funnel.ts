/** `smk report funnel`: the flow through each stage, and how far a cohort of leads got. See docs/metrics.md ("Funnel"). */
import type { Period } from '../period.ts';
import { inside, type Dimension, type GlossaryLookups, type LeadFacts, type MetricsInput } from './facts.ts';
import { median, rate } from './stats.ts';
import { totalOf, type Amount, type Money, type MoneyPolicy } from '../money.ts';

export type CohortKind = 'mql' | 'created';

const DAY = 86_400_000;

export interface CohortStage {
  stage: string;
  name: string;
  reached: number;
  /** From the previous stage (for the first stage of the cohort: from the cohort size). */
  conversion: number | null;
  /** Median calendar days from the previous stage; null for the first stage or without dated pairs. */
  medianDays: number | null;
}

export interface Cohort {
  kind: CohortKind;
  size: number;
  stages: CohortStage[];
  /** Reached the last stage / cohort size (MQL → customer). */
  toCustomer: number | null;
  wonDeals: number;
  /** Per currency, or converted as sla.yaml's `money:` says: never added across currencies (null: unknown, see WonDeals). */
  wonRevenue: Money | null;
  /** Won deals without an amount, which wonRevenue does not count. */
  wonUnpriced: number;
}

export interface FunnelFigures {
  /** Stage id → leads that passed it in the period. */
  flow: Record<string, number>;
  cohort: Cohort;
}

export interface FunnelGroup {
  value: string;
  current: FunnelFigures;
  previous: FunnelFigures;
}

export interface FunnelReport {
  cohortKind: CohortKind;
  stages: Array<{ id: string; name: string }>;
  current: FunnelFigures;
  previous: FunnelFigures;
  by?: { dimension: Dimension; groups: FunnelGroup[] };
}

export interface FunnelInput extends MetricsInput {
  cohort: CohortKind;
  by?: Dimension;
}

/** Won deals of some leads, and their revenue as the money policy shows it. */
export function wonDealsOf(facts: readonly LeadFacts[], money: MoneyPolicy): WonDeals {
  let won = 0;
  let unpriced = 0;
  const amounts: Amount[] = [];
  for (const { deals } of facts) {
    won += deals.won;
    unpriced += deals.wonUnpriced;
    for (const a of deals.wonAmounts) amounts.push(a);
  }
  return wonFigures(won, unpriced, amounts, money);
}

export interface WonDeals {
  wonDeals: number;
  /** Per currency, or converted as sla.yaml's `money:` says; null (unknown, shown "–") when deals were won and none had an amount. */
  wonRevenue: Money | null;
  /** Won deals without an amount, which wonRevenue does not count. */
  wonUnpriced: number;
}

/** Won deals and their revenue: "0" beside "149 won deals" would say they were won for nothing, so without any amount it is unknown. */
export function wonFigures(wonDeals: number, wonUnpriced: number, amounts: Iterable<Amount>, money: MoneyPolicy): WonDeals {
  return { wonDeals, wonUnpriced, wonRevenue: wonDeals > 0 && wonUnpriced === wonDeals ? null : totalOf(amounts, money) };
}

/** The note beside a won revenue that leaves deals out. */
export function unpricedNote(won: number, unpriced: number): string | undefined {
  if (unpriced === 0) return undefined;
  return unpriced === won
    ? `${won === 1 ? 'the won deal has no amount' : `none of the ${won} won deals has an amount`}: won revenue is unknown (–); import the deals' amounts`
    : `${unpriced} of the ${won} won deals ${unpriced === 1 ? 'has' : 'have'} no amount: won revenue counts only the other ${won - unpriced}`;
}

export function funnelFigures(input: FunnelInput, facts: readonly LeadFacts[], period: Period): FunnelFigures {
  const stages = input.glossary.index.glossary.stages;
  const entered = stages.map(() => 0);
  for (const f of facts) {
    for (let i = 0; i < stages.length; i++) if (inside(f.passed[i]!, period)) entered[i]!++;
  }
  const flow: Record<string, number> = {};
  stages.forEach((stage, i) => {
    flow[stage.id] = entered[i]!;
  });

  const mqlIndex = Math.max(0, input.glossary.stageIndex('mql'));
  const first = input.cohort === 'mql' ? mqlIndex : 0;
  const members = facts.filter((f) => (input.cohort === 'mql' ? inside(f.passed[mqlIndex]!, period) : inside(f.createdAt, period)));
  const cohortStages: CohortStage[] = [];
  for (let i = first; i < stages.length; i++) {
    let reached = 0;
    const days: number[] = [];
    for (const f of members) {
      if (f.reachedIndex >= i) reached++;
      if (i > first && f.passed[i - 1] != null && f.passed[i] != null) days.push((f.passed[i]! - f.passed[i - 1]!) / DAY);
    }
    const before = i === first ? members.length : cohortStages[cohortStages.length - 1]!.reached;
    cohortStages.push({ stage: stages[i]!.id, name: stages[i]!.name, reached, conversion: rate(reached, before), medianDays: median(days) });
  }
  const last = cohortStages[cohortStages.length - 1];
  return {
    flow,
    cohort: {
      kind: input.cohort,
      size: members.length,
      stages: cohortStages,
      toCustomer: rate(last?.reached ?? 0, members.length),
      ...wonDealsOf(members, input.money),
    },
  };
}

/** Distinct values of a dimension, most leads first (then by name), so the table reads top down. */
export function groupBy(facts: readonly LeadFacts[], glossary: GlossaryLookups, dimension: Dimension): Map<string, LeadFacts[]> {
  const groups = new Map<string, LeadFacts[]>();
  for (const fact of facts) {
    const value = glossary.dimension(fact.lead, dimension);
    const list = groups.get(value);
    if (list) list.push(fact);
    else groups.set(value, [fact]);
  }
  return new Map([...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0])));
}

export function funnelReport(input: FunnelInput): FunnelReport {
  const report: FunnelReport = {
    cohortKind: input.cohort,
    stages: input.glossary.index.glossary.stages.map((s) => ({ id: s.id, name: s.name })),
    current: funnelFigures(input, input.facts, input.period),
    previous: funnelFigures(input, input.facts, input.previous),
  };
  if (input.by) {
    const groups: FunnelGroup[] = [];
    for (const [value, facts] of groupBy(input.facts, input.glossary, input.by)) {
      const group = { value, current: funnelFigures(input, facts, input.period), previous: funnelFigures(input, facts, input.previous) };
      // A value with nothing in either period is noise in the meeting.
      if (group.current.cohort.size + group.previous.cohort.size + Object.values(group.current.flow).reduce((a, b) => a + b, 0) > 0) groups.push(group);
    }
    report.by = { dimension: input.by, groups };
  }
  return report;
}
