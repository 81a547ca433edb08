/**
 * `smk check`: the imported data held against the glossary and the SLA. Each finding has a
 * stable code, a level, the number of records it concerns, up to five example ids and a hint
 * that says how to fix it. Pure: the records, the agreement and "now" come in as arguments.
 */
import { GlossaryIndex, requirementProblems, Vocabulary, type Term } from './glossary.ts';
import type { Level, Sla } from './sla.ts';
import type { Period } from './period.ts';
import { addDuration, workingMinutesBetween } from './working-time.ts';

export type FindingLevel = 'error' | 'warn' | 'info';

export interface Finding {
  code: string;
  level: FindingLevel;
  message: string;
  count: number;
  examples: string[];
  hint?: string;
}

export interface LeadRecord {
  id: string;
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  company: string | null;
  source: string | null;
  campaign: string | null;
  owner: string | null;
  score: number | null;
  segment: string | null;
  country: string | null;
  stage: string | null;
  status: string | null;
  created_at: string | null;
  lead_at: string | null;
  mql_at: string | null;
  sal_at: string | null;
  sql_at: string | null;
  opportunity_at: string | null;
  customer_at: string | null;
  first_touch_at: string | null;
  rejected_at: string | null;
  rejection_reason: string | null;
}

export interface DealRecord {
  id: string;
  linked_lead_id: string | null;
  stage: string | null;
  status: string | null;
  amount: number | null;
  created_at: string | null;
  closed_at: string | null;
  lost_reason: string | null;
}

export interface CheckInput {
  leads: readonly LeadRecord[];
  deals: readonly DealRecord[];
  /** Newest finished import per kind (UTC ISO), or null when there was none. */
  lastImport: { leads: string | null; deals: string | null };
  glossary: GlossaryIndex;
  sla: Sla;
  period: Period;
  asOf: number;
}

const EXAMPLES = 5;
const STAGE_DATE_FIELDS = ['lead_at', 'mql_at', 'sal_at', 'sql_at', 'opportunity_at', 'customer_at'] as const;
const LEAD_DATE_FIELDS = ['created_at', ...STAGE_DATE_FIELDS, 'first_touch_at', 'rejected_at'] as const;

const levelOf = (level: Level): FindingLevel => (level === 'fail' ? 'error' : 'warn');
const at = (iso: string | null) => (iso === null ? NaN : Date.parse(iso));

function finding(code: string, level: FindingLevel, ids: string[], message: string, hint?: string): Finding {
  const sorted = [...ids].sort();
  return { code, level, message, count: ids.length, examples: sorted.slice(0, EXAMPLES), ...(hint ? { hint } : {}) };
}

export function runChecks(input: CheckInput): Finding[] {
  const findings: Finding[] = [];
  // A promise missed is a finding even when no record can be pointed at (no deal opened at all).
  const push = (f: Finding | undefined) => {
    if (f && (f.count > 0 || f.code === 'pipeline-under-target')) findings.push(f);
  };
  for (const f of unknownTerms(input)) push(f);
  push(mqlRequirements(input));
  push(stageDatesOutOfOrder(input));
  push(futureDates(input));
  push(dealsClosedBeforeCreated(input));
  push(wonDealsWithoutAmount(input));
  push(dealsWithoutLead(input));
  push(duplicateEmails(input));
  push(mqlsWithoutOwner(input));
  push(rejectionsWithoutReason(input));
  for (const f of slaBreaches(input)) push(f);
  for (const f of staleData(input)) push(f);
  return findings;
}

/** Whether a lead has reached MQL: by its date, or by a stage at or past MQL (which implies it passed MQL). */
export function reachedMql(lead: LeadRecord, glossary: GlossaryIndex): boolean {
  if (lead.mql_at) return true;
  const mqlRank = glossary.stageRank('mql');
  if (mqlRank < 0) return false;
  const { stage } = glossary.classifyStage(lead.stage);
  if (stage && glossary.stageRank(stage.id) >= mqlRank) return true;
  return STAGE_DATE_FIELDS.slice(STAGE_DATE_FIELDS.indexOf('mql_at') + 1).some((field) => lead[field] !== null);
}

function unknownValues<R extends { id: string }>(
  records: readonly R[],
  value: (r: R) => string | null,
  known: (raw: string) => boolean,
): Map<string, string[]> {
  const unknown = new Map<string, string[]>();
  for (const record of records) {
    const raw = value(record);
    if (raw === null || raw.trim() === '' || known(raw)) continue;
    const ids = unknown.get(raw) ?? [];
    ids.push(record.id);
    unknown.set(raw, ids);
  }
  return unknown;
}

function unknownFinding(code: string, what: string, unknown: Map<string, string[]>, vocabulary: Vocabulary<Term>, section: string): Finding | undefined {
  if (unknown.size === 0) return undefined;
  const ids = [...unknown.values()].flat();
  const values = [...unknown.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const shown = values.slice(0, EXAMPLES).map(([raw, list]) => {
    const near = vocabulary.closest(raw);
    return `"${raw}" (${list.length}${near ? `, did you mean ${near.id}?` : ''})`;
  });
  return finding(
    code,
    'warn',
    ids,
    `${values.length} ${what} ${values.length === 1 ? 'value is' : 'values are'} not in the glossary: ${shown.join(', ')}`,
    `add each as an alias of the right term under ${section} in glossary.yaml, or fix the data in the CRM`,
  );
}

function unknownTerms({ leads, deals, glossary }: CheckInput): Array<Finding | undefined> {
  const classifies = (raw: string) => {
    const c = glossary.classifyStage(raw);
    return c.stage !== undefined || c.outcome !== undefined;
  };
  const stageVocabulary = new Vocabulary<Term>([
    ...glossary.glossary.stages, ...glossary.glossary.outcomes, ...glossary.glossary.lead_statuses,
  ]);
  return [
    unknownFinding('unknown-stage', 'lead stage', unknownValues(leads, (l) => l.stage, classifies), stageVocabulary, 'stages (or outcomes)'),
    unknownFinding('unknown-lead-status', 'lead status', unknownValues(leads, (l) => l.status, classifies), stageVocabulary, 'lead_statuses'),
    unknownFinding('unknown-deal-stage', 'deal stage', unknownValues(deals, (d) => d.stage, classifies), stageVocabulary, 'stages (opportunity) or outcomes (won, lost)'),
    unknownFinding('unknown-source', 'source', unknownValues(leads, (l) => l.source, (raw) => glossary.sources.lookup(raw) !== undefined), glossary.sources, 'sources'),
    unknownFinding('unknown-segment', 'segment', unknownValues(leads, (l) => l.segment, (raw) => glossary.segments.lookup(raw) !== undefined), glossary.segments, 'segments'),
    unknownFinding('unknown-rejection-reason', 'rejection reason', unknownValues(leads, (l) => l.rejection_reason, (raw) => glossary.rejectionReasons.lookup(raw) !== undefined), glossary.rejectionReasons, 'rejection_reasons'),
    unknownFinding('unknown-lost-reason', 'lost reason', unknownValues(deals, (d) => d.lost_reason, (raw) => glossary.lostReasons.lookup(raw) !== undefined), glossary.lostReasons, 'lost_reasons'),
  ];
}

/** Marketing's side: MQLs of the period that miss the glossary's MQL requirements. */
function mqlRequirements({ leads, glossary, sla, period }: CheckInput): Finding | undefined {
  const mql = glossary.glossary.stages.find((s) => s.id === 'mql');
  const requirements = mql?.requirements;
  if (!requirements) return undefined;
  const inPeriod = leads.filter((l) => inside(at(l.mql_at), period));
  const missing = new Map<string, number>();
  const failing = inPeriod.filter((lead) => {
    const problems = requirementProblems(lead, requirements, glossary);
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
    failing.map((l) => l.id),
    `${failing.length} of ${n(inPeriod.length, 'MQL')} of ${period.label} miss the MQL requirements (${reasons}); ${percent(met)} met them, the SLA asks for ${percent(promise.atLeast)}`,
    'marketing: complete these leads in the CRM, or agree new requirements in glossary.yaml',
  );
}

function stageDatesOutOfOrder({ leads }: CheckInput): Finding | undefined {
  const ids: string[] = [];
  for (const lead of leads) {
    let latest = -Infinity;
    for (const field of STAGE_DATE_FIELDS) {
      const time = at(lead[field]);
      if (Number.isNaN(time)) continue;
      if (time < latest) {
        ids.push(lead.id);
        break;
      }
      latest = time;
    }
  }
  return finding('stage-dates-out-of-order', 'error', ids, `${n(ids.length, 'lead')} reached a stage before an earlier one (e.g. SQL before MQL)`, 'fix the stage dates in the CRM; funnel timings use them');
}

function futureDates({ leads, deals, asOf }: CheckInput): Finding | undefined {
  const ids = leads.filter((l) => LEAD_DATE_FIELDS.some((f) => at(l[f]) > asOf)).map((l) => l.id);
  // An open deal's close date is the expected one: only created dates and closed deals count.
  ids.push(...deals.filter((d) => at(d.created_at) > asOf || (d.status !== 'open' && at(d.closed_at) > asOf)).map((d) => d.id));
  return finding('future-date', 'error', ids, `${n(ids.length, 'record')} dated after ${new Date(asOf).toISOString().replace('.000Z', 'Z')}`, 'check the time zone (--tz) and the date format of the import');
}

function dealsClosedBeforeCreated({ deals }: CheckInput): Finding | undefined {
  const ids = deals.filter((d) => d.status !== 'open' && at(d.closed_at) < at(d.created_at)).map((d) => d.id);
  return finding('deal-closed-before-created', 'error', ids, `${n(ids.length, 'closed deal')} closed before created`, 'fix the dates in the CRM');
}

function wonDealsWithoutAmount({ deals }: CheckInput): Finding | undefined {
  const ids = deals.filter((d) => d.status === 'won' && (d.amount === null || d.amount === 0)).map((d) => d.id);
  return finding('won-deal-without-amount', 'warn', ids, `${n(ids.length, 'won deal')} without an amount: won revenue is understated`, 'sales: enter the amount in the CRM');
}

function dealsWithoutLead({ deals }: CheckInput): Finding | undefined {
  const ids = deals.filter((d) => d.linked_lead_id === null).map((d) => d.id);
  return finding('deal-without-lead', 'warn', ids, `${n(ids.length, 'deal')} without a known lead: they count in no source or campaign`, 'import the leads they come from, or map lead_id / lead_email with --map');
}

function duplicateEmails({ leads }: CheckInput): Finding | undefined {
  const byEmail = new Map<string, string[]>();
  for (const lead of leads) {
    if (!lead.email) continue;
    const ids = byEmail.get(lead.email) ?? [];
    ids.push(lead.id);
    byEmail.set(lead.email, ids);
  }
  const ids = [...byEmail.values()].filter((list) => list.length > 1).flat();
  const emails = [...byEmail.values()].filter((list) => list.length > 1).length;
  return finding('duplicate-email', 'warn', ids, `${n(emails, 'email')} used by more than one lead id (${n(ids.length, 'lead')})`, 'merge the duplicates in the CRM');
}

function mqlsWithoutOwner({ leads, glossary }: CheckInput): Finding | undefined {
  const ids = leads.filter((l) => !l.owner && reachedMql(l, glossary) && !isOut(l, glossary)).map((l) => l.id);
  return finding('mql-without-owner', 'warn', ids, `${n(ids.length, 'MQL')} without an owner: nobody in sales will touch them`, 'assign an owner in the CRM');
}

function isRejected(lead: LeadRecord, glossary: GlossaryIndex): boolean {
  if (lead.rejected_at) return true;
  const kinds = [glossary.classifyStage(lead.stage).outcome?.kind, glossary.classifyStage(lead.status).outcome?.kind];
  return kinds.includes('rejected') || kinds.includes('disqualified');
}

function isOut(lead: LeadRecord, glossary: GlossaryIndex): boolean {
  return isRejected(lead, glossary);
}

function rejectionsWithoutReason({ leads, glossary, sla }: CheckInput): Finding | undefined {
  const rejected = leads.filter((l) => isRejected(l, glossary));
  const ids = rejected.filter((l) => !l.rejection_reason || l.rejection_reason.trim() === '').map((l) => l.id);
  if (ids.length === 0) return undefined;
  const promise = sla.sales.rejectionReason ?? { level: 'warn' as Level, atLeast: 1 };
  const share = (rejected.length - ids.length) / rejected.length;
  return finding(
    'rejection-without-reason',
    share >= promise.atLeast ? 'info' : levelOf(promise.level),
    ids,
    `${ids.length} of ${n(rejected.length, 'rejected lead')} without a rejection reason`,
    'sales: give a reason from the glossary for every rejection',
  );
}

/** Sales' side: every MQL whose deadline fell in the period, touched (or decided) in time or not. */
function slaBreaches(input: CheckInput): Array<Finding | undefined> {
  const { leads, sla, period, asOf } = input;
  const results: Array<Finding | undefined> = [];
  const calendar = sla.calendar;
  const firstTouch = sla.sales.firstTouch;
  if (firstTouch) {
    const due = leads
      .filter((l) => l.mql_at !== null)
      .map((l) => ({ lead: l, deadline: addDuration(at(l.mql_at), firstTouch.within, calendar) }))
      .filter((d) => inside(d.deadline, period) && d.deadline <= asOf);
    const late = due.filter((d) => d.lead.first_touch_at !== null && at(d.lead.first_touch_at) > d.deadline);
    const untouched = due.filter((d) => d.lead.first_touch_at === null || at(d.lead.first_touch_at) > asOf);
    const inTime = due.length - late.length - untouched.length;
    const share = due.length ? inTime / due.length : 1;
    const level = share >= firstTouch.atLeast ? 'info' : levelOf(firstTouch.level);
    results.push(
      finding(
        'first-touch-late',
        level,
        late.map((d) => d.lead.id),
        `${late.length} of ${n(due.length, 'MQL')} due in ${period.label} touched later than ${firstTouch.within.text}; ${percent(share)} in time, the SLA asks for ${percent(firstTouch.atLeast)}`,
        'sales: touch new MQLs within the SLA; smk report sla lists them by owner',
      ),
    );
    const ages = untouched.map((d) => workingMinutesBetween(d.deadline, asOf, calendar) / 60);
    results.push(
      finding(
        'first-touch-overdue',
        untouched.length ? levelOf(firstTouch.level) : 'info',
        untouched.map((d) => d.lead.id),
        `${n(untouched.length, 'MQL')} due in ${period.label} still untouched (open breaches, up to ${Math.max(0, ...ages).toFixed(1)} working hours past the deadline)`,
        'sales: touch them now',
      ),
    );
  }
  const decision = sla.sales.decision;
  if (decision) {
    const due = leads
      .filter((l) => l.mql_at !== null)
      .map((l) => ({ lead: l, deadline: addDuration(at(l.mql_at), decision.within, calendar) }))
      .filter((d) => inside(d.deadline, period) && d.deadline <= asOf);
    const decidedAt = (l: LeadRecord) => Math.min(...[at(l.sal_at), at(l.sql_at), at(l.rejected_at)].filter((t) => !Number.isNaN(t)));
    const late = due.filter((d) => !(decidedAt(d.lead) <= d.deadline));
    const share = due.length ? (due.length - late.length) / due.length : 1;
    results.push(
      finding(
        'decision-late',
        share >= decision.atLeast ? 'info' : levelOf(decision.level),
        late.map((d) => d.lead.id),
        `${late.length} of ${n(due.length, 'MQL')} due in ${period.label} not accepted or rejected within ${decision.within.text}`,
        'sales: accept (SAL) or reject every MQL within the SLA',
      ),
    );
  }
  const volume = sla.marketing.mqlPerWeek;
  const weeks = (period.end - period.start) / (7 * 86_400_000);
  if (volume) {
    const mqls = leads.filter((l) => inside(at(l.mql_at), period));
    const under = (delivered: number, weeklyTarget: number, what: string, hint: string) => {
      const target = Math.round(weeklyTarget * weeks);
      if (delivered >= target) return;
      results.push({
        code: 'mql-volume-under-target',
        level: levelOf(volume.level),
        message: `${n(delivered, 'MQL')}${what} in ${period.label} against a target of ${target}`,
        count: target - delivered,
        examples: [],
        hint,
      });
    };
    under(mqls.length, volume.target, '', 'marketing: the gap is the count; smk report quality shows which sources fell short');
    const byTerm = (targets: Record<string, number>, vocabulary: Vocabulary, value: (l: LeadRecord) => string | null, label: string) => {
      for (const [id, target] of Object.entries(targets)) {
        under(mqls.filter((l) => vocabulary.lookup(value(l))?.id === id).length, target, ` from ${label} ${id}`, `marketing: the ${label} ${id} is short of its own target`);
      }
    };
    byTerm(volume.bySegment, input.glossary.segments, (l) => l.segment, 'segment');
    byTerm(volume.bySource, input.glossary.sources, (l) => l.source, 'source');
  }
  const pipeline = sla.marketing.pipelinePerWeek;
  if (pipeline) {
    // Pipeline is the value of the deals opened in the period, whatever became of them since.
    const opened = input.deals.filter((d) => inside(at(d.created_at), period));
    const value = opened.reduce((sum, d) => sum + (d.amount ?? 0), 0);
    const target = pipeline.target * weeks;
    if (value < target) {
      results.push(finding(
        'pipeline-under-target',
        levelOf(pipeline.level),
        opened.map((d) => d.id),
        `${formatAmount(value)}${pipeline.currency ? ` ${pipeline.currency}` : ''} of pipeline opened in ${period.label} (${n(opened.length, 'deal')}) against a target of ${formatAmount(target)}`,
        'marketing and sales: look at the deals opened by source in smk report quality',
      ));
    }
  }
  return results;
}

function staleData({ lastImport, sla, asOf }: CheckInput): Finding[] {
  const limit = sla.staleAfter;
  const results: Finding[] = [];
  for (const kind of ['leads', 'deals'] as const) {
    const last = lastImport[kind];
    const age = last === null ? Infinity : asOf - Date.parse(last);
    if (age > limit.minutes * 60_000) {
      results.push({
        code: 'stale-data',
        level: 'error',
        message: last === null ? `no ${kind} were ever imported` : `the newest ${kind} import is ${(age / 86_400_000).toFixed(1)} days old (limit ${limit.text})`,
        count: 1,
        examples: [kind],
        hint: `import a fresh ${kind} export: smk import ${kind} FILE`,
      });
    }
  }
  return results;
}

/** `1 lead`, `2 leads`. */
function n(count: number, word: string, plural = `${word}s`): string {
  return `${count} ${count === 1 ? word : plural}`;
}

function inside(time: number, period: Period): boolean {
  return time >= period.start && time < period.end;
}

function formatAmount(value: number): string {
  return (Math.round(value * 100) / 100).toString();
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
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
