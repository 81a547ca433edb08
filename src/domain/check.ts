/**
 * `smk check`: the imported data held against the glossary and the SLA. Each finding has a
 * stable code, a level, the number of records it concerns, up to five example ids and a hint
 * that says how to fix it. Pure: the store answers the whole-table questions (CheckData), the
 * records of the period, the agreement and "now" come in as arguments.
 */
import { DEAL_TERM_FIELDS, LEAD_TERM_FIELDS, STAGE_DATES, type DealTermField, type LeadTermField, type StageDate } from './fields.ts';
import type { Finding, FindingLevel } from './finding.ts';
import { groupSpellings, mostFrequent, requirementProblems, Vocabulary, type Term } from './glossary.ts';
import type { Level, Sla } from './sla.ts';
import { freshnessOf, type LatestExports } from './freshness.ts';
import type { Period } from './period.ts';
import { dealDatedColumns, dealStages, GlossaryLookups, type DealDatedColumns, inside, instantBy, leadFacts, type LeadFacts, type ReportData, type ReportDeal } from './metrics/facts.ts';
import { reportWindow } from './metrics/review.ts';
import { mqlsOf, pipelineText, slaFigures, type DeadlineOutcome, type SlaFigures } from './metrics/sla-report.ts';
import { percent } from './metrics/stats.ts';

/** Records that break a rule: how many, and example ids that include the five smallest (the ones findings show). */
export interface Tally {
  count: number;
  examples: string[];
}

/** The records holding one raw value of a term field. */
export interface ValueTally extends Tally {
  value: string;
}



/**
 * The whole-table questions about the leads, with the glossary's reading of the raw values the
 * rules depend on. The lists hold only values the store holds (`CheckData.termValues`), each read
 * by the glossary beforehand, so that the store tests a short list per row, or none.
 */
export interface LeadSurveyRequest {
  /** Per field, the values the glossary does not read (blank ones left out): the records holding them come back tallied per value. */
  unknown: Record<LeadTermField, readonly string[]>;
  /**
   * How a lead is known to have reached MQL, as `leadFacts` reads it (the SQL mirrors it: tested
   * against it): a date of MQL or a later stage, the stage history, a linked deal (when the
   * opportunity or customer stage comes after MQL), or the current stage, else the status, meaning
   * MQL or later. Null when the glossary has no MQL stage.
   */
  mql: {
    /** The date columns of MQL and the later stages. */
    dates: readonly StageDate[];
    /** Stage values that mean MQL or a later stage. */
    stages: readonly string[];
    /** Stage values that mean any stage: the status is read only when the stage means none. */
    stagedStages: readonly string[];
    /** Status values that mean MQL or a later stage. */
    statuses: readonly string[];
    /** Whether a linked deal means a stage from MQL on. */
    byDeals: boolean;
  } | null;
  /** Stages that mean the lead was rejected or disqualified. */
  rejectedStages: readonly string[];
  /** Statuses that mean the lead was rejected or disqualified. */
  rejectedStatuses: readonly string[];
  asOf: number;
  /** The team's time zone (IANA): a date written as a day is compared with an instant by the local day. */
  zone: string;
  /**
   * When given: also the records around [from, to) the rules of the period read: the leads
   * with one of these dates in it or a stage change seen in it, their stage changes, and the
   * deals created or closed in it.
   */
  window?: { from: number; to: number; dates: readonly StageDate[]; dealDated: DealDatedColumns };
}

export interface LeadSurvey {
  /** Per field, the records holding each of the request's `unknown` values (none held by no record). */
  unread: Record<LeadTermField, ValueTally[]>;
  /** A stage date before the date of an earlier stage (empty dates do not count). */
  stageDatesOutOfOrder: Tally;
  /** Any date after the as-of. */
  futureDates: Tally;
  /** No owner, reached MQL by the as-of (`LeadSurveyRequest.mql`), not rejected. */
  mqlsWithoutOwner: Tally;
  /** By `rejected_at`, or a stage or status among the request's rejected ones. */
  rejected: number;
  /** Rejected, with an empty (or blank) rejection reason. */
  rejectedWithoutReason: Tally;
  window?: ReportData;
}

export interface DealSurveyRequest {
  /** As `LeadSurveyRequest.unknown`. */
  unknown: Record<DealTermField, readonly string[]>;
  asOf: number;
  zone: string;
}

export interface DealSurvey {
  unread: Record<DealTermField, ValueTally[]>;
  /** Created after the as-of, or closed (not open) after it: an open deal's close date is an expected one. */
  futureDates: Tally;
  /** Not open, closed before created. */
  closedBeforeCreated: Tally;
  /** Won with no amount or 0. */
  wonWithoutAmount: Tally;
  /** Linked to no lead. */
  withoutLead: Tally;
}

/** Every raw value each term field holds, or has held, in the store: a superset of the values its records hold. */
export interface TermValues {
  leads: Record<LeadTermField, string[]>;
  deals: Record<DealTermField, string[]>;
}

/** What `smk check` asks the store about every record: counts and example ids, never the records themselves. */
export interface CheckData {
  termValues(): TermValues;
  leadSurvey(request: LeadSurveyRequest): LeadSurvey;
  dealSurvey(request: DealSurveyRequest): DealSurvey;
  /** Non-empty emails held by more than one lead; the tally is of those leads. */
  duplicateEmails(): Tally & { emails: number };
}

/**
 * The store's answers to a check's whole-table questions. `surveyStore` asks them; the review
 * asks them in a worker thread while it reads the period, and hands them to `runChecks`.
 */
export interface StoreSurvey {
  leads: LeadSurvey;
  deals: DealSurvey;
  duplicates: Tally & { emails: number };
}

/** The leads (as of the as-of) around the period and the deals created in it, at least: what the rules of the period read. */
export interface CheckWindow {
  facts: readonly LeadFacts[];
  deals: readonly ReportDeal[];
}

export interface CheckInput {
  data: CheckData;
  /** The store's answers, when the caller asked them beforehand (then it gives `window` too); else the store is asked here. */
  survey?: StoreSurvey;
  /** The caller's own records of the period, when it has them (a superset is fine); else the store is asked. */
  window?: CheckWindow;
  /** The period's SLA figures (`smk report sla`'s current ones), when the caller has worked them out from `window`. */
  slaFigures?: SlaFigures;
  /** The newest export of each kind imported, as of the as-of. */
  latestExports: LatestExports;
  glossary: GlossaryLookups;
  sla: Sla;
  period: Period;
  asOf: number;
}

/** Example ids per finding. */
export const EXAMPLES = 5;

const levelOf = (level: Level): FindingLevel => (level === 'fail' ? 'error' : 'warn');

function finding(code: string, level: FindingLevel, tally: Tally, message: string, hint?: string): Finding {
  const examples = [...tally.examples].sort().slice(0, EXAMPLES);
  return { code, level, message, count: tally.count, examples, ...(hint ? { hint } : {}) };
}

/**
 * A rule's tally from the ids it picked (the store's `json_group_array(id)`, or a rule run here;
 * nulls are records it did not count): how many, and the five smallest compared as JS strings
 * compare, the order findings sort them in (SQLite compares UTF-8 bytes).
 */
export function tallyOf(ids: ReadonlyArray<string | null>): Tally {
  const tally: Tally = { count: 0, examples: [] };
  for (const id of ids) if (id !== null) countId(tally, String(id));
  return tally;
}

/** Counts one more record in a tally, keeping its examples the five smallest ids. */
export function countId(tally: Tally, id: string): void {
  tally.count++;
  keepSmallest(tally.examples, id);
}

/** Keeps `ids` the sorted smallest EXAMPLES of the ids it has seen. */
function keepSmallest(ids: string[], id: string): void {
  if (ids.length < EXAMPLES) ids.push(id);
  else if (id < ids[EXAMPLES - 1]!) ids[EXAMPLES - 1] = id;
  else return;
  for (let i = ids.length - 1; i > 0 && ids[i]! < ids[i - 1]!; i--) [ids[i - 1], ids[i]] = [ids[i]!, ids[i - 1]!];
}

/** Several tallies as one: the smallest examples of each include the smallest of all. */
const merged = (tallies: readonly Tally[]): Tally => ({
  count: tallies.reduce((sum, t) => sum + t.count, 0),
  examples: tallies.flatMap((t) => t.examples),
});

export function runChecks(input: CheckInput): Finding[] {
  const { leads, deals, duplicates, window } = surveyAndWindow(input);
  const findings: Finding[] = [];
  // A promise missed is a finding even when no record can be pointed at (no deal opened at all).
  const push = (f: Finding | undefined) => {
    if (f && (f.count > 0 || f.code === 'pipeline-under-target')) findings.push(f);
  };
  for (const f of unknownTerms(input.glossary, leads, deals)) push(f);
  // The SLA findings are `smk report sla`'s own figures, so that the two cannot disagree.
  const figures = input.slaFigures ?? slaFigures({ facts: window.facts, deals: window.deals, glossary: input.glossary, sla: input.sla, period: input.period, previous: input.period, asOf: input.asOf }, input.period);
  push(mqlRequirements(input, window));
  push(finding('stage-dates-out-of-order', 'error', leads.stageDatesOutOfOrder, `${n(leads.stageDatesOutOfOrder.count, 'lead')} reached a stage before an earlier one (e.g. SQL before MQL)`, 'fix the stage dates in the CRM; funnel timings use them'));
  const future = merged([leads.futureDates, deals.futureDates]);
  push(finding('future-date', 'error', future, `${n(future.count, 'record')} dated after ${new Date(input.asOf).toISOString().replace('.000Z', 'Z')}`, 'check the time zone (--tz) and the date format of the import'));
  push(finding('deal-closed-before-created', 'error', deals.closedBeforeCreated, `${n(deals.closedBeforeCreated.count, 'closed deal')} closed before created`, 'fix the dates in the CRM'));
  push(finding('won-deal-without-amount', 'warn', deals.wonWithoutAmount, `${n(deals.wonWithoutAmount.count, 'won deal')} without an amount: won revenue is understated`, 'sales: enter the amount in the CRM'));
  push(finding('deal-without-lead', 'warn', deals.withoutLead, `${n(deals.withoutLead.count, 'deal')} without a known lead: they count in no source or campaign`, 'import the leads they come from, or map lead_id / lead_email with --map'));
  push(finding('duplicate-email', 'warn', duplicates, `${n(duplicates.emails, 'email')} used by more than one lead id (${n(duplicates.count, 'lead')})`, 'merge the duplicates in the CRM'));
  push(finding('mql-without-owner', 'warn', leads.mqlsWithoutOwner, `${n(leads.mqlsWithoutOwner.count, 'MQL')} without an owner: nobody in sales will touch them`, 'assign an owner in the CRM'));
  push(rejectionsWithoutReason(input, leads));
  for (const f of slaBreaches(input, figures)) push(f);
  for (const f of volumeAndPipeline(input, figures, window)) push(f);
  for (const f of staleData(input)) push(f);
  return findings;
}

/** A record with one entry per field. */
export function byField<F extends string, T>(fields: readonly F[], value: (field: F) => T): Record<F, T> {
  return Object.fromEntries(fields.map((f) => [f, value(f)])) as Record<F, T>;
}

/** Whether the glossary reads a raw value of the field (as a stage or outcome for stages and statuses). */
function glossaryKnows(lookups: GlossaryLookups, field: LeadTermField | DealTermField, raw: string): boolean {
  if (field === 'stage' || field === 'status') {
    const c = lookups.classify(raw);
    return c.stageIndex >= 0 || c.outcome !== undefined;
  }
  const glossary = lookups.index;
  const vocabulary = { source: glossary.sources, segment: glossary.segments, rejection_reason: glossary.rejectionReasons, lost_reason: glossary.lostReasons }[field];
  return vocabulary.lookup(raw) !== undefined;
}

/**
 * The date columns by which a lead may have passed MQL (those of the glossary's stages from
 * MQL on), and `mql_at`, which the SLA clock starts from.
 */
function passedMqlDates(lookups: GlossaryLookups): StageDate[] {
  const mqlIndex = lookups.stageIndex('mql');
  const stages = mqlIndex < 0 ? [] : lookups.stageIds.slice(mqlIndex);
  return STAGE_DATES.filter((column) => column === 'mql_at' || stages.includes(column.slice(0, -3)));
}

/**
 * The survey requests: the glossary reads each value the store holds once, here (matching costs
 * a Unicode normalisation), and the store tests each record against the few that matter.
 */
function surveyRequests(
  lookups: GlossaryLookups,
  values: TermValues,
  asOf: number,
  zone: string,
  window?: LeadSurveyRequest['window'],
): { leads: LeadSurveyRequest; deals: DealSurveyRequest } {
  const unknown = (field: LeadTermField | DealTermField, held: readonly string[]) =>
    held.filter((raw) => raw.trim() !== '' && !glossaryKnows(lookups, field, raw));
  const mqlIndex = lookups.stageIndex('mql');
  const meansOut = (raw: string) => {
    const outcome = lookups.classify(raw).outcome;
    return outcome === 'rejected' || outcome === 'disqualified';
  };
  return {
    leads: {
      unknown: byField(LEAD_TERM_FIELDS, (f) => unknown(f, values.leads[f])),
      mql: mqlIndex < 0 ? null : {
        dates: passedMqlDates(lookups),
        stages: values.leads.stage.filter((raw) => lookups.classify(raw).stageIndex >= mqlIndex),
        stagedStages: values.leads.stage.filter((raw) => lookups.classify(raw).stageIndex >= 0),
        statuses: values.leads.status.filter((raw) => lookups.classify(raw).stageIndex >= mqlIndex),
        byDeals: [dealStages(lookups).opportunity, dealStages(lookups).customer].some((i) => i >= mqlIndex),
      },
      rejectedStages: values.leads.stage.filter(meansOut),
      rejectedStatuses: values.leads.status.filter(meansOut),
      asOf,
      zone,
      ...(window ? { window } : {}),
    },
    deals: { unknown: byField(DEAL_TERM_FIELDS, (f) => unknown(f, values.deals[f])), asOf, zone },
  };
}

/**
 * Asks the store every whole-table question of a check, each in one pass. With `window`, the
 * lead survey also fetches the records of the period (`survey.leads.window`).
 */
export function surveyStore(data: CheckData, glossary: GlossaryLookups, asOf: number, zone: string, window?: LeadSurveyRequest['window']): StoreSurvey {
  const requests = surveyRequests(glossary, data.termValues(), asOf, zone, window);
  return { leads: data.leadSurvey(requests.leads), deals: data.dealSurvey(requests.deals), duplicates: data.duplicateEmails() };
}

/** The store's answers and the records of the period: the caller's, or fetched in the survey's first pass. */
function surveyAndWindow(input: CheckInput): StoreSurvey & { window: CheckWindow } {
  const { glossary, asOf } = input;
  if (input.survey) {
    if (!input.window) throw new Error('runChecks: a survey asked beforehand comes with the caller\'s window');
    return { ...input.survey, window: input.window };
  }
  const fetch = input.window ? undefined : { ...reportWindow(input.period, input.period, input.sla), dates: passedMqlDates(glossary), dealDated: dealDatedColumns(glossary) };
  const survey = surveyStore(input.data, glossary, asOf, input.sla.calendar.zone.name, fetch);
  const records = survey.leads.window;
  return { ...survey, window: input.window ?? { facts: leadFacts(records!, glossary, asOf), deals: records!.deals } };
}

function unknownFinding(code: string, what: string, unknown: readonly ValueTally[], vocabulary: Vocabulary<Term>, section: string): Finding | undefined {
  if (unknown.length === 0) return undefined;
  // Spellings the glossary would match as one ("Google", "google") are one value: one alias fixes them all.
  const values = [...groupSpellings(unknown.map((t) => [t.value, t.count] as const)).values()]
    .map((spellings) => {
      const value = mostFrequent(spellings);
      return { value, count: [...spellings.values()].reduce((sum, n) => sum + n, 0), others: [...spellings.keys()].filter((v) => v !== value).sort() };
    })
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  const shown = values.slice(0, EXAMPLES).map(({ value, count, others }) => {
    const near = vocabulary.closest(value);
    const also = others.length ? `, also written ${others.map((o) => `"${o}"`).join(', ')}` : '';
    return `"${value}" (${count}${also}${near ? `, did you mean ${near.id}?` : ''})`;
  });
  const more = values.length - shown.length;
  return finding(
    code,
    'warn',
    merged(unknown),
    `${values.length} ${what} ${values.length === 1 ? 'value is' : 'values are'} not in the glossary: ${shown.join(', ')}${more > 0 ? `, and ${more} more` : ''}`,
    `add each as an alias of the right term under ${section} in glossary.yaml, or fix the data in the CRM`,
  );
}

function unknownTerms(lookups: GlossaryLookups, leads: LeadSurvey, deals: DealSurvey): Array<Finding | undefined> {
  const glossary = lookups.index;
  const stageVocabulary = new Vocabulary<Term>([
    ...glossary.glossary.stages, ...glossary.glossary.outcomes, ...glossary.glossary.lead_statuses,
  ]);
  return [
    unknownFinding('unknown-stage', 'lead stage', leads.unread.stage, stageVocabulary, 'stages (or outcomes)'),
    unknownFinding('unknown-lead-status', 'lead status', leads.unread.status, stageVocabulary, 'lead_statuses'),
    unknownFinding('unknown-deal-stage', 'deal stage', deals.unread.stage, stageVocabulary, 'stages (opportunity) or outcomes (won, lost)'),
    unknownFinding('unknown-source', 'source', leads.unread.source, glossary.sources, 'sources'),
    unknownFinding('unknown-segment', 'segment', leads.unread.segment, glossary.segments, 'segments'),
    unknownFinding('unknown-rejection-reason', 'rejection reason', leads.unread.rejection_reason, glossary.rejectionReasons, 'rejection_reasons'),
    unknownFinding('unknown-lost-reason', 'lost reason', deals.unread.lost_reason, glossary.lostReasons, 'lost_reasons'),
  ];
}

/** Marketing's side: MQLs of the period (as `smk report sla` counts them) that miss the glossary's MQL requirements. */
function mqlRequirements({ glossary, sla, period }: CheckInput, window: CheckWindow): Finding | undefined {
  const requirements = glossary.index.glossary.stages.find((s) => s.id === 'mql')?.requirements;
  if (!requirements) return undefined;
  const inPeriod = mqlsOf(window.facts, glossary, period);
  const missing = new Map<string, number>();
  const failing = inPeriod.filter(({ lead }) => {
    const problems = requirementProblems(lead, requirements, glossary.index);
    for (const p of problems) missing.set(p, (missing.get(p) ?? 0) + 1);
    return problems.length > 0;
  });
  if (failing.length === 0) return undefined;
  const promise = sla.marketing.mqlRequirements ?? { level: 'warn' as Level, atLeast: 1 };
  const met = (inPeriod.length - failing.length) / inPeriod.length;
  const level: FindingLevel = met >= promise.atLeast ? 'info' : levelOf(promise.level);
  const reasons = [...missing.entries()].sort((a, b) => b[1] - a[1]).map(([p, n]) => `${p} ${n}`).join(', ');
  return finding(
    'mql-requirements-unmet',
    level,
    tallyOf(failing.map((f) => f.lead.id)),
    `${failing.length} of ${n(inPeriod.length, 'MQL')} of ${period.label} miss the MQL requirements (${reasons}); ${percent(met)} met them, the SLA asks for ${percent(promise.atLeast)}`,
    'marketing: complete these leads in the CRM, or agree new requirements in glossary.yaml',
  );
}

function rejectionsWithoutReason({ sla }: CheckInput, leads: LeadSurvey): Finding | undefined {
  const without = leads.rejectedWithoutReason;
  if (without.count === 0) return undefined;
  const promise = sla.sales.rejectionReason ?? { level: 'warn' as Level, atLeast: 1 };
  const share = (leads.rejected - without.count) / leads.rejected;
  return finding(
    'rejection-without-reason',
    share >= promise.atLeast ? 'info' : levelOf(promise.level),
    without,
    `${without.count} of ${n(leads.rejected, 'rejected lead')} without a rejection reason`,
    'sales: give a reason from the glossary for every rejection',
  );
}

/** Sales' side: every MQL whose deadline fell in the period, touched (or decided) in time or not, as `smk report sla` counts them. */
function slaBreaches({ sla, period }: CheckInput, figures: SlaFigures): Finding[] {
  const results: Finding[] = [];
  const breaches = (promise: DeadlineOutcome['promise'], status?: DeadlineOutcome['status']) =>
    figures.breaches.filter((b) => b.promise === promise && (status === undefined || b.status === status));
  const firstTouch = sla.sales.firstTouch;
  const touch = figures.firstTouch;
  if (firstTouch && touch) {
    const share = touch.compliance ?? 1;
    results.push(
      finding(
        'first-touch-late',
        share >= firstTouch.atLeast ? 'info' : levelOf(firstTouch.level),
        tallyOf(breaches('first-touch', 'late').map((b) => b.facts.lead.id)),
        `${touch.late} of ${n(touch.due, 'MQL')} due in ${period.label} touched later than ${firstTouch.within.text}; ${percent(share)} in time, the SLA asks for ${percent(firstTouch.atLeast)}`,
        'sales: touch new MQLs within the SLA; smk report sla lists them by owner',
      ),
    );
    const untouched = breaches('first-touch', 'open');
    results.push(
      finding(
        'first-touch-overdue',
        untouched.length ? levelOf(firstTouch.level) : 'info',
        tallyOf(untouched.map((b) => b.facts.lead.id)),
        `${n(untouched.length, 'MQL')} due in ${period.label} still untouched (open breaches, up to ${untouched.reduce((most, b) => Math.max(most, b.hoursLate), 0).toFixed(1)} working hours past the deadline)`,
        'sales: touch them now',
      ),
    );
  }
  const decision = sla.sales.decision;
  const decided = figures.decision;
  if (decision && decided) {
    const late = breaches('decision');
    const share = decided.compliance ?? 1;
    results.push(
      finding(
        'decision-late',
        share >= decision.atLeast ? 'info' : levelOf(decision.level),
        tallyOf(late.map((b) => b.facts.lead.id)),
        `${late.length} of ${n(decided.due, 'MQL')} due in ${period.label} not accepted or rejected within ${decision.within.text}`,
        'sales: accept (SAL) or reject every MQL within the SLA',
      ),
    );
  }
  return results;
}

/** Marketing's side: MQLs delivered and pipeline opened against the targets, as `smk report sla` counts them. */
function volumeAndPipeline({ sla, period, asOf }: CheckInput, figures: SlaFigures, window: CheckWindow): Finding[] {
  const results: Finding[] = [];
  const volume = sla.marketing.mqlPerWeek;
  if (volume) {
    for (const line of figures.marketing.volume) {
      if (line.kept) continue;
      const overall = line.kind === 'overall';
      results.push({
        code: 'mql-volume-under-target',
        level: levelOf(volume.level),
        message: `${n(line.delivered, 'MQL')}${overall ? '' : ` from ${line.kind} ${line.term}`} in ${period.label} against a target of ${line.target}`,
        count: line.target - line.delivered,
        examples: [],
        hint: overall
          ? 'marketing: the gap is the count; smk report quality shows which sources fell short'
          : `marketing: the ${line.kind} ${line.term} is short of its own target`,
      });
    }
  }
  const pipeline = figures.marketing.pipeline;
  if (pipeline && pipeline.kept !== true) {
    // Pipeline is the value of the deals opened in the period, whatever became of them since.
    const opened = window.deals.filter((d) => inside(instantBy(d.created_at, asOf), period));
    results.push(finding(
      'pipeline-under-target',
      pipeline.kept === null ? 'warn' : levelOf(pipeline.level),
      tallyOf(opened.map((d) => d.id)),
      pipelineText(pipeline, period),
      pipeline.kept === null ? 'declare the target\'s currency (pipeline_per_week.currency) or the rates (money: in sla.yaml)' : 'marketing and sales: look at the deals opened by source in smk report quality',
    ));
  }
  return results;
}

/** The review's freshness, as findings: an export too old, or none taken by the as-of. */
function staleData({ latestExports, sla, asOf }: CheckInput): Finding[] {
  return freshnessOf(latestExports, asOf, sla.staleAfter)
    .filter((f) => f.stale)
    .map((f) => ({
      code: 'stale-data',
      level: 'error' as const,
      message: f.note,
      count: 1,
      examples: [f.kind],
      hint: `import a fresh ${f.kind} export: smk import ${f.kind} FILE (--snapshot-date says when it was taken, if not today)`,
    }));
}

/** `1 lead`, `2 leads`. */
function n(count: number, word: string, plural = `${word}s`): string {
  return `${count} ${count === 1 ? word : plural}`;
}


export interface CheckSummary {
  errors: number;
  warnings: number;
  infos: number;
  failed: boolean;
}

export type FailOn = 'error' | 'warn' | 'never';

export function summarize(findings: readonly Finding[], failOn: FailOn): CheckSummary {
  const errors = findings.filter((f) => f.level === 'error').length;
  const warnings = findings.filter((f) => f.level === 'warn').length;
  const infos = findings.filter((f) => f.level === 'info').length;
  const failed = failOn === 'error' ? errors > 0 : failOn === 'warn' ? errors + warnings > 0 : false;
  return { errors, warnings, infos, failed };
}
