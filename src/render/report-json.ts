/**
 * The JSON form of the reports: every figure, locale-free, instants as UTC ISO 8601. The
 * shape is documented in docs/report-json.md and is part of the interface: scripts
 * read it, so fields are only ever added.
 */
import type { Period } from '../domain/period.ts';
import type { FunnelReport } from '../domain/metrics/funnel.ts';
import type { QualityReport } from '../domain/metrics/quality.ts';
import type { DeadlineOutcome, SlaFigures, SlaReport } from '../domain/metrics/sla-report.ts';
import type { ReviewReport } from '../domain/metrics/review.ts';
import type { Finding } from '../domain/finding.ts';
import type { MoneyPolicy } from '../domain/money.ts';
import { redactFinding, redactId, redactJson } from './redact.ts';
import { jsonText } from './sanitize.ts';

export interface ReportMeta {
  version: string;
  asOf: number;
  period: Period;
  previous: Period;
  timeZone: string;
  /** Hide lead names and emails (`--redact`): ./redact.ts. */
  redact: boolean;
  /** At most this many breaches are listed (`--limit`). */
  limit: number;
  /** How amounts are shown (sla.yaml `money:`). */
  money: MoneyPolicy;
}

export const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace('.000Z', 'Z'));
const periodJson = (p: Period) => ({ label: p.label, start: iso(p.start), end: iso(p.end) });

function header(report: string, meta: ReportMeta) {
  return {
    report, version: meta.version, asOf: iso(meta.asOf), timeZone: meta.timeZone, period: periodJson(meta.period), previousPeriod: periodJson(meta.previous),
    // Every amount below is a list of { currency, amount }: converted into this currency where a rate allows, else one entry per currency.
    money: { currency: meta.money.currency ?? null, rates: meta.money.rates, ratesDate: meta.money.ratesDate ?? null },
  };
}

/** A breach as it is listed: the lead's name and email only when not redacted, and then an id that is an email as its pseudonym. */
export function breachJson(breach: DeadlineOutcome, redact: boolean) {
  const lead = breach.facts.lead;
  const name = [lead.first_name, lead.last_name].filter(Boolean).join(' ') || null;
  return {
    id: redact ? redactId(lead.id) : lead.id,
    ...(redact ? {} : { name, email: lead.email }),
    owner: lead.owner,
    promise: breach.promise,
    mqlAt: iso(breach.facts.mqlAt),
    deadline: iso(breach.deadline),
    doneAt: iso(breach.doneAt),
    status: breach.status,
    hoursLate: round(breach.hoursLate),
  };
}

const round = (value: number) => Math.round(value * 100) / 100;

function slaFiguresJson(figures: SlaFigures, meta: ReportMeta) {
  const { breaches, ...rest } = figures;
  return { ...rest, breachCount: breaches.length, breaches: breaches.slice(0, meta.limit).map((b) => breachJson(b, meta.redact)) };
}

/** Under --redact, no string of the JSON holds an email address (an owner, a value quoted by a finding). */
const redacted = <T>(json: T, meta: ReportMeta): T => (meta.redact ? redactJson(json) : json);

export function funnelJson(report: FunnelReport, meta: ReportMeta) {
  return redacted({ ...header('funnel', meta), ...report }, meta);
}

export function qualityJson(report: QualityReport, meta: ReportMeta) {
  return redacted({ ...header('quality', meta), ...report }, meta);
}

export function slaJson(report: SlaReport, meta: ReportMeta) {
  return redacted({ ...header('sla', meta), current: slaFiguresJson(report.current, meta), previous: slaFiguresJson(report.previous, meta) }, meta);
}

export function reviewJson(report: ReviewReport, meta: ReportMeta) {
  // The findings' examples are lead ids, which are emails for leads keyed by their email.
  const findings = (list: Finding[]) => (meta.redact ? list.map(redactFinding) : list);
  return redacted({
    ...header('review', meta),
    freshness: report.freshness,
    headline: report.headline,
    funnel: report.funnel,
    quality: report.quality,
    sla: { current: slaFiguresJson(report.sla.current, meta), previous: slaFiguresJson(report.sla.previous, meta) },
    findings: findings(report.findings),
    discuss: { ...report.discuss, breaches: report.discuss.breaches.map((b) => breachJson(b, meta.redact)), unknownTerms: findings(report.discuss.unknownTerms) },
    quiet: report.quiet,
  }, meta);
}

export function renderJson(value: unknown): string {
  return jsonText(value);
}
