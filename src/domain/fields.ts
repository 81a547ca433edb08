/**
 * The canonical fields of the two record kinds: the names users write in mappings
 * (`--map owner="Lead Owner"`) and the column names of the `leads` and `deals` tables.
 */

export type RecordKind = 'leads' | 'deals';

/** How a raw cell becomes a stored value. */
export type FieldType = 'text' | 'email' | 'date' | 'number' | 'amount' | 'deal_status' | 'boolean' | 'id_list';

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  /** false for inputs that only help derive another field (a deal's `status` from `is_won`). */
  readonly stored?: boolean;
}

/** The funnel stages whose reach dates a lead export may carry (`<stage>_at`). */
export const FUNNEL_STAGE_IDS = ['lead', 'mql', 'sal', 'sql', 'opportunity', 'customer'] as const;

export const LEAD_FIELDS = [
  { name: 'id', type: 'text' },
  { name: 'email', type: 'email' },
  { name: 'first_name', type: 'text' },
  { name: 'last_name', type: 'text' },
  { name: 'company', type: 'text' },
  { name: 'source', type: 'text' },
  { name: 'campaign', type: 'text' },
  { name: 'owner', type: 'text' },
  { name: 'score', type: 'number' },
  { name: 'segment', type: 'text' },
  { name: 'country', type: 'text' },
  { name: 'stage', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'created_at', type: 'date' },
  ...FUNNEL_STAGE_IDS.map((stage) => ({ name: `${stage}_at` as const, type: 'date' as const })),
  { name: 'first_touch_at', type: 'date' },
  { name: 'rejected_at', type: 'date' },
  { name: 'rejection_reason', type: 'text' },
] as const satisfies readonly FieldSpec[];

export const DEAL_FIELDS = [
  { name: 'id', type: 'text' },
  // HubSpot lists several associated contacts as `123;456`: the first is the deal's lead.
  { name: 'lead_id', type: 'id_list' },
  { name: 'lead_email', type: 'email' },
  { name: 'name', type: 'text' },
  { name: 'amount', type: 'amount' },
  { name: 'currency', type: 'text' },
  { name: 'pipeline', type: 'text' },
  { name: 'stage', type: 'text' },
  { name: 'status', type: 'deal_status' },
  { name: 'created_at', type: 'date' },
  { name: 'closed_at', type: 'date' },
  { name: 'lost_reason', type: 'text' },
  { name: 'owner', type: 'text' },
  { name: 'source', type: 'text' },
  // Salesforce has no status column: IsWon and IsClosed say it.
  { name: 'is_won', type: 'boolean', stored: false },
  { name: 'is_closed', type: 'boolean', stored: false },
] as const satisfies readonly FieldSpec[];

/** The date of each funnel stage a lead reached, in the funnel's order (`lead_at` … `customer_at`). */
export const STAGE_DATES = FUNNEL_STAGE_IDS.map((stage) => `${stage}_at` as const);
export type StageDate = (typeof STAGE_DATES)[number];

/** The value a field of this type is stored as: numbers for numbers and amounts, text for the rest. */
type StoredValue<T extends FieldType> = T extends 'number' | 'amount' ? number | null : string | null;

/** A record of a field list as the store holds it, one property per stored field; its id is never null. */
type StoredRecord<F extends FieldSpec> = { [S in F as S['name']]: StoredValue<S['type']> } & { id: string };

/** A lead as the store holds it: every field of LEAD_FIELDS. */
export type LeadRecord = StoredRecord<(typeof LEAD_FIELDS)[number]>;

/**
 * The fields of a deal that checks and the funnel read, and the lead it was linked to
 * (`linked_lead_id`, resolved from `lead_id` or `lead_email` by the store).
 */
export type DealRecord = Pick<StoredRecord<(typeof DEAL_FIELDS)[number]>, (typeof DEAL_RECORD_FIELDS)[number]> & {
  linked_lead_id: string | null;
};

/** The deal fields of a `DealRecord`, in the order the store reads them. */
export const DEAL_RECORD_FIELDS = ['id', 'stage', 'status', 'amount', 'created_at', 'closed_at', 'lost_reason'] as const;

/**
 * The fields whose raw values the glossary reads as terms (stages, statuses, sources, reasons).
 * The store keeps every value each of them has held (the `term_values` table), so that `smk
 * check` knows beforehand which values to look for.
 */
export const LEAD_TERM_FIELDS = ['stage', 'status', 'source', 'segment', 'rejection_reason'] as const;
export const DEAL_TERM_FIELDS = ['stage', 'lost_reason'] as const;
export type LeadTermField = (typeof LEAD_TERM_FIELDS)[number];
export type DealTermField = (typeof DEAL_TERM_FIELDS)[number];
export const TERM_FIELDS: Record<RecordKind, readonly string[]> = { leads: LEAD_TERM_FIELDS, deals: DEAL_TERM_FIELDS };

export function fieldsOf(kind: RecordKind): readonly FieldSpec[] {
  // The lists are `as const` for the record types above; callers see them as plain specs.
  return kind === 'leads' ? LEAD_FIELDS : DEAL_FIELDS;
}

export function fieldNamesOf(kind: RecordKind): string[] {
  return fieldsOf(kind).map((f) => f.name);
}

/** The date fields of a kind, in the field list's order. */
export function dateFieldsOf(kind: RecordKind): string[] {
  return fieldsOf(kind).filter((f) => f.type === 'date').map((f) => f.name);
}

/**
 * A stored column derived from the date fields: which of a record's dates were written as a day
 * without a time (a close date, a spreadsheet's "Fecha alta"), one bit per date field in
 * `dateFieldsOf` order. A day is stored as its local midnight and compared with an instant by the
 * day: a deal closed on the day it was created was not closed before it.
 */
export const DAY_DATES = 'day_dates';

/** The bit of a date field in `day_dates`. */
export function dayBit(kind: RecordKind, field: string): number {
  const index = dateFieldsOf(kind).indexOf(field);
  if (index < 0) throw new Error(`${field} is not a date field of ${kind}`);
  return 1 << index;
}

/**
 * What the reports need of each kind of export, each as alternatives: an import whose columns
 * (or `--set` constants) give none of a need's fields says so, with the `--map` that fixes it. A lead's
 * id or email and a deal's id are not here: they are required, and a file without them stops.
 */
const NEEDED_FIELDS: Record<RecordKind, ReadonlyArray<{ need: string; anyOf: readonly string[] }>> = {
  leads: [
    { need: 'a stage or a stage date', anyOf: ['stage', 'status', ...FUNNEL_STAGE_IDS.map((s) => `${s}_at`)] },
    { need: 'the creation date', anyOf: ['created_at'] },
    { need: 'the source', anyOf: ['source'] },
    { need: 'the owner', anyOf: ['owner'] },
  ],
  deals: [
    { need: 'the lead', anyOf: ['lead_id', 'lead_email'] },
    { need: 'the status (open, won, lost)', anyOf: ['status', 'is_won', 'stage'] },
    { need: 'the amount', anyOf: ['amount'] },
    { need: 'the creation date', anyOf: ['created_at'] },
    { need: 'the close date', anyOf: ['closed_at'] },
  ],
};

/** The needs no column or constant meets, for a file whose mapped fields are `found`. */
export function unmetNeeds(kind: RecordKind, found: ReadonlySet<string>): Array<{ need: string; anyOf: readonly string[] }> {
  return NEEDED_FIELDS[kind].filter((n) => !n.anyOf.some((field) => found.has(field)));
}
