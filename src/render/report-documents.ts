/**
 * The reports as documents of tables (src/render/document.ts), which the table, plain-text,
 * Markdown and CSV renderers print. Each figure here comes straight from the report object;
 * nothing is computed but the layout.
 */
import type { Finding } from '../domain/finding.ts';
import { unpricedNote, type Cohort, type FunnelReport, type WonDeals } from '../domain/metrics/funnel.ts';
import type { QualityFigures, QualityReport } from '../domain/metrics/quality.ts';
import type { DeadlineFigures, SlaFigures, SlaReport, Team } from '../domain/metrics/sla-report.ts';
import type { ReviewReport, SourceVerdict } from '../domain/metrics/review.ts';
import { change } from '../domain/metrics/stats.ts';
import { amountIn, currenciesOf, moneyChange, policyNote, type Money, type MoneyPolicy } from '../domain/money.ts';
import type { CellValue, Column, ReportDocument, ReportSection, ReportTable, ValueKind } from './document.ts';
import { formatValue } from './format.ts';
import { breachJson, iso, type ReportMeta } from './report-json.ts';
import { examplesText } from './findings.ts';
import { redactDocument, redactFinding } from './redact.ts';

export interface DocumentOptions {
  locale?: string;
}

const DAY = 86_400_000;
const col = (key: string, title: string, kind: ValueKind): Column => ({ key, title, kind });

/**
 * Money in a table: one column per currency shown, never one sum of several. With one currency
 * the column keeps its key and names the currency in its title.
 */
function moneyColumns(key: string, title: string, currencies: ReadonlyArray<string | null>): Column[] {
  if (currencies.length === 1) return [col(key, currencies[0] ? `${title} (${currencies[0]})` : title, 'amount')];
  return currencies.map((c) => col(moneyKey(key, c, currencies), `${title} ${c ?? '(no currency)'}`, 'amount'));
}

const moneyKey = (key: string, currency: string | null, currencies: ReadonlyArray<string | null>) =>
  currencies.length === 1 ? key : `${key}_${(currency ?? 'none').toLowerCase()}`;

/** A row's cells for `moneyColumns`; null money (a rate over nothing) is empty, a currency it lacks is 0. */
function moneyCells(key: string, money: Money | null | undefined, currencies: ReadonlyArray<string | null>): Record<string, CellValue> {
  return Object.fromEntries(currencies.map((c) => [moneyKey(key, c, currencies), money === null ? null : amountIn(money, c)]));
}

/** What a won revenue leaves out: the won deals without an amount (now, and before when given). */
function unpricedNotes(now: WonDeals, before?: WonDeals): string[] {
  const notes: string[] = [];
  const current = unpricedNote(now.wonDeals, now.wonUnpriced);
  if (current) notes.push(current);
  const previous = before && unpricedNote(before.wonDeals, before.wonUnpriced);
  if (previous) notes.push(`the previous period: ${previous}`);
  return notes;
}

/** The note a table with money carries: how currencies were treated. */
function moneyNotes(policy: MoneyPolicy, currencies: ReadonlyArray<string | null>): string[] {
  const note = policyNote(policy, currencies);
  return note ? [note] : [];
}

function subtitle(meta: ReportMeta, options: DocumentOptions): string {
  const f = { locale: options.locale, timeZone: meta.timeZone };
  const first = formatValue(iso(meta.period.start), 'date', f);
  const last = formatValue(iso(meta.period.end - DAY / 2), 'date', f);
  return `${meta.period.label} (${first} – ${last}) vs ${meta.previous.label}, as of ${formatValue(iso(meta.asOf), 'datetime', f)} ${meta.timeZone}`;
}

/** What a quiet period (`quietPeriod`) is, in exactly the terms it is checked in. */
export function quietSentence(label: string): string {
  return `No activity in ${label}: no lead was created, entered a stage or was rejected, and no deal was opened or closed.`;
}

// Funnel

function flowTable(report: FunnelReport): ReportTable {
  return {
    id: 'funnel-flow',
    title: 'Leads that entered each stage in the period (flow; a lead enters the first stage when it is created)',
    columns: [col('stage', 'stage', 'text'), col('entered', 'entered', 'count'), col('previous', 'previous', 'count'), col('change', 'change', 'delta')],
    rows: report.stages.map((s) => {
      const now = report.current.flow[s.id] ?? 0;
      const before = report.previous.flow[s.id] ?? 0;
      return { stage: s.name, entered: now, previous: before, change: now - before };
    }),
    bar: 'entered',
  };
}

function cohortTitle(cohort: Cohort, meta: ReportMeta): string {
  return `Cohort: the ${cohort.size} ${cohort.kind === 'mql' ? 'MQLs' : 'leads created'} of ${meta.period.label}, how far they got`;
}

function cohortTable(report: FunnelReport, meta: ReportMeta): ReportTable {
  const { current, previous } = report;
  return {
    id: 'funnel-cohort',
    title: cohortTitle(current.cohort, meta),
    columns: [
      col('stage', 'stage', 'text'), col('reached', 'reached', 'count'), col('conversion', 'from previous', 'share'), col('median_days', 'median days', 'days'),
      col('previous_reached', 'previous', 'count'), col('previous_conversion', 'previous %', 'share'), col('conversion_change', 'change', 'points'),
    ],
    rows: current.cohort.stages.map((s, i) => {
      const before = previous.cohort.stages[i];
      return {
        stage: s.name, reached: s.reached, conversion: s.conversion, median_days: s.medianDays,
        previous_reached: before?.reached ?? null, previous_conversion: before?.conversion ?? null, conversion_change: change(s.conversion, before?.conversion ?? null),
      };
    }),
    bar: 'reached',
  };
}

function cohortOutcomeTable(report: FunnelReport, meta: ReportMeta): ReportTable {
  const { current: now, previous: before } = report;
  const currencies = currenciesOf([now.cohort.wonRevenue, before.cohort.wonRevenue], meta.money);
  const revenueChange = moneyChange(now.cohort.wonRevenue, before.cohort.wonRevenue, meta.money);
  const rows = [
    { figure: 'cohort size', kind: 'count' as const, current: now.cohort.size, previous: before.cohort.size, change: now.cohort.size - before.cohort.size },
    { figure: `${report.cohortKind === 'mql' ? 'MQL' : 'lead'} → ${report.stages[report.stages.length - 1]?.name ?? 'last stage'}`, kind: 'share' as const, current: now.cohort.toCustomer, previous: before.cohort.toCustomer, change: change(now.cohort.toCustomer, before.cohort.toCustomer) },
    { figure: 'won deals', kind: 'count' as const, current: now.cohort.wonDeals, previous: before.cohort.wonDeals, change: now.cohort.wonDeals - before.cohort.wonDeals },
    // One row per currency: amounts in different currencies are never added.
    ...currencies.map((c) => ({
      figure: `won revenue${c ? ` (${c})` : ''}`, kind: 'amount' as const,
      current: amountIn(now.cohort.wonRevenue, c), previous: amountIn(before.cohort.wonRevenue, c), change: amountIn(revenueChange, c),
    })),
  ];
  return {
    id: 'funnel-cohort-outcome',
    title: 'The cohort against the previous one',
    columns: [col('figure', 'figure', 'text'), col('current', 'current', 'number'), col('previous', 'previous', 'number'), col('change', 'change', 'number')],
    rows: rows.map((r) => ({ figure: r.figure, current: r.current, previous: r.previous, change: r.change })),
    // A count, a rate and an amount share these columns: each row says how its cells read.
    rowKinds: rows.map((r) => ({ current: r.kind, previous: r.kind, change: r.kind === 'share' ? 'points' : 'delta' })),
    notes: [...moneyNotes(meta.money, currencies), ...unpricedNotes(now.cohort, before.cohort)],
  };
}

function funnelByTable(report: FunnelReport, meta: ReportMeta): ReportTable | undefined {
  if (!report.by) return undefined;
  const later = report.current.cohort.stages.slice(1);
  const currencies = currenciesOf(report.by.groups.map((g) => g.current.cohort.wonRevenue), meta.money);
  return {
    id: `funnel-by-${report.by.dimension}`,
    title: `Cohort by ${report.by.dimension}`,
    columns: [
      col('value', report.by.dimension, 'text'), col('cohort', 'cohort', 'count'),
      ...later.map((s) => col(s.stage, s.name, 'count')),
      col('to_last', `→ ${report.stages[report.stages.length - 1]?.name ?? 'last'}`, 'share'), col('won_deals', 'won deals', 'count'),
      ...moneyColumns('won_revenue', 'won revenue', currencies),
      col('previous_cohort', 'previous', 'count'), col('cohort_change', 'change', 'delta'),
    ],
    rows: report.by.groups.map((g) => ({
      value: g.value,
      cohort: g.current.cohort.size,
      ...Object.fromEntries(g.current.cohort.stages.slice(1).map((s) => [s.stage, s.reached])),
      to_last: g.current.cohort.toCustomer,
      won_deals: g.current.cohort.wonDeals,
      ...moneyCells('won_revenue', g.current.cohort.wonRevenue, currencies),
      previous_cohort: g.previous.cohort.size,
      cohort_change: g.current.cohort.size - g.previous.cohort.size,
    })),
    notes: [...moneyNotes(meta.money, currencies), ...unpricedNotes(report.current.cohort)],
  };
}

function isEmptyFunnel(report: FunnelReport): boolean {
  return report.current.cohort.size === 0 && Object.values(report.current.flow).every((n) => n === 0);
}

export function funnelSections(report: FunnelReport, meta: ReportMeta): ReportSection[] {
  const tables = [flowTable(report), cohortTable(report, meta), cohortOutcomeTable(report, meta), funnelByTable(report, meta)].filter((t): t is ReportTable => t !== undefined);
  const cohort = report.cohortKind === 'mql' ? 'became MQL' : 'was created';
  // Exactly what isEmptyFunnel checks: deals and SLA deadlines are other reports' business.
  const lines = isEmptyFunnel(report) ? [`No lead entered a funnel stage in ${meta.period.label}, and none ${cohort} in it.`] : [];
  return [{ title: 'Funnel', ...(lines.length ? { lines } : {}), tables }];
}

// Lead quality

function qualityTable(figures: QualityFigures, dimension: string, money: MoneyPolicy): ReportTable {
  const rows = [...figures.groups, figures.total];
  const currencies = currenciesOf(rows.map((r) => r.wonRevenue), money);
  return {
    id: `quality-by-${dimension}`,
    title: `Lead quality by ${dimension} (leads created in the period)`,
    columns: [
      col('value', dimension, 'text'), col('leads', 'leads', 'count'), col('mqls', 'MQLs', 'count'), col('mql_rate', 'MQL %', 'share'),
      col('acceptance_rate', 'accepted %', 'share'), col('rejection_rate', 'rejected %', 'share'), col('sql_rate', 'SQL %', 'share'),
      col('opportunities', 'opps', 'count'), col('won_deals', 'won', 'count'), col('win_rate', 'win %', 'share'),
      ...moneyColumns('won_revenue', 'revenue', currencies), ...moneyColumns('revenue_per_lead', 'per lead', currencies), col('average_score', 'score', 'number'),
    ],
    rows: rows.map((r) => ({
      value: r.value, leads: r.leads, mqls: r.mqls, mql_rate: r.mqlRate, acceptance_rate: r.acceptanceRate, rejection_rate: r.rejectionRate,
      sql_rate: r.sqlRate, opportunities: r.opportunities, won_deals: r.wonDeals, win_rate: r.winRate,
      ...moneyCells('won_revenue', r.wonRevenue, currencies), ...moneyCells('revenue_per_lead', r.revenuePerLead, currencies),
      average_score: r.averageScore,
    })),
    notes: [...moneyNotes(money, currencies), ...unpricedNotes(figures.total)],
  };
}

function reasonsTable(figures: QualityFigures, dimension: string): ReportTable {
  return {
    id: 'quality-rejection-reasons',
    title: 'Top rejection reasons of the MQLs',
    columns: [col('value', dimension, 'text'), col('rejected', 'rejected', 'count'), col('top_reasons', 'top reasons', 'text')],
    rows: [...figures.groups, figures.total]
      .filter((r) => r.rejected > 0)
      .map((r) => ({ value: r.value, rejected: r.rejected, top_reasons: r.topReasons.map(([name, n]) => `${name} (${n})`).join(', ') })),
    empty: 'no MQL created in the period was rejected',
  };
}

function qualityChangeTable(report: QualityReport, money: MoneyPolicy): ReportTable {
  const before = new Map(report.previous.groups.map((r) => [r.value, r]));
  before.set('total', report.previous.total);
  const values = [...report.current.groups.map((r) => r.value), ...report.previous.groups.map((r) => r.value).filter((v) => !report.current.groups.some((r) => r.value === v))];
  const now = new Map(report.current.groups.map((r) => [r.value, r]));
  now.set('total', report.current.total);
  const currencies = currenciesOf([...now.values(), ...before.values()].map((r) => r.wonRevenue), money);
  return {
    id: 'quality-change',
    title: 'Against the previous period',
    columns: [
      col('value', report.dimension, 'text'), col('previous_leads', 'leads before', 'count'), col('leads_change', 'change', 'delta'),
      col('previous_mql_rate', 'MQL % before', 'share'), col('mql_rate_change', 'change', 'points'),
      col('previous_sql_rate', 'SQL % before', 'share'), col('sql_rate_change', 'change', 'points'),
      ...moneyColumns('previous_won_revenue', 'revenue before', currencies), ...moneyColumns('won_revenue_change', 'change', currencies),
    ],
    rows: [...values, 'total'].map((value) => {
      const a = now.get(value);
      const b = before.get(value);
      return {
        value,
        previous_leads: b?.leads ?? 0, leads_change: (a?.leads ?? 0) - (b?.leads ?? 0),
        previous_mql_rate: b?.mqlRate ?? null, mql_rate_change: change(a?.mqlRate ?? null, b?.mqlRate ?? null),
        previous_sql_rate: b?.sqlRate ?? null, sql_rate_change: change(a?.sqlRate ?? null, b?.sqlRate ?? null),
        ...moneyCells('previous_won_revenue', b ? b.wonRevenue : [], currencies),
        ...moneyCells('won_revenue_change', moneyChange(a ? a.wonRevenue : [], b ? b.wonRevenue : [], money), currencies),
      };
    }),
    notes: [...moneyNotes(money, currencies), ...unpricedNotes(report.current.total, report.previous.total)],
  };
}

function bandsTable(report: QualityReport): ReportTable {
  return {
    id: 'quality-score-bands',
    title: 'Score bands: does the score predict conversion?',
    columns: [
      col('band', 'score', 'text'), col('leads', 'leads', 'count'), col('sqls', 'SQLs', 'count'), col('sql_rate', 'SQL %', 'share'),
      col('customers', 'customers', 'count'), col('customer_rate', 'customer %', 'share'), col('previous_sql_rate', 'SQL % before', 'share'), col('sql_rate_change', 'change', 'points'),
    ],
    rows: report.current.bands.map((b) => {
      const before = report.previous.bands.find((p) => p.band === b.band);
      return {
        band: b.band, leads: b.leads, sqls: b.sqls, sql_rate: b.sqlRate, customers: b.customers, customer_rate: b.customerRate,
        previous_sql_rate: before?.sqlRate ?? null, sql_rate_change: change(b.sqlRate, before?.sqlRate ?? null),
      };
    }),
  };
}

export function qualitySections(report: QualityReport, meta: ReportMeta, withBands = true): ReportSection[] {
  const tables = [qualityTable(report.current, report.dimension, meta.money), reasonsTable(report.current, report.dimension), qualityChangeTable(report, meta.money)];
  if (withBands) tables.push(bandsTable(report));
  return [{ title: 'Lead quality', ...(report.current.total.leads === 0 ? { lines: [`No leads were created in ${meta.period.label}.`] } : {}), tables }];
}

// SLA

const promiseTitle = { 'first-touch': 'first touch', decision: 'accept or reject' } as const;

const promiseLabel = (f: DeadlineFigures) => `${promiseTitle[f.promise]} (${f.within})`;
const status = (kept: boolean, level: string | undefined) => (kept ? 'kept' : level === 'fail' ? 'BROKEN' : 'missed (warn)');

function salesTables(now: SlaFigures, before: SlaFigures): ReportTable[] {
  const promises = (['firstTouch', 'decision'] as const).flatMap((key) => (now[key] ? [{ f: now[key]!, b: before[key] }] : []));
  return [
    {
      id: 'sla-sales',
      title: "Sales' promises: MQLs whose deadline fell in the period",
      columns: [
        col('promise', 'promise', 'text'), col('due', 'due', 'count'), col('in_time', 'in time', 'count'), col('late', 'late', 'count'), col('open', 'open', 'count'),
        col('compliance', 'in time %', 'share'), col('at_least', 'target', 'share'), col('status', 'status', 'text'),
      ],
      rows: promises.map(({ f }) => ({
        promise: promiseLabel(f), due: f.due, in_time: f.inTime, late: f.late, open: f.open, compliance: f.compliance, at_least: f.atLeast, status: status(f.kept, f.level),
      })),
      notes: [
        '"open": still untouched (or undecided) at the as-of',
        `rejections without a reason: ${now.rejections.withoutReason} of ${now.rejections.rejected} rejected in the period (before: ${before.rejections.withoutReason} of ${before.rejections.rejected})`,
      ],
    },
    {
      id: 'sla-sales-times',
      title: 'Response times in working hours, and compliance against the previous period',
      columns: [
        col('promise', 'promise', 'text'), col('median_hours', 'median h', 'hours'), col('p90_hours', 'p90 h', 'hours'),
        col('previous_compliance', 'in time % before', 'share'), col('compliance_change', 'change', 'points'),
      ],
      rows: promises.map(({ f, b }) => ({
        promise: promiseLabel(f), median_hours: f.medianHours, p90_hours: f.p90Hours,
        previous_compliance: b?.compliance ?? null, compliance_change: change(f.compliance, b?.compliance ?? null),
      })),
    },
  ];
}

function ownersTable(now: SlaFigures): ReportTable {
  return {
    id: `sla-by-${now.dimension}`,
    title: `First touch per ${now.dimension}`,
    columns: [
      col('value', now.dimension, 'text'), col('due', 'due', 'count'), col('in_time', 'in time', 'count'), col('late', 'late', 'count'),
      col('untouched', 'untouched', 'count'), col('compliance', 'in time %', 'share'), col('median_hours', 'median h', 'hours'),
    ],
    rows: now.byGroup.map((o) => ({ value: o.value, due: o.due, in_time: o.inTime, late: o.late, untouched: o.untouched, compliance: o.compliance, median_hours: o.medianHours })),
  };
}

function marketingTable(now: SlaFigures, before: SlaFigures): ReportTable {
  const rows: ReportTable['rows'] = now.marketing.volume.map((v) => {
    const b = before.marketing.volume.find((p) => p.term === v.term && p.kind === v.kind);
    return {
      promise: v.kind === 'overall' ? 'MQLs delivered' : `MQLs, ${v.kind} ${v.name}`, delivered: v.delivered, target: v.target, gap: v.gap,
      previous: b?.delivered ?? null, change: b ? v.delivered - b.delivered : null, status: status(v.kept, now.marketing.level),
    };
  });
  const rowKinds: NonNullable<ReportTable['rowKinds']> = rows.map(() => ({}));
  const pipeline = now.marketing.pipeline;
  if (pipeline) {
    const b = before.marketing.pipeline;
    const comparable = pipeline.counted !== null;
    rows.push({
      promise: `pipeline opened${pipeline.currency ? ` (${pipeline.currency})` : ''}`, delivered: pipeline.counted, target: pipeline.target,
      gap: comparable ? Math.max(0, pipeline.target - pipeline.counted!) : null, previous: b?.counted ?? null,
      change: comparable && b?.counted != null ? pipeline.counted! - b.counted : null,
      status: comparable ? status(pipeline.kept === true, pipeline.level) : 'cannot compare: several currencies',
    });
    rowKinds.push({ delivered: 'amount', target: 'amount', gap: 'amount', previous: 'amount', change: 'delta' });
  }
  const apart = pipeline ? pipeline.value.filter((a) => a.currency !== pipeline.currency) : [];
  return {
    id: 'sla-marketing',
    title: "Marketing's promises",
    columns: [
      col('promise', 'promise', 'text'), col('delivered', 'delivered', 'count'), col('target', 'target', 'count'), col('gap', 'gap', 'count'),
      col('previous', 'before', 'count'), col('change', 'change', 'delta'), col('status', 'status', 'text'),
    ],
    rows,
    ...(pipeline ? { rowKinds } : {}),
    ...(apart.length && pipeline?.counted !== null
      ? { notes: [`pipeline not counted against the target, in other currencies without a rate: ${apart.map((a) => `${a.amount} ${a.currency ?? '(no currency)'}`).join(', ')}`] }
      : {}),
  };
}

function requirementsTable(now: SlaFigures, before: SlaFigures): ReportTable {
  const m = now.marketing;
  return {
    id: 'sla-mql-requirements',
    title: 'MQLs that met the agreed MQL requirements',
    columns: [
      col('mqls', 'MQLs', 'count'), col('meeting', 'met them', 'count'), col('share', 'share', 'share'), col('at_least', 'target', 'share'),
      col('previous_share', 'before', 'share'), col('share_change', 'change', 'points'), col('status', 'status', 'text'),
    ],
    rows: [{
      mqls: m.mqls, meeting: m.meetingRequirements, share: m.requirementsShare, at_least: m.requirements?.atLeast ?? null,
      previous_share: before.marketing.requirementsShare, share_change: change(m.requirementsShare, before.marketing.requirementsShare),
      status: status(m.requirementsKept, m.requirements?.level),
    }],
  };
}

function breachesTable(now: SlaFigures, meta: ReportMeta, limit: number): ReportTable {
  const shown = now.breaches.slice(0, limit);
  return {
    id: 'sla-breaches',
    title: `Breaches, longest first (${shown.length} of ${now.breaches.length})`,
    columns: [
      col('id', 'lead', 'text'), ...(meta.redact ? [] : [col('name', 'name', 'text'), col('email', 'email', 'text')]), col('owner', 'owner', 'text'),
      col('promise', 'promise', 'text'), col('mql_at', 'MQL at', 'datetime'), col('deadline', 'deadline', 'datetime'), col('status', 'status', 'text'), col('hours_late', 'hours late', 'hours'),
    ],
    rows: shown.map((b) => {
      const j = breachJson(b, meta.redact);
      return {
        id: j.id, ...(meta.redact ? {} : { name: j.name ?? null, email: j.email ?? null }), owner: j.owner, promise: promiseTitle[j.promise],
        mql_at: j.mqlAt, deadline: j.deadline, status: j.status === 'open' ? 'open' : 'late', hours_late: j.hoursLate,
      };
    }),
    empty: 'no breaches in the period',
    ...(now.breaches.length > shown.length ? { notes: [`${now.breaches.length - shown.length} more not shown: --limit ${now.breaches.length} lists them all`] } : {}),
  };
}

/** The promises of one team not kept in the period, one sentence each: fail level first (slaFigures' order). */
function unkeptLines(now: SlaFigures, team: Team): string[] {
  return now.promises
    .filter((p) => p.team === team && p.kept === false)
    .map((p) => `${p.level === 'fail' ? 'Broken' : 'Missed (warn)'}: ${p.text}.`);
}

export function slaSections(report: SlaReport, meta: ReportMeta): ReportSection[] {
  const { current: now, previous: before } = report;
  const nothingDue = (now.firstTouch?.due ?? 0) + (now.decision?.due ?? 0) === 0;
  const marketing = unkeptLines(now, 'marketing');
  return [
    { title: 'SLA: sales', lines: [...(nothingDue ? [`No MQL fell due in ${meta.period.label}.`] : []), ...unkeptLines(now, 'sales')], tables: [...salesTables(now, before), ownersTable(now)] },
    { title: 'SLA: marketing', ...(marketing.length ? { lines: marketing } : {}), tables: [marketingTable(now, before), requirementsTable(now, before)] },
    { title: 'SLA: breaches', tables: [breachesTable(now, meta, meta.limit)] },
  ];
}

// Review

function findingsTable(findings: readonly Finding[]): ReportTable {
  return {
    id: 'check-findings',
    title: 'Findings of smk check (warn and above)',
    columns: [col('level', 'level', 'text'), col('code', 'code', 'text'), col('count', 'count', 'count'), col('message', 'finding', 'text'), col('examples', 'e.g.', 'text')],
    rows: findings.map((f) => ({ level: f.level, code: f.code, count: f.count, message: f.message, examples: examplesText(f) })),
    empty: 'no findings at warn level or above',
  };
}

export function reviewDocument(report: ReviewReport, meta: ReportMeta, options: DocumentOptions): ReportDocument {
  const f = { locale: options.locale, timeZone: meta.timeZone };
  const freshness: ReportTable = {
    id: 'review-freshness',
    title: 'The newest export of each kind, by when it was taken',
    columns: [
      col('kind', 'records', 'text'), col('snapshot_at', 'export taken', 'datetime'), col('age_days', 'days old', 'days'),
      col('last_import', 'imported', 'datetime'), col('status', 'status', 'text'),
    ],
    rows: report.freshness.map((x) => ({
      kind: x.kind, snapshot_at: x.snapshotAt, age_days: x.ageDays, last_import: x.lastImport, status: x.snapshotAt === null ? 'none by the as-of' : x.stale ? 'STALE' : 'fresh',
    })),
    notes: report.freshness.filter((x) => x.stale).map((x) => `${x.note}.`),
  };
  const headline: ReportTable = {
    id: 'review-headline',
    title: `${meta.period.label} against ${meta.previous.label}`,
    columns: [col('figure', 'figure', 'text'), col('current', meta.period.label, 'number'), col('previous', meta.previous.label, 'number'), col('change', 'change', 'number'), col('target', 'target', 'count')],
    rows: report.headline.map((h) => ({ figure: h.label, current: h.current, previous: h.previous, change: h.change, target: h.target ?? null })),
    rowKinds: report.headline.map((h) => ({ current: h.kind, previous: h.kind, change: h.kind === 'share' ? 'points' : 'delta' })),
    notes: [
      ...moneyNotes(meta.money, report.headline.filter((h) => h.kind === 'amount').map((h) => h.currency ?? null)),
      // Said once, though each currency's revenue figure carries it.
      ...new Set(report.headline.flatMap((h) => (h.note === undefined ? [] : [h.note]))),
    ],
  };
  const d = report.discuss;
  const discuss: string[] = [];
  // Broken promises first, with the team that made each: the meeting starts with them.
  for (const p of d.brokenPromises) discuss.push(`${p.team === 'sales' ? 'Sales' : 'Marketing'} ${p.level === 'fail' ? 'broke' : 'missed (warn)'}: ${p.text}.`);
  for (const b of d.breaches) {
    const j = breachJson(b, meta.redact);
    discuss.push(`Breach: lead ${j.id}${j.owner ? ` (${j.owner})` : ''}, ${promiseTitle[j.promise]} ${j.status === 'open' ? 'still open' : 'late'} by ${formatValue(j.hoursLate, 'hours', f)} working hours.`);
  }
  const ofMqls = (v: SourceVerdict) => `${formatValue(v.sqlRate, 'share', f)} of ${formatValue(v.mqls, 'count', f)} ${v.mqls === 1 ? 'MQL' : 'MQLs'}`;
  const ranked = `among sources with at least ${d.minMqls} MQLs`;
  if (d.best) discuss.push(`Best source ${ranked}: ${d.best.source}, ${ofMqls(d.best)} became SQL.`);
  if (d.worst) discuss.push(`Worst source ${ranked}: ${d.worst.source}, ${ofMqls(d.worst)} became SQL.`);
  if (!d.best && report.quality.current.total.mqls > 0) discuss.push(`No source is called best or worst: none had at least ${d.minMqls} MQLs among the leads created in the period.`);
  for (const u of d.unknownTerms) discuss.push(`Unknown to the glossary: ${u.message}.`);
  if (discuss.length === 0) discuss.push('No promise was broken and nothing else stands out this period.');

  // The findings' examples are lead ids, which are emails for leads keyed by their email.
  const findings = meta.redact ? report.findings.map(redactFinding) : report.findings;
  return redacted(meta, {
    // A review of a month or of any range of days is no weekly review.
    title: `${meta.period.kind === 'week' ? 'Weekly review' : 'Review'} ${meta.period.label}`,
    subtitle: subtitle(meta, options),
    timeZone: meta.timeZone,
    sections: [
      { title: 'Data freshness', tables: [freshness] },
      ...(report.quiet ? [{ title: 'No activity', lines: [quietSentence(meta.period.label)], tables: [] }] : []),
      { title: 'Headline', tables: [headline] },
      ...funnelSections(report.funnel, meta),
      ...qualitySections(report.quality, meta, false),
      ...slaSections(report.sla, { ...meta, limit: Math.min(meta.limit, 10) }),
      { title: 'Check', ...(findings.length === 0 ? { lines: ['No findings at warn level or above.'] } : {}), tables: findings.length ? [findingsTable(findings)] : [] },
      { title: 'To discuss', lines: discuss, tables: [] },
    ],
  });
}

export function reportDocument(title: string, sections: ReportSection[], meta: ReportMeta, options: DocumentOptions): ReportDocument {
  return redacted(meta, { title, subtitle: subtitle(meta, options), timeZone: meta.timeZone, sections });
}

/** Under --redact, no text of the document holds an email address (an owner, a value quoted by a finding): ./redact.ts. */
const redacted = (meta: ReportMeta, doc: ReportDocument): ReportDocument => (meta.redact ? redactDocument(doc) : doc);
