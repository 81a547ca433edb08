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
import type { MoneyPolicy } from '../domain/money.ts';

export interface ReportMeta {
  version: string;
  asOf: number;
  period: Period;
  previous: Period;
  timeZone: string;
  /** Hide lead names and emails (`--redact`). */
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

/** A breach as it is listed: the lead's name and email only when not redacted. */
export function breachJson(breach: DeadlineOutcome, redact: boolean) {
  const lead = breach.facts.lead;
  const name = [lead.first_name, lead.last_name].filter(Boolean).join(' ') || null;
  return {
    id: lead.id,
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

export function funnelJson(report: FunnelReport, meta: ReportMeta) {
  return { ...header('funnel', meta), ...report };
}

export function qualityJson(report: QualityReport, meta: ReportMeta) {
  return { ...header('quality', meta), ...report };
}

export function slaJson(report: SlaReport, meta: ReportMeta) {
  return { ...header('sla', meta), current: slaFiguresJson(report.current, meta), previous: slaFiguresJson(report.previous, meta) };
}

export function reviewJson(report: ReviewReport, meta: ReportMeta) {
  return {
    ...header('review', meta),
    freshness: report.freshness,
    headline: report.headline,
    funnel: report.funnel,
    quality: report.quality,
    sla: { current: slaFiguresJson(report.sla.current, meta), previous: slaFiguresJson(report.sla.previous, meta) },
    findings: report.findings,
    discuss: { ...report.discuss, breaches: report.discuss.breaches.map((b) => breachJson(b, meta.redact)) },
    quiet: report.quiet,
  };
}

export function renderJson(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}
