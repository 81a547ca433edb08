/**
 * What the reports know about each lead at `--as-of`, worked out once: when it passed each
 * glossary stage, how far it got, whether it was rejected, and its dimension values as the
 * glossary names them. The definitions are in docs/metrics.md ("Common ground").
 */
import type { DealRecord, LeadRecord } from '../check.ts';
import { FUNNEL_STAGE_IDS } from '../fields.ts';
import { millisOfStoredIso } from '../dates.ts';
import { GlossaryIndex, type OutcomeKind } from '../glossary.ts';
import type { Period } from '../period.ts';

/** A stage change seen between two imports (the `stage_changes` table). */
export interface StageChange {
  lead_id: string;
  to_stage: string | null;
  observed_at: string;
}

/** A deal as the reports read it. */
export interface ReportDeal extends DealRecord {
  currency: string | null;
}

export type Dimension = 'source' | 'campaign' | 'owner' | 'segment' | 'country';
export const DIMENSIONS: readonly Dimension[] = ['source', 'campaign', 'owner', 'segment', 'country'];
export const NONE = '(none)';

export interface LeadFacts {
  lead: LeadRecord;
  /** Per glossary stage (by index): r(l, S), the instant by which the lead had passed it, or null. */
  passed: Array<number | null>;
  /** The furthest stage index reached by the as-of (by a date or the current stage), or -1. */
  reachedIndex: number;
  rejected: boolean;
  createdAt: number | null;
  mqlAt: number | null;
  firstTouchAt: number | null;
  rejectedAt: number | null;
  /** Earliest of SAL, SQL and rejection: when sales decided. */
  decidedAt: number | null;
  /** The lead's deals as of the as-of, summed once: every report counts them per group and period. */
  deals: LeadDeals;
}

export interface LeadDeals {
  /** A deal was opened by the as-of (or has no creation date): the lead is an opportunity. */
  opened: boolean;
  won: number;
  wonRevenue: number;
  lost: number;
  /** The currencies of the won amounts. */
  wonCurrencies: string[];
}

const NO_DEALS: LeadDeals = Object.freeze({ opened: false, won: 0, wonRevenue: 0, lost: 0, wonCurrencies: [] }) as LeadDeals;

/** Everything a report is computed from. */
export interface ReportData {
  leads: readonly LeadRecord[];
  deals: readonly ReportDeal[];
  stageChanges: readonly StageChange[];
}

/** What every report is computed from: the leads' facts and their deals, for a period and the one before. */
export interface MetricsInput {
  facts: readonly LeadFacts[];
  glossary: GlossaryLookups;
  period: Period;
  previous: Period;
  asOf: number;
}

/** An instant, or null for a missing date or one after the as-of (not yet happened). */
export function instantBy(iso: string | null | undefined, asOf: number): number | null {
  if (iso === null || iso === undefined) return null;
  const time = millisOfStoredIso(iso);
  return Number.isNaN(time) || time > asOf ? null : time;
}

export function inside(time: number | null, period: Period): boolean {
  return time !== null && time >= period.start && time < period.end;
}

/** The lookups of a glossary the reports repeat for every lead, memoised: matching a raw value costs a Unicode normalisation. */
export class GlossaryLookups {
  readonly index: GlossaryIndex;
  readonly stageIds: readonly string[];
  private readonly stageCache = new Map<string, { stageIndex: number; outcome?: OutcomeKind }>();
  private readonly dimensionNames: Partial<Record<Dimension, Map<string, string>>> = {};

  constructor(index: GlossaryIndex) {
    this.index = index;
    this.stageIds = index.glossary.stages.map((s) => s.id);
  }

  stageIndex(id: string): number {
    return this.stageIds.indexOf(id);
  }

  /** A raw stage or status: the stage index it means (-1 for none) and the outcome it means. */
  classify(raw: string | null): { stageIndex: number; outcome?: OutcomeKind } {
    if (raw === null) return { stageIndex: -1 };
    let known = this.stageCache.get(raw);
    if (!known) {
      const { stage, outcome } = this.index.classifyStage(raw);
      known = { stageIndex: stage ? this.stageIndex(stage.id) : -1, ...(outcome ? { outcome: outcome.kind } : {}) };
      this.stageCache.set(raw, known);
    }
    return known;
  }

  /** A dimension value as shown: the glossary's name for sources and segments, else the value as written. */
  dimension(lead: LeadRecord, dimension: Dimension): string {
    const raw = lead[dimension];
    if (!raw) return NONE;
    // By the value as stored: every lead of a group asks the same few values.
    const names = (this.dimensionNames[dimension] ??= new Map());
    let name = names.get(raw);
    if (name === undefined) names.set(raw, (name = this.dimensionName(raw, dimension)));
    return name;
  }

  private dimensionName(raw: string, dimension: Dimension): string {
    const text = raw.trim();
    if (!text) return NONE;
    if (dimension !== 'source' && dimension !== 'segment') return text;
    const vocabulary = dimension === 'source' ? this.index.sources : this.index.segments;
    return vocabulary.lookup(text)?.name ?? text;
  }

  /** The glossary id of a lead's source or segment, for the SLA's per-term targets. */
  termId(raw: string | null, vocabulary: 'sources' | 'segments'): string | undefined {
    return this.index[vocabulary].lookup(raw)?.id;
  }

  reasonName(raw: string | null): string {
    const text = raw?.trim();
    if (!text) return NONE;
    return this.index.rejectionReasons.lookup(text)?.name ?? text;
  }
}

/** The facts of every lead, as of `asOf`. */
export function leadFacts(data: ReportData, glossary: GlossaryLookups, asOf: number): LeadFacts[] {
  const stages = glossary.stageIds;
  // Where the export has no date for a stage, the first import that saw the lead in it dates it.
  const observed = new Map<string, Map<number, number>>();
  for (const change of data.stageChanges) {
    const time = instantBy(change.observed_at, asOf);
    const { stageIndex } = glossary.classify(change.to_stage);
    if (time === null || stageIndex < 0) continue;
    let byStage = observed.get(change.lead_id);
    if (!byStage) observed.set(change.lead_id, (byStage = new Map()));
    const seen = byStage.get(stageIndex);
    if (seen === undefined || time < seen) byStage.set(stageIndex, time);
  }
  const dealsOf = dealSummaries(data.deals, asOf);
  const columnOf = stages.map((id) => ((FUNNEL_STAGE_IDS as readonly string[]).includes(id) ? (`${id}_at` as StageColumn) : undefined));
  // Where a stage has a column, its instant is read once per lead and reused for mqlAt and decidedAt.
  const stageOfColumn = (column: StageColumn) => columnOf.indexOf(column);
  const [mqlStage, salStage, sqlStage] = [stageOfColumn('mql_at'), stageOfColumn('sal_at'), stageOfColumn('sql_at')];
  /** The current lead's instants by stage, from its columns: rewritten for each lead. */
  const fromColumn: Array<number | null> = stages.map(() => null);

  return data.leads.map((lead) => {
    const seen = observed.get(lead.id);
    // r(l, S): the earliest date of S or any later stage.
    const passed: Array<number | null> = new Array(stages.length);
    let earliest: number | null = null;
    let furthestDated = -1;
    for (let i = stages.length - 1; i >= 0; i--) {
      const column = columnOf[i];
      fromColumn[i] = column ? instantBy(lead[column], asOf) : null;
      const d = fromColumn[i] ?? seen?.get(i) ?? null;
      if (d !== null && (earliest === null || d < earliest)) earliest = d;
      if (d !== null && furthestDated < 0) furthestDated = i;
      passed[i] = earliest;
    }
    const byStage = glossary.classify(lead.stage);
    const byStatus = glossary.classify(lead.status);
    const current = byStage.stageIndex >= 0 ? byStage.stageIndex : byStatus.stageIndex;
    const reachedIndex = Math.max(furthestDated, current);
    const rejectedAt = instantBy(lead.rejected_at, asOf);
    const rejected = rejectedAt !== null || isRejection(byStage.outcome) || isRejection(byStatus.outcome);
    // The SLA clock runs on the export's own dates, as `smk check` does: a snapshot only bounds them.
    const salAt = salStage >= 0 ? fromColumn[salStage]! : instantBy(lead.sal_at, asOf);
    const sqlAt = sqlStage >= 0 ? fromColumn[sqlStage]! : instantBy(lead.sql_at, asOf);
    const decidedAt = earliestOf(earliestOf(salAt, sqlAt), rejectedAt);
    return {
      lead,
      passed,
      reachedIndex,
      rejected,
      createdAt: instantBy(lead.created_at, asOf),
      mqlAt: mqlStage >= 0 ? fromColumn[mqlStage]! : instantBy(lead.mql_at, asOf),
      firstTouchAt: instantBy(lead.first_touch_at, asOf),
      rejectedAt,
      decidedAt,
      deals: dealsOf.get(lead.id) ?? NO_DEALS,
    };
  });
}

type StageColumn = `${(typeof FUNNEL_STAGE_IDS)[number]}_at`;

const isRejection = (outcome: OutcomeKind | undefined) => outcome === 'rejected' || outcome === 'disqualified';

const earliestOf = (a: number | null, b: number | null) => (a === null ? b : b === null || a <= b ? a : b);

/** Per linked lead: its deals opened, won and lost by the as-of. */
function dealSummaries(deals: readonly ReportDeal[], asOf: number): Map<string, LeadDeals> {
  const byLead = new Map<string, LeadDeals>();
  for (const deal of deals) {
    if (deal.linked_lead_id === null) continue;
    let summary = byLead.get(deal.linked_lead_id);
    if (!summary) byLead.set(deal.linked_lead_id, (summary = { opened: false, won: 0, wonRevenue: 0, lost: 0, wonCurrencies: [] }));
    if (deal.created_at === null || instantBy(deal.created_at, asOf) !== null) summary.opened = true;
    const outcome = dealOutcome(deal, asOf);
    if (outcome === 'lost') summary.lost++;
    if (outcome !== 'won') continue;
    summary.won++;
    summary.wonRevenue += deal.amount ?? 0;
    if (deal.currency && !summary.wonCurrencies.includes(deal.currency)) summary.wonCurrencies.push(deal.currency);
  }
  return byLead;
}

/** Won or lost by the as-of; a closed deal without a close date counts from its creation. */
export function dealOutcome(deal: ReportDeal, asOf: number): 'won' | 'lost' | 'open' {
  if (deal.status !== 'won' && deal.status !== 'lost') return 'open';
  const closed = instantBy(deal.closed_at ?? deal.created_at, asOf);
  return closed === null ? 'open' : deal.status;
}
