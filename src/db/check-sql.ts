/** The SQL of `smk check`'s whole-table rules, and the functions they call in SQLite. */
import BetterSqlite3 from 'better-sqlite3';
import { DAY_DATES, dayBit, STAGE_DATES, type RecordKind, type StageDate } from '../domain/fields.ts';
import { byField, countId, type LeadSurveyRequest, type Tally, type ValueTally } from '../domain/check.ts';
import { timeZone, type TimeZone } from '../domain/dates.ts';
import { localDate } from '../domain/period.ts';
import type { DealDatedColumns } from '../domain/metrics/facts.ts';

import { inWindow } from './report-sql.ts';

type Sqlite = BetterSqlite3.Database;

/**
 * Whether `column`, written as a day, falls on the same local day as `other` (an instant after its
 * midnight): then it is not before it. Only asked of the few rows whose dates look inverted.
 */
const sameDayAsDay = (kind: RecordKind, column: string, other: string) =>
  `((${DAY_DATES} & ${dayBit(kind, column)}) != 0 AND smk_local_date(${column}, @zone) = smk_local_date(${other}, @zone))`;

/**
 * The conditions of `smk check`'s rules on one row. Dates compare as text: the importer writes
 * them as UTC `YYYY-MM-DDTHH:MM:SSZ` or NULL (never ''), and such strings sort as the instants do.
 * The as-of and window bounds are written the same way (`isoOfMillis`), so `date > @asOf` holds
 * exactly when the instant is later. A condition under a NOT must be two-valued: `x IN (…)` is
 * NULL for a NULL x, hence the guards.
 */
export const LEAD_RULES = {
  // Each date against the nearest earlier non-empty one: the first inversion in a run of dates is
  // always one with its predecessor, so this finds every lead with a date before an earlier stage's.
  // The guard skips the coalesce for the dates a lead has not reached, most of them.
  // A date written as a day (its local midnight) is not before an instant of the same local day.
  stageDatesOutOfOrder: STAGE_DATES.slice(1)
    .map((column, i) => {
      const earlier = i === 0 ? STAGE_DATES[0] : `coalesce(${STAGE_DATES.slice(0, i + 1).reverse().join(', ')})`;
      return `(${column} IS NOT NULL AND ${column} < ${earlier} AND NOT ${sameDayAsDay('leads', column, earlier)})`;
    })
    .join(' OR '),
  // A date after as-of is one exactly when the latest is: one comparison instead of nine.
  futureDates: 'latest_at > @asOf',
  // As `leadFacts` reads a lead (rejected, reached MQL): tested against it in check-survey.test.ts.
  rejected: ({ rejectedStages, rejectedStatuses }: LeadSurveyRequest) =>
    `((rejected_at IS NOT NULL AND rejected_at <= @asOf) OR ${inList('stage', rejectedStages, 'rejectedStages')} OR ${inList('status', rejectedStatuses, 'rejectedStatuses')})`,
  reachedMql: ({ mql }: LeadSurveyRequest) => {
    if (!mql) return '0';
    const dates = STAGE_DATES.filter((d) => mql.dates.includes(d)).map((c) => `(${c} IS NOT NULL AND ${c} <= @asOf)`);
    return `(${[
      ...dates,
      inList('stage', mql.stages, 'mqlStages'),
      `(${inList('status', mql.statuses, 'mqlStatuses')} AND NOT ${inList('stage', mql.stagedStages, 'stagedStages')})`,
      mql.stages.length ? `id IN (SELECT lead_id FROM stage_changes WHERE observed_at <= @asOf AND ${inList('to_stage', mql.stages, 'mqlStages')})` : '0',
      mql.byDeals ? `EXISTS (SELECT 1 FROM deals WHERE linked_lead_id = leads.id AND (created_at IS NULL OR created_at <= @asOf))` : '0',
    ].join(' OR ')})`;
  },
  noReason: `(rejection_reason IS NULL OR trim(rejection_reason, @blank) = '')`,
  // The column names come from the caller: only stage dates get into the SQL.
  window: (dates: readonly StageDate[], dealDated: DealDatedColumns) => inWindow(STAGE_DATES.filter((d) => dates.includes(d)), dealDated),
};

export const DEAL_RULES = {
  // An open deal's close date is the expected one: only created dates and closed deals count.
  futureDates: `created_at > @asOf OR (status IS NOT 'open' AND closed_at > @asOf)`,
  // A close date written as a day (Salesforce CloseDate) on the day of the creation is not before it.
  closedBeforeCreated: `status IS NOT 'open' AND closed_at < created_at AND NOT ${sameDayAsDay('deals', 'closed_at', 'created_at')}`,
  wonWithoutAmount: `status = 'won' AND (amount IS NULL OR amount = 0)`,
  withoutLead: 'linked_lead_id IS NULL',
};

/**
 * A list longer than this is bound as one JSON array and each row looked up in it; a shorter one is
 * tested value by value, which is cheaper up to about four values (docs/performance.md). Most lists
 * here hold one or two values.
 */
const LONGEST_LIST_TESTED_BY_VALUE = 4;

/** How a non-empty list named `param` is bound, and the test of a field against it: the one place that chooses between the two forms. */
function listBinding(list: readonly string[], param: string): { test: (field: string) => string; params: Array<[string, string]> } {
  if (list.length > LONGEST_LIST_TESTED_BY_VALUE) {
    return { test: (field) => `${field} IN (SELECT value FROM json_each(@${param}))`, params: [[param, JSON.stringify(list)]] };
  }
  return { test: (field) => list.map((_, i) => `${field} = @${param}_${i}`).join(' OR '), params: list.map((value, i) => [`${param}_${i}`, value]) };
}

/**
 * Whether a field's value is in a list bound under `param` (`listParams` binds it), two-valued
 * (false for NULL). An empty list is no test at all: the lists are of values the store holds, and
 * for most rules and most databases they are empty.
 */
function inList(field: string, list: readonly string[] | null, param: string): string {
  return list?.length ? `(${field} IS NOT NULL AND (${listBinding(list, param).test(field)}))` : '0';
}

/** The parameters of `inList`'s non-empty lists. */
export function listParams(lists: Record<string, readonly string[] | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(lists).flatMap(([param, list]) => (list?.length ? listBinding(list, param).params : [])));
}

/**
 * The records holding one of the request's unknown values of a term field, tallied per value, as
 * aggregates named `unread_<field>`, and their parameters. A field with no unknown value costs nothing.
 */
export function unreadTallies<F extends string>(fields: readonly F[], unknown: Record<F, readonly string[]>) {
  const aggregates: Record<string, string> = {};
  const lists: Record<string, readonly string[]> = {};
  for (const field of fields) {
    if (unknown[field].length === 0) continue;
    lists[`unknown_${field}`] = unknown[field];
    aggregates[`unread_${field}`] = `smk_tally_by_value(${field}, id) FILTER (WHERE ${inList(field, unknown[field], `unknown_${field}`)})`;
  }
  const tallies = (row: Record<string, string>) => byField(fields, (field) => (row[`unread_${field}`] ? (JSON.parse(row[`unread_${field}`]!) as ValueTally[]) : []));
  return { aggregates, params: listParams(lists), tallies };
}

let jsWhitespace: string | undefined;

/** Every character String.prototype.trim() removes, so that SQLite's trim() blanks what `smk check` calls blank. */
export const blankCharacters = () =>
  (jsWhitespace ??= Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code)).filter((c) => c.trim() === '').join(''));

/**
 * `smk_tally_by_value(value, id)`, the aggregate of the unread-value rules: per value, how many
 * rows and the five smallest ids (see `tallyOf`), as JSON. Called only for rows whose value the
 * glossary does not know, which are few.
 */
export function registerTallies(sqlite: Sqlite): void {
  const byValue = (tallies: Map<string, Tally>, value: unknown, id: unknown) => {
    const key = String(value);
    let tally = tallies.get(key);
    if (!tally) tallies.set(key, (tally = { count: 0, examples: [] }));
    countId(tally, String(id));
  };
  // better-sqlite3 takes the number of SQL arguments from the step function's; its types allow one.
  sqlite.aggregate('smk_tally_by_value', {
    start: () => new Map<string, Tally>(),
    step: byValue as (tallies: Map<string, Tally>, value: unknown) => void,
    result: (tallies: Map<string, Tally>) => JSON.stringify([...tallies].map(([value, tally]): ValueTally => ({ value, ...tally }))),
  });
}

/**
 * `smk_local_date(instant, zone)`: the local date (YYYY-MM-DD) of a stored instant in an IANA zone,
 * for the rules that compare a day with an instant. Deterministic; asked of few rows.
 */
export function registerLocalDate(sqlite: Sqlite): void {
  const zones = new Map<string, TimeZone>();
  sqlite.function('smk_local_date', { deterministic: true }, (iso: unknown, zoneName: unknown) => {
    if (typeof iso !== 'string' || typeof zoneName !== 'string') return null;
    let zone = zones.get(zoneName);
    if (!zone) zones.set(zoneName, (zone = timeZone(zoneName)));
    const { year, month, day } = localDate(Date.parse(iso), zone);
    return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  });
}
