/**
 * What the reports know about each lead at `--as-of`, worked out once: when it passed each
 * glossary stage, how far it got, whether it was rejected, and its dimension values as the
 * glossary names them. The definitions are in docs/metrics.md ("Common ground").
 */
import type { DealRecord, LeadRecord } from '../fields.ts';
import { FUNNEL_STAGE_IDS } from '../fields.ts';
import { millisOfStoredIso } from '../dates.ts';
import { GlossaryIndex, groupSpellings, mostFrequent, spellingKey, type OutcomeKind } from '../glossary.ts';
import type { Period } from '../period.ts';
import type { Amount, MoneyPolicy } from '../money.ts';

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
  /**
   * Per glossary stage (by index): r(l, S), the instant by which the lead had passed it, or null.
   * From the stage's date, the stage history, the lead's deals and, for the first stage, its creation.
   */
  passed: Array<number | null>;
  /** The furthest stage index reached by the as-of (by a date, the current stage or status, or a deal), or -1. */
  reachedIndex: number;
  rejected: boolean;
  /** `created_at`, else the earliest date the lead has (docs/metrics.md, "Common ground"). */
  createdAt: number | null;
  mqlAt: number | null;
  firstTouchAt: number | null;
  rejectedAt: number | null;
  /** Earliest of passing the stage after MQL (accepted, from any evidence) and the rejection: when sales decided. */
  decidedAt: number | null;
  /** The lead's deals as of the as-of, summed once: every report counts them per group and period. */
  deals: LeadDeals;
}

export interface LeadDeals {
  /** A deal was opened by the as-of (or has no creation date): the lead is an opportunity. */
  opened: boolean;
  /** The creations of its deals by the as-of: the first dates when it became an opportunity, if nothing earlier says so. */
  openedAts: number[];
  won: number;
  /** The closes of its won deals by the as-of: the first dates when it became a customer, if nothing earlier says so. */
  wonAts: number[];
  /** The amounts of the won deals, per currency as the export gave them. */
  wonAmounts: Amount[];
  /** Won deals without an amount: the revenue does not count them. */
  wonUnpriced: number;
  lost: number;
}

const NO_DATES: never[] = Object.freeze([]) as unknown as never[];
const NO_DEALS: LeadDeals = Object.freeze({ opened: false, openedAts: NO_DATES, won: 0, wonAts: NO_DATES, wonAmounts: NO_DATES, wonUnpriced: 0, lost: 0 });

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
  /** How amounts are summed and shown (sla.yaml `money:`): never added across currencies. */
  money: MoneyPolicy;
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
  private dimensionNames: Partial<Record<Dimension, Map<string, string>>> = {};
  /** Per dimension, the spelling shown for each value the glossary does not name, by its match key (`learnSpellings`). */
  private spellings: Partial<Record<Dimension, Map<string, string>>> = {};

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
    if (dimension === 'source' || dimension === 'segment') {
      const term = (dimension === 'source' ? this.index.sources : this.index.segments).lookup(text);
      if (term) return term.name;
    }
    // Spellings the glossary would match as one ("Google", "google", "GOOGLE ") are one value.
    return this.spellings[dimension]?.get(spellingKey(text)) ?? text;
  }

  /**
   * Learns, from the leads a report reads, how to show each value the glossary does not name: its
   * spellings that match as one (case, accents, spaces, punctuation) are shown as the most frequent
   * of them (on a tie, the first in code-unit order), so that they count as one group.
   */
  learnSpellings(leads: readonly LeadRecord[]): void {
    this.spellings = {};
    this.dimensionNames = {};
    for (const dimension of DIMENSIONS) {
      // Raw values first: a dimension has few distinct ones, and matching one costs a Unicode normalisation.
      const raw = new Map<string, number>();
      for (const lead of leads) {
        const value = lead[dimension];
        if (value) raw.set(value, (raw.get(value) ?? 0) + 1);
      }
      const shown = new Map<string, string>();
      for (const [key, spellings] of groupSpellings(raw)) {
        if (spellings.size > 1) shown.set(key, mostFrequent(spellings));
      }
      this.spellings[dimension] = shown;
    }
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

/**
 * The facts of every lead, as of `asOf`: one lead, one story. Every report and `smk check` read a
 * lead's progress from here, so that no figure can contradict another. The rule (docs/metrics.md,
 * "Common ground"): a stage is passed at its date, else when the stage history first saw the lead
 * in it; a linked deal means the opportunity stage (at the deal's creation when nothing says
 * otherwise), a won deal the customer stage (at its close); passing a stage passes every earlier
 * one; the current stage or status (through the glossary) says a stage was reached without a date.
 */
export function leadFacts(data: ReportData, glossary: GlossaryLookups, asOf: number): LeadFacts[] {
  const stages = glossary.stageIds;
  // The dimensions' spellings are read from the same leads the reports group.
  glossary.learnSpellings(data.leads);
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
  // Where a stage has a column, its instant is read once per lead and reused for mqlAt.
  const mqlStage = columnOf.indexOf('mql_at');
  const salStage = columnOf.indexOf('sal_at');
  const sqlStage = columnOf.indexOf('sql_at');
  const { opportunity, customer, decision } = dealStages(glossary);
  /** The current lead's instants by stage, from its columns: rewritten for each lead. */
  const fromColumn: Array<number | null> = stages.map(() => null);

  return data.leads.map((lead) => {
    const seen = observed.get(lead.id);
    const deals = dealsOf.get(lead.id) ?? NO_DEALS;
    const created = lead.created_at === null ? null : instantBy(lead.created_at, asOf);
    // d(l, S): the stage's own date, else the earliest other evidence of it (a snapshot, a deal).
    const evidence = (i: number) => {
      let d = seen?.get(i) ?? null;
      if (i === opportunity) d = earliestOf(d, earliestSince(deals.openedAts, created));
      if (i === customer) d = earliestOf(d, earliestSince(deals.wonAts, created));
      return d;
    };
    // r(l, S): the earliest date of S or any later stage.
    const passed: Array<number | null> = new Array(stages.length);
    let earliest: number | null = null;
    let furthestDated = -1;
    for (let i = stages.length - 1; i >= 0; i--) {
      const column = columnOf[i];
      fromColumn[i] = column ? instantBy(lead[column], asOf) : null;
      const d = fromColumn[i] ?? evidence(i);
      if (d !== null && (earliest === null || d < earliest)) earliest = d;
      if (d !== null && furthestDated < 0) furthestDated = i;
      passed[i] = earliest;
    }
    const rejectedAt = instantBy(lead.rejected_at, asOf);
    const firstTouchAt = instantBy(lead.first_touch_at, asOf);
    // A lead is created at created_at; without one, at the earliest date it has. A created_at after the as-of means not yet.
    const createdAt = lead.created_at !== null ? created : earliestOf(earliestOf(earliest, firstTouchAt), rejectedAt);
    // Created is entering the funnel: the first stage is passed by then.
    if (stages.length > 0 && createdAt !== null && (passed[0] === null || createdAt < passed[0]!)) {
      passed[0] = createdAt;
      if (furthestDated < 0) furthestDated = 0;
    }
    const byStage = glossary.classify(lead.stage);
    const byStatus = glossary.classify(lead.status);
    const current = byStage.stageIndex >= 0 ? byStage.stageIndex : byStatus.stageIndex;
    let reachedIndex = Math.max(furthestDated, current);
    if (deals.opened && opportunity >= 0) reachedIndex = Math.max(reachedIndex, opportunity);
    if (deals.won > 0 && customer >= 0) reachedIndex = Math.max(reachedIndex, customer);
    const rejected = rejectedAt !== null || isRejection(byStage.outcome) || isRejection(byStatus.outcome);
    return {
      lead,
      passed,
      reachedIndex,
      rejected,
      createdAt,
      mqlAt: mqlStage >= 0 ? fromColumn[mqlStage]! : instantBy(lead.mql_at, asOf),
      firstTouchAt,
      rejectedAt,
      // Accepted is passing the stage after MQL, by any evidence (an SQL was necessarily accepted);
      // an export's sal_at says so even where the glossary has no SAL stage.
      decidedAt: earliestOf(earliestOf(
        decision >= 0 ? passed[decision]! : sqlStage >= 0 ? fromColumn[sqlStage]! : instantBy(lead.sql_at, asOf),
        salStage >= 0 ? fromColumn[salStage]! : instantBy(lead.sal_at, asOf)), rejectedAt),
      deals,
    };
  });
}

/**
 * Which of a lead's stage columns its deals stand in for (`leadFacts`: a deal dates a stage only
 * where the lead has no date of its own): `opened` for a deal's creation, `won` for a won deal's
 * close. A column name: a deal matters to a window only for a lead with that column empty; null:
 * the stage has no column, every such lead; undefined: such a deal dates no stage. The store reads
 * the leads of a window's deals by this.
 */
export interface DealDatedColumns {
  opened?: string | null;
  won?: string | null;
}

export function dealDatedColumns(glossary: GlossaryLookups): DealDatedColumns {
  const { opportunity, customer } = dealStages(glossary);
  const column = (index: number) => {
    const id = glossary.stageIds[index];
    return id !== undefined && (FUNNEL_STAGE_IDS as readonly string[]).includes(id) ? `${id}_at` : null;
  };
  return { ...(opportunity >= 0 ? { opened: column(opportunity) } : {}), ...(customer >= 0 ? { won: column(customer) } : {}) };
}

/**
 * The stages a lead's deals and sales' decision stand for: a linked deal is the opportunity stage, a
 * won deal the customer stage (the last stage when the glossary has no `customer`), and sales
 * decides by accepting the MQL into the next stage (-1 where the glossary lacks the stage).
 */
export function dealStages(glossary: GlossaryLookups): { opportunity: number; customer: number; decision: number } {
  const customer = glossary.stageIndex('customer');
  const mql = glossary.stageIndex('mql');
  return {
    opportunity: glossary.stageIndex('opportunity'),
    customer: customer >= 0 ? customer : glossary.stageIds.length - 1,
    decision: mql >= 0 && mql + 1 < glossary.stageIds.length ? mql + 1 : -1,
  };
}

type StageColumn = `${(typeof FUNNEL_STAGE_IDS)[number]}_at`;

const isRejection = (outcome: OutcomeKind | undefined) => outcome === 'rejected' || outcome === 'disqualified';

export const earliestOf = (a: number | null, b: number | null) => (a === null ? b : b === null || a <= b ? a : b);

/**
 * The earliest of a deal's dates on or after the lead's creation. A deal opened or won before its
 * lead existed (a contact added to an existing deal) says the stage was reached, but not when.
 */
function earliestSince(dates: readonly number[], created: number | null): number | null {
  let earliest: number | null = null;
  for (const d of dates) if ((created === null || d >= created) && (earliest === null || d < earliest)) earliest = d;
  return earliest;
}

/** Per linked lead: its deals opened, won and lost by the as-of, and when it first opened and won one. */
function dealSummaries(deals: readonly ReportDeal[], asOf: number): Map<string, LeadDeals> {
  const byLead = new Map<string, LeadDeals>();
  for (const deal of deals) {
    if (deal.linked_lead_id === null) continue;
    let summary = byLead.get(deal.linked_lead_id);
    if (!summary) byLead.set(deal.linked_lead_id, (summary = { opened: false, openedAts: [], won: 0, wonAts: [], wonAmounts: [], wonUnpriced: 0, lost: 0 }));
    const createdAt = instantBy(deal.created_at, asOf);
    if (deal.created_at === null || createdAt !== null) summary.opened = true;
    if (createdAt !== null) summary.openedAts.push(createdAt);
    const outcome = dealOutcome(deal, asOf);
    if (outcome === 'lost') summary.lost++;
    if (outcome !== 'won') continue;
    summary.won++;
    const wonAt = instantBy(deal.closed_at ?? deal.created_at, asOf);
    if (wonAt !== null) summary.wonAts.push(wonAt);
    if (deal.amount !== null) summary.wonAmounts.push({ currency: deal.currency, amount: deal.amount });
    else summary.wonUnpriced++;
  }
  return byLead;
}

/** Won or lost by the as-of; a closed deal without a close date counts from its creation. */
export function dealOutcome(deal: ReportDeal, asOf: number): 'won' | 'lost' | 'open' {
  if (deal.status !== 'won' && deal.status !== 'lost') return 'open';
  const closed = instantBy(deal.closed_at ?? deal.created_at, asOf);
  return closed === null ? 'open' : deal.status;
}
