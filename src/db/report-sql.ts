/** The SQL of the reports' reads: which records a period's window holds, and rows as records. */
import { DEAL_RECORD_FIELDS, LEAD_FIELDS, STAGE_DATES, type LeadRecord } from '../domain/fields.ts';
import type { DealDatedColumns, ReportData, ReportDeal } from '../domain/metrics/facts.ts';

/** The columns of a lead as checks and reports read it: every field, in the field list's order. */
const LEAD_READ = LEAD_FIELDS.map((f) => f.name);
/** The columns of a deal as reports read it: a DealRecord's (its lead as the store linked it) and the currency. */
const DEAL_READ = ['id', 'linked_lead_id', ...DEAL_RECORD_FIELDS.filter((f) => f !== 'id'), 'currency'] as const;

export const LEAD_COLUMNS = LEAD_READ.join(', ');
export const DEAL_COLUMNS = DEAL_READ.join(', ');

/**
 * A function making a row of `columns` (an array, as SQLite's JSON gives it) into a record with
 * one object literal, compiled once: an object literal gets one fixed shape, where filling an object
 * key by key in a loop leaves V8 a dictionary, several times larger and slower. Row arrays made into
 * objects in JS are also faster than the row objects better-sqlite3 builds field by field in C++
 * (docs/performance.md). The columns are the field list's names, identifiers all.
 */
function recordOf<T>(columns: readonly string[]): (row: unknown[]) => T {
  return new Function('row', `return { ${columns.map((c, i) => `${c}: row[${i}]`).join(', ')} };`) as (row: unknown[]) => T;
}

const leadOf = recordOf<LeadRecord>(LEAD_READ);
export const dealOf = recordOf<ReportDeal>(DEAL_READ);
// A key of ReportDeal that no column gives is a compile error here (LeadRecord's are LEAD_FIELDS by construction).
const everyDealKeyRead: Record<Exclude<keyof ReportDeal, (typeof DEAL_READ)[number]>, never> = {};
void everyDealKeyRead;

/**
 * The leads with one of these dates in [@from, @to), or a stage change seen in it. A lead with a
 * date in the window has its latest date on or after @from: that one test passes over most leads
 * instead of one per date (docs/performance.md). A stage change is seen at an import, not at a lead's date.
 * Never called without dates: the check's window always has mql_at (`passedMqlDates`).
 */
export const inWindow = (dates: readonly string[], dealDated: DealDatedColumns) =>
  `(latest_at >= @from AND (${dates.map((c) => `(${c} >= @from AND ${c} < @to)`).join(' OR ')}))
   OR id IN (SELECT lead_id FROM stage_changes WHERE observed_at >= @from AND observed_at < @to)
   ${windowDealLeads(dealDated)}`;

/**
 * The leads whose deals, opened or won in [@from, @to), date one of their stages in it: where the
 * lead has no date of its own for the stage (`DealDatedColumns`). Each such lead's rowid is found
 * through the id index alone (covering), so the scan tests an integer per lead rather than a text id
 * (docs/performance.md).
 */
function windowDealLeads(dealDated: DealDatedColumns): string {
  const leadsOf = (deals: string) => `rowid IN (SELECT l.rowid FROM deals d CROSS JOIN leads l ON l.id = +d.linked_lead_id WHERE ${deals})`;
  const dated = (column: string | null | undefined, deals: string) =>
    column === undefined ? '' : `OR (${column === null ? '' : `${column} IS NULL AND `}${leadsOf(deals)})`;
  return [
    dated(dealDated.opened, 'd.created_at >= @from AND d.created_at < @to'),
    dated(dealDated.won, `d.status = 'won' AND coalesce(d.closed_at, d.created_at) >= @from AND coalesce(d.closed_at, d.created_at) < @to`),
  ].join(' ');
}

/**
 * The leads a report of [@from, @to) reads: any date in it (a lead without created_at is created
 * at its earliest date, which may be its first touch), a stage change seen in it, or a deal of
 * theirs that dates a stage in it (`windowDealLeads`).
 */
export const windowLeads = (dealDated: DealDatedColumns) => inWindow(['created_at', ...STAGE_DATES, 'first_touch_at', 'rejected_at'], dealDated);

/** The deals opened or closed in [@from, @to). */
export const WINDOW_DEALS = '(created_at >= @from AND created_at < @to) OR (closed_at >= @from AND closed_at < @to)';

/** The leads of `Database.leadsJson`'s text. */
export function leadsOfJson(json: string): LeadRecord[] {
  return (JSON.parse(json) as unknown[][]).map(leadOf);
}

/** A report window's records (`Database.reportData`) and the data version they were read at. */
export interface WindowRead {
  data: ReportData;
  dataVersion: number;
}
