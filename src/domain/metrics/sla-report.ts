/**
 * `smk report sla`: both sides of the agreement for one period. Sales: every MQL whose
 * first-touch or decision deadline fell in the period, in time, late or still open.
 * Marketing: MQLs delivered against the target, and how many met the requirements.
 * See docs/metrics.md ("SLA").
 */
import { requirementProblems } from '../glossary.ts';
import type { Level, Sla, Tolerance } from '../sla.ts';
import { weeksIn, type Period } from '../period.ts';
import { addDuration, earliestStartDueFrom, workingMinutesBetween, type Duration } from '../working-time.ts';
import { amountIn, amountsOf, inCurrency, totalOf, type Money } from '../money.ts';
import { inside, instantBy, type Dimension, type GlossaryLookups, type LeadFacts, type ReportDeal } from './facts.ts';
import { median, percent, percentile, rate } from './stats.ts';

export type PromiseName = 'first-touch' | 'decision';

export interface DeadlineOutcome {
  facts: LeadFacts;
  promise: PromiseName;
  deadline: number;
  /** The touch or decision, when it happened by the as-of. */
  doneAt: number | null;
  status: 'in-time' | 'late' | 'open';
  /** Working hours past the deadline (to the touch or decision, or to the as-of when still open); 0 in time. */
  hoursLate: number;
  /** Working hours from the MQL to the touch or decision; null when still open. */
  responseHours: number | null;
}

export interface DeadlineFigures {
  promise: PromiseName;
  within: string;
  level: Level;
  atLeast: number;
  due: number;
  inTime: number;
  late: number;
  /** Untouched (first touch) or undecided (decision) at the as-of. */
  open: number;
  compliance: number | null;
  medianHours: number | null;
  p90Hours: number | null;
  kept: boolean;
}

/** First touch per owner (or per `--by` dimension). */
export interface GroupRow {
  value: string;
  due: number;
  inTime: number;
  late: number;
  untouched: number;
  compliance: number | null;
  medianHours: number | null;
}

export interface VolumeFigures {
  /** `overall`, or a segment or source id. */
  term: string;
  kind: 'overall' | 'segment' | 'source';
  name: string;
  delivered: number;
  target: number;
  gap: number;
  kept: boolean;
}

/** The value of the deals opened in the period against marketing's pipeline promise. */
export interface PipelineFigures {
  /** Deals created in the period (by the as-of). */
  deals: number;
  /** Their amounts, as the money policy shows them. */
  value: Money;
  /** The currency the target is in: `pipeline_per_week.currency`, else the team's, else the one currency of the deals. */
  currency: string | null;
  /** The value in that currency (amounts in other currencies without a rate are not counted); null when it cannot be told. */
  counted: number | null;
  target: number;
  level: Level;
  kept: boolean | null;
}

export type Team = 'marketing' | 'sales';

/** One promise of the SLA in the period: whose, kept or not, in one sentence. */
export interface PromiseOutcome {
  team: Team;
  /** `first-touch`, `decision`, `rejection-reason`, `mql-volume`, `mql-volume:segment:<id>`, `mql-volume:source:<id>`, `mql-requirements`, `pipeline`. */
  promise: string;
  level: Level;
  /** null when there was nothing to judge (no MQL due, no rejection). */
  kept: boolean | null;
  text: string;
}

export interface SlaFigures {
  firstTouch?: DeadlineFigures;
  decision?: DeadlineFigures;
  /** The dimension of `byGroup`: owner unless `--by` says otherwise. */
  dimension: Dimension;
  byGroup: GroupRow[];
  rejections: { rejected: number; withoutReason: number; level: Level; atLeast: number; kept: boolean };
  marketing: {
    level: Level;
    volume: VolumeFigures[];
    mqls: number;
    meetingRequirements: number;
    requirementsShare: number | null;
    requirements?: Tolerance;
    requirementsKept: boolean;
    pipeline?: PipelineFigures;
  };
  /** Every breach of the period, longest first. */
  breaches: DeadlineOutcome[];
  /** Every promise of both teams in the period, sales' first. */
  promises: PromiseOutcome[];
  /** The `fail`-level promises broken in the period: what makes the exit code 1. */
  broken: string[];
}

export interface SlaReport {
  current: SlaFigures;
  previous: SlaFigures;
}

export interface SlaInput {
  facts: readonly LeadFacts[];
  /** The deals created or closed in the window, at least: the pipeline promise reads those created in the period. */
  deals: readonly ReportDeal[];
  glossary: GlossaryLookups;
  sla: Sla;
  period: Period;
  previous: Period;
  asOf: number;
  by?: Dimension;
}

const hours = (minutes: number) => minutes / 60;

/** Every MQL whose deadline for a promise fell in the period and has passed by the as-of. */
export function deadlineOutcomes(input: SlaInput, period: Period, promise: PromiseName, within: Duration): DeadlineOutcome[] {
  const calendar = input.sla.calendar;
  const outcomes: DeadlineOutcome[] = [];
  // A deadline never comes before its start, nor goes back when the start moves forward: only
  // the MQLs from this start to the period's end can fall due in it, and the clock skips the rest.
  const earliest = earliestStartDueFrom(period.start, within, calendar);
  for (const facts of input.facts) {
    if (facts.mqlAt === null || facts.mqlAt < earliest || facts.mqlAt >= period.end) continue;
    const deadline = addDuration(facts.mqlAt, within, calendar);
    if (!inside(deadline, period) || deadline > input.asOf) continue;
    const doneAt = promise === 'first-touch' ? facts.firstTouchAt : facts.decidedAt;
    const status = doneAt === null ? 'open' : doneAt <= deadline ? 'in-time' : 'late';
    outcomes.push({
      facts,
      promise,
      deadline,
      doneAt,
      status,
      hoursLate: status === 'in-time' ? 0 : hours(workingMinutesBetween(deadline, doneAt ?? input.asOf, calendar)),
      responseHours: doneAt === null ? null : hours(workingMinutesBetween(facts.mqlAt, doneAt, calendar)),
    });
  }
  return outcomes;
}

function deadlineFigures(promise: PromiseName, outcomes: readonly DeadlineOutcome[], spec: { within: Duration } & Tolerance): DeadlineFigures {
  const inTime = outcomes.filter((o) => o.status === 'in-time').length;
  const late = outcomes.filter((o) => o.status === 'late').length;
  const responses = outcomes.flatMap((o) => (o.responseHours === null ? [] : [o.responseHours]));
  const compliance = rate(inTime, outcomes.length);
  return {
    promise,
    within: spec.within.text,
    level: spec.level,
    atLeast: spec.atLeast,
    due: outcomes.length,
    inTime,
    late,
    open: outcomes.length - inTime - late,
    compliance,
    medianHours: median(responses),
    p90Hours: percentile(responses, 0.9),
    kept: compliance === null || compliance >= spec.atLeast,
  };
}

function groupRows(outcomes: readonly DeadlineOutcome[], glossary: GlossaryLookups, dimension: Dimension): GroupRow[] {
  const groups = new Map<string, DeadlineOutcome[]>();
  for (const o of outcomes) {
    const value = glossary.dimension(o.facts.lead, dimension);
    const list = groups.get(value);
    if (list) list.push(o);
    else groups.set(value, [o]);
  }
  return [...groups.entries()]
    .map(([value, list]) => {
      const inTime = list.filter((o) => o.status === 'in-time').length;
      const late = list.filter((o) => o.status === 'late').length;
      return {
        value,
        due: list.length,
        inTime,
        late,
        untouched: list.length - inTime - late,
        compliance: rate(inTime, list.length),
        medianHours: median(list.flatMap((o) => (o.responseHours === null ? [] : [o.responseHours]))),
      };
    })
    .sort((a, b) => (a.compliance ?? 1) - (b.compliance ?? 1) || b.due - a.due || a.value.localeCompare(b.value));
}

/** Longest first; ties by promise then lead id, so the list is the same every run. */
function byLateness(a: DeadlineOutcome, b: DeadlineOutcome): number {
  return b.hoursLate - a.hoursLate || a.promise.localeCompare(b.promise) || a.facts.lead.id.localeCompare(b.facts.lead.id);
}

/** The MQLs delivered in a period: the leads with r(l, MQL) in it (none when the glossary has no MQL stage). */
export function mqlsOf(facts: readonly LeadFacts[], glossary: GlossaryLookups, period: Period): LeadFacts[] {
  const mqlIndex = glossary.stageIndex('mql');
  return mqlIndex < 0 ? [] : facts.filter((f) => inside(f.passed[mqlIndex]!, period));
}


const levelRank = (p: PromiseOutcome) => (p.level === 'fail' ? 0 : 1);
const teamRank = (p: PromiseOutcome) => (p.team === 'marketing' ? 0 : 1);

export function slaFigures(input: SlaInput, period: Period): SlaFigures {
  const { sla, glossary } = input;
  const promises: PromiseOutcome[] = [];
  const figures: SlaFigures = {
    dimension: input.by ?? 'owner',
    byGroup: [],
    rejections: { rejected: 0, withoutReason: 0, level: 'warn', atLeast: 1, kept: true },
    marketing: { level: 'warn', volume: [], mqls: 0, meetingRequirements: 0, requirementsShare: null, requirementsKept: true },
    breaches: [],
    promises,
    broken: [],
  };

  const firstTouch = sla.sales.firstTouch;
  if (firstTouch) {
    const outcomes = deadlineOutcomes(input, period, 'first-touch', firstTouch.within);
    figures.firstTouch = deadlineFigures('first-touch', outcomes, firstTouch);
    figures.byGroup = groupRows(outcomes, glossary, figures.dimension);
    figures.breaches.push(...outcomes.filter((o) => o.status !== 'in-time'));
  }
  const decision = sla.sales.decision;
  if (decision) {
    const outcomes = deadlineOutcomes(input, period, 'decision', decision.within);
    figures.decision = deadlineFigures('decision', outcomes, decision);
    figures.breaches.push(...outcomes.filter((o) => o.status !== 'in-time'));
  }
  figures.breaches.sort(byLateness);
  for (const f of [figures.firstTouch, figures.decision]) {
    if (!f) continue;
    const what = f.promise === 'first-touch' ? `first touch within ${f.within}` : `accept or reject within ${f.within}`;
    promises.push({
      team: 'sales', promise: f.promise, level: f.level, kept: f.due === 0 ? null : f.kept,
      text: f.due === 0 ? `${what}: no MQL fell due` : `${what}: ${f.inTime} of ${f.due} in time (${percent(f.compliance)}), the SLA asks for ${percent(f.atLeast)}`,
    });
  }

  const rejected = input.facts.filter((f) => inside(f.rejectedAt, period));
  const withoutReason = rejected.filter((f) => !f.lead.rejection_reason?.trim()).length;
  const reasonPromise = sla.sales.rejectionReason ?? { level: 'warn' as Level, atLeast: 1 };
  const reasonShare = rate(rejected.length - withoutReason, rejected.length);
  figures.rejections = { rejected: rejected.length, withoutReason, ...reasonPromise, kept: reasonShare === null || reasonShare >= reasonPromise.atLeast };
  promises.push({
    team: 'sales', promise: 'rejection-reason', level: reasonPromise.level, kept: rejected.length === 0 ? null : figures.rejections.kept,
    text: `a reason for every rejection: ${withoutReason} of ${rejected.length} rejections without one`,
  });

  const mqls = mqlsOf(input.facts, glossary, period);
  figures.marketing.mqls = mqls.length;
  const volume = sla.marketing.mqlPerWeek;
  if (volume) {
    figures.marketing.level = volume.level;
    // A weekly target is per calendar week: a week with a 25-hour day is still one week.
    const weeks = weeksIn(period);
    const line = (term: string, kind: VolumeFigures['kind'], name: string, delivered: number, weekly: number): VolumeFigures => {
      const target = Math.round(weekly * weeks);
      return { term, kind, name, delivered, target, gap: Math.max(0, target - delivered), kept: delivered >= target };
    };
    figures.marketing.volume.push(line('overall', 'overall', 'all MQLs', mqls.length, volume.target));
    for (const [id, weekly] of Object.entries(volume.bySegment)) {
      const term = glossary.index.segments.terms.find((t) => t.id === id);
      figures.marketing.volume.push(line(id, 'segment', term?.name ?? id, mqls.filter((f) => glossary.termId(f.lead.segment, 'segments') === id).length, weekly));
    }
    for (const [id, weekly] of Object.entries(volume.bySource)) {
      const term = glossary.index.sources.terms.find((t) => t.id === id);
      figures.marketing.volume.push(line(id, 'source', term?.name ?? id, mqls.filter((f) => glossary.termId(f.lead.source, 'sources') === id).length, weekly));
    }
    for (const v of figures.marketing.volume) {
      promises.push({
        team: 'marketing', promise: v.kind === 'overall' ? 'mql-volume' : `mql-volume:${v.kind}:${v.term}`, level: volume.level, kept: v.kept,
        text: `${v.kind === 'overall' ? 'MQLs' : `MQLs from ${v.kind} ${v.name}`}: ${v.delivered} delivered against a target of ${v.target}`,
      });
    }
  }
  const requirements = glossary.index.glossary.stages.find((s) => s.id === 'mql')?.requirements;
  const meeting = requirements ? mqls.filter((f) => requirementProblems(f.lead, requirements, glossary.index).length === 0).length : mqls.length;
  const promise = sla.marketing.mqlRequirements;
  figures.marketing.meetingRequirements = meeting;
  figures.marketing.requirementsShare = rate(meeting, mqls.length);
  if (promise) figures.marketing.requirements = promise;
  figures.marketing.requirementsKept = !promise || figures.marketing.requirementsShare === null || figures.marketing.requirementsShare >= promise.atLeast;
  if (promise) {
    promises.push({
      team: 'marketing', promise: 'mql-requirements', level: promise.level, kept: mqls.length === 0 ? null : figures.marketing.requirementsKept,
      text: `MQLs meeting the MQL requirements: ${meeting} of ${mqls.length} (${percent(figures.marketing.requirementsShare)}), the SLA asks for ${percent(promise.atLeast)}`,
    });
  }
  const pipeline = pipelineFigures(input, period);
  if (pipeline) {
    figures.marketing.pipeline = pipeline;
    promises.push({ team: 'marketing', promise: 'pipeline', level: pipeline.level, kept: pipeline.kept, text: pipelineText(pipeline, period) });
  }
  // The order every list of them keeps: fail level first, then marketing's before sales'.
  promises.sort((a, b) => levelRank(a) - levelRank(b) || teamRank(a) - teamRank(b));
  figures.broken = promises.filter((p) => p.kept === false && p.level === 'fail').map((p) => p.text);
  return figures;
}

/** The pipeline promise in one sentence, as the SLA report and `smk check` say it. */
export function pipelineText(p: PipelineFigures, period: Period): string {
  const deals = `${p.deals} ${p.deals === 1 ? 'deal' : 'deals'}`;
  if (p.counted === null) {
    return `pipeline opened in ${period.label} (${deals}) is in ${p.value.map((a) => a.currency ?? 'no currency').join(', ')}, which are never added: state pipeline_per_week.currency or money.rates in sla.yaml`;
  }
  const money = (amount: number) => `${Math.round(amount * 100) / 100}${p.currency ? ` ${p.currency}` : ''}`;
  return `${money(p.counted)} of pipeline opened in ${period.label} (${deals}) against a target of ${money(p.target)}`;
}

/**
 * Marketing's pipeline promise: the amounts of the deals created in the period (whatever became of
 * them since), in the target's currency. Amounts in other currencies count only through a rate.
 */
function pipelineFigures(input: SlaInput, period: Period): PipelineFigures | undefined {
  const promise = input.sla.marketing.pipelinePerWeek;
  if (!promise) return undefined;
  const opened = input.deals.filter((d) => inside(instantBy(d.created_at, input.asOf), period));
  // Counted in the target's currency: the team's rates convert into it (money.ts, inCurrency).
  const team = input.sla.money;
  const policy = promise.currency ? inCurrency(team, promise.currency) : team;
  const value = totalOf(amountsOf(opened, team), policy);
  const currency = policy.currency ?? (value.length === 1 ? value[0]!.currency : null);
  const counted = currency === null && value.length > 1 ? null : amountIn(value, currency);
  const target = Math.round(promise.target * weeksIn(period) * 100) / 100;
  return { deals: opened.length, value, currency, counted, target, level: promise.level, kept: counted === null ? null : counted >= target };
}

export function slaReport(input: SlaInput): SlaReport {
  return { current: slaFigures(input, input.period), previous: slaFigures(input, input.previous) };
}
