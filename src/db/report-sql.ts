/** The SQL of the reports' reads: which records a period's window holds, and rows as records. */
import { STAGE_DATES, type LeadRecord } from '../domain/fields.ts';
import type { DealDatedColumns, ReportData, ReportDeal } from '../domain/metrics/facts.ts';

/** The columns of the records checks and reports read: `leadOf` and `dealOf` list them, in order. */
export const LEAD_COLUMNS = Object.keys(leadOf([])).join(', ');

export const DEAL_COLUMNS = Object.keys(dealOf([])).join(', ');

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

/**
 * A row of LEAD_COLUMNS as a record; its keys, in order, are LEAD_COLUMNS. An object literal gets one fixed
 * shape; filling an object key by key in a loop leaves V8 a dictionary, several times larger and
 * slower. Row arrays made into objects in JS are also faster than the row objects better-sqlite3
 * builds field by field in C++ (docs/performance.md).
 */
function leadOf(row: unknown[]): LeadRecord {
  return {
    id: row[0],
    email: row[1],
    first_name: row[2],
    last_name: row[3],
    company: row[4],
    source: row[5],
    campaign: row[6],
    owner: row[7],
    score: row[8],
    segment: row[9],
    country: row[10],
    stage: row[11],
    status: row[12],
    created_at: row[13],
    lead_at: row[14],
    mql_at: row[15],
    sal_at: row[16],
    sql_at: row[17],
    opportunity_at: row[18],
    customer_at: row[19],
    first_touch_at: row[20],
    rejected_at: row[21],
    rejection_reason: row[22],
  } satisfies Record<keyof LeadRecord, unknown> as LeadRecord;
}

/** The leads of `Database.leadsJson`'s text. */
export function leadsOfJson(json: string): LeadRecord[] {
  return (JSON.parse(json) as unknown[][]).map(leadOf);
}

/** A row of DEAL_COLUMNS as a report's deal, made as `leadOf` makes a lead. */
export function dealOf(row: unknown[]): ReportDeal {
  return {
    id: row[0],
    linked_lead_id: row[1],
    stage: row[2],
    status: row[3],
    amount: row[4],
    created_at: row[5],
    closed_at: row[6],
    lost_reason: row[7],
    currency: row[8],
  } satisfies Record<keyof ReportDeal, unknown> as ReportDeal;
}

/** A report window's records (`Database.reportData`) and the data version they were read at. */
export interface WindowRead {
  data: ReportData;
  dataVersion: number;
}
