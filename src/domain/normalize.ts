/**
 * Turns the cells of one export row into a record: canonical fields normalised (dates to UTC
 * ISO 8601, amounts to numbers, emails lowercase) and every unmapped column kept as JSON.
 *
 * Some decisions belong to a whole column, not to a value: whether `05/10/2026` is day- or
 * month-first, whether `12.000` has a decimal point. A column decides them from the values that
 * settle them (`31/10/2026`, `1.234,56`), seen in the first rows of the file (`observe`, then
 * `decide`). A column that nothing settled in those rows takes a provisional answer and keeps
 * watching; `verdict()` says at the end whether the file must be read again with the answer the
 * whole column gave, or whether it never said and the user must.
 */
import { DAY_DATES, dayBit, fieldsOf, type FieldSpec, type RecordKind } from './fields.ts';
import type { ResolvedMapping } from './mapping.ts';
import { dayOrderEvidence, normalizeDate, type DateContext, type DatePattern, type DayOrder, type TimeZone } from './dates.ts';
import { decimalEvidence, parseAmount, type DecimalSeparator } from './amounts.ts';

export interface NormalizeOptions {
  kind: RecordKind;
  mapping: ResolvedMapping;
  headers: readonly string[];
  zone: TimeZone;
  /** An explicit `--date-format` / mapping-file `date_format`. */
  datePattern: DatePattern | null;
  /** An explicit decimal separator (mapping file `decimal`). */
  decimal: DecimalSeparator | null;
  /** The separator assumed for a column that never shows which it uses. */
  defaultDecimal: DecimalSeparator;
  /** Column decisions imposed by an earlier pass over the same file. */
  forced?: ColumnDecisions;
}

/** Per column index: the day/month order of its dates and the decimal separator of its numbers. */
export interface ColumnDecisions {
  dayOrder: Record<number, DayOrder>;
  decimal: Record<number, DecimalSeparator>;
}

export type NormalizedRow = { ok: true; values: unknown[]; extraJson: string } | { ok: false; reason: string };

/** How a column's question was answered. */
type Basis = 'forced' | 'values' | 'other columns' | 'profile' | 'provisional';

interface DateColumn {
  index: number;
  dmy: number;
  mdy: number;
  ambiguous: number;
  basis: Basis;
  order: DayOrder | null;
  /** Evidence seen after `decide`, for provisional answers. */
  laterDmy: number;
  laterMdy: number;
  example?: string;
  /** Values read, and values that could not be read (with the first such one): a column none of whose dates reads stops the file. */
  read: number;
  failed: number;
  failure?: { value: string; problem: string };
}

interface NumberColumn {
  index: number;
  comma: number;
  point: number;
  ambiguous: number;
  basis: Basis;
  decimal: DecimalSeparator;
  laterComma: number;
  laterPoint: number;
}

export type Verdict =
  | { kind: 'ok' }
  | { kind: 'reread'; decisions: ColumnDecisions; reason: string }
  | { kind: 'ambiguous'; columns: string[]; example: string }
  /** A date column none of whose values could be read: a format the import was not told, not bad rows. */
  | { kind: 'unreadable'; column: string; failed: number; value: string; problem: string };

const DEAL_STATUS_WORDS: Record<string, 'open' | 'won' | 'lost'> = {
  open: 'open', abierto: 'open', abierta: 'open', aperto: 'open', aperta: 'open', 'in progress': 'open',
  won: 'won', 'closed won': 'won', closedwon: 'won', ganado: 'won', ganada: 'won', vinto: 'won', vinta: 'won',
  lost: 'lost', 'closed lost': 'lost', closedlost: 'lost', perdido: 'lost', perdida: 'lost', perso: 'lost', persa: 'lost',
};

const TRUE_WORDS = new Set(['true', '1', 'yes', 'y', 'sí', 'si', 'vero', 'x']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'n', 'falso', '']);

export class RecordNormalizer {
  /** The stored fields this import writes, in the order of `values`; `day_dates` last when it writes a date. */
  readonly fields: string[];
  private readonly options: NormalizeOptions;
  private readonly specs: FieldSpec[];
  private readonly sourceIndex: number[];
  private readonly constantValues: unknown[];
  /** Per written field, its `day_dates` bit when its `--set` constant is a day, else 0. */
  private readonly constantDays: number[];
  private readonly dateColumns = new Map<number, DateColumn>();
  private readonly numberColumns = new Map<number, NumberColumn>();
  private readonly watched: { dates: DateColumn[]; numbers: NumberColumn[] } = { dates: [], numbers: [] };
  private readonly dateContexts = new Map<number, DateContext>();
  private readonly extraColumns: number[];
  private readonly extraKeys: string[];
  private readonly idAt: number;
  private readonly emailAt: number;
  private readonly currencyAt: number;
  private readonly statusAt: number;
  private readonly stageAt: number;
  private readonly isWonColumn: number | undefined;
  private readonly isClosedColumn: number | undefined;
  /** Per written field, its bit in `day_dates` (0 for a field that is not a date). */
  private readonly dayBits: number[];
  private decided = false;

  constructor(options: NormalizeOptions) {
    this.options = options;
    const { kind, mapping, headers } = options;
    const all = fieldsOf(kind);
    const written = all.filter((f) => f.stored !== false && (mapping.columns[f.name] !== undefined || mapping.constants[f.name] !== undefined));
    if (kind === 'deals' && !written.some((f) => f.name === 'status') && (mapping.columns.is_won !== undefined || mapping.columns.stage !== undefined)) {
      written.push(all.find((f) => f.name === 'status')!);
    }
    if (kind === 'deals' && !written.some((f) => f.name === 'currency') && mapping.columns.amount !== undefined) {
      written.push(all.find((f) => f.name === 'currency')!);
    }
    if (!written.some((f) => f.name === 'id')) written.unshift(all.find((f) => f.name === 'id')!);
    this.specs = written;
    this.fields = written.map((f) => f.name);
    // Which dates were written as days: one more value per row, after the fields (`dayBits`).
    this.dayBits = written.map((f) => (f.type === 'date' ? dayBit(kind, f.name) : 0));
    if (this.dayBits.some((bit) => bit !== 0)) this.fields.push(DAY_DATES);
    this.sourceIndex = written.map((f) => mapping.columns[f.name] ?? -1);
    const constants = written.map((f) => (mapping.constants[f.name] === undefined ? undefined : this.constant(f, mapping.constants[f.name]!)));
    this.constantValues = constants.map((c) => c?.value);
    this.constantDays = constants.map((c, i) => (c?.day ? this.dayBits[i]! : 0));
    this.idAt = this.fields.indexOf('id');
    this.emailAt = this.fields.indexOf('email');
    this.currencyAt = this.fields.indexOf('currency');
    this.statusAt = this.fields.indexOf('status');
    this.stageAt = this.fields.indexOf('stage');
    this.isWonColumn = mapping.columns.is_won;
    this.isClosedColumn = mapping.columns.is_closed;
    this.extraColumns = mapping.extraColumns;
    // Each key already as `"Header":`, the start of its JSON member.
    this.extraKeys = mapping.extraColumns.map((i) => `${JSON.stringify(headers[i]!)}:`);

    written.forEach((spec, position) => {
      const index = this.sourceIndex[position]!;
      if (index < 0) return;
      if (spec.type === 'date' && !this.dateColumns.has(index)) {
        this.dateColumns.set(index, { index, dmy: 0, mdy: 0, ambiguous: 0, basis: 'provisional', order: null, laterDmy: 0, laterMdy: 0, read: 0, failed: 0 });
      }
      if ((spec.type === 'amount' || spec.type === 'number') && !this.numberColumns.has(index)) {
        this.numberColumns.set(index, { index, comma: 0, point: 0, ambiguous: 0, basis: 'provisional', decimal: options.defaultDecimal, laterComma: 0, laterPoint: 0 });
      }
    });
  }

  /** Feeds one of the first rows of the file to the column decisions. */
  observe(cells: readonly string[]): void {
    for (const column of this.dateColumns.values()) {
      const value = cells[column.index]?.trim();
      if (!value) continue;
      const evidence = dayOrderEvidence(value);
      if (evidence === 'DMY') column.dmy++;
      else if (evidence === 'MDY') column.mdy++;
      else if (evidence === 'either') {
        column.ambiguous++;
        column.example ??= value;
      }
    }
    for (const column of this.numberColumns.values()) {
      const value = cells[column.index]?.trim();
      if (!value) continue;
      const evidence = decimalEvidence(value);
      if (evidence === ',') column.comma++;
      else if (evidence === '.') column.point++;
      else if (evidence === 'either') column.ambiguous++;
    }
  }

  /** Settles every column from what `observe` saw; call once, before `normalize`. */
  decide(): void {
    const { forced, datePattern, decimal, mapping } = this.options;
    const settled: DayOrder[] = [];
    for (const column of this.dateColumns.values()) {
      if (forced?.dayOrder[column.index]) {
        column.order = forced.dayOrder[column.index]!;
        column.basis = 'forced';
      } else if (column.dmy || column.mdy) {
        column.order = column.dmy >= column.mdy ? 'DMY' : 'MDY';
        column.basis = 'values';
        settled.push(column.order);
      }
    }
    // One program wrote the whole file: a column that never shows its order has the order of the others.
    const fileOrder = settled.length && settled.every((o) => o === settled[0]) ? settled[0]! : null;
    for (const column of this.dateColumns.values()) {
      if (column.order) continue;
      if (fileOrder) {
        column.order = fileOrder;
        column.basis = 'other columns';
      } else if (mapping.dayOrder) {
        column.order = mapping.dayOrder;
        column.basis = 'profile';
      } else {
        column.order = 'DMY';
        column.basis = 'provisional';
      }
      // An explicit pattern answers the question for every value it matches.
      if (column.ambiguous && !datePattern) this.watched.dates.push(column);
    }
    for (const column of this.dateColumns.values()) {
      this.dateContexts.set(column.index, { order: column.order, pattern: datePattern, zone: this.options.zone });
    }

    for (const column of this.numberColumns.values()) {
      if (forced?.decimal[column.index]) {
        column.decimal = forced.decimal[column.index]!;
        column.basis = 'forced';
      } else if (decimal) {
        column.decimal = decimal;
        column.basis = 'forced';
      } else if (column.comma || column.point) {
        column.decimal = column.comma >= column.point ? ',' : '.';
        column.basis = 'values';
      } else if (column.ambiguous) {
        this.watched.numbers.push(column);
      }
    }
    this.decided = true;
  }

  normalize(cells: readonly string[]): NormalizedRow {
    if (!this.decided) throw new Error('decide() must be called before normalize()');
    const { headers, kind } = this.options;
    if (cells.length !== headers.length) {
      return { ok: false, reason: `has ${cells.length} cells where the header has ${headers.length}` };
    }
    this.watch(cells);
    const values: unknown[] = new Array(this.fields.length);
    let currencyFromAmount: string | null = null;
    let days = 0;
    for (let i = 0; i < this.specs.length; i++) {
      const index = this.sourceIndex[i]!;
      if (index < 0) {
        values[i] = this.constantValues[i] ?? null;
        days |= this.constantDays[i]!;
        continue;
      }
      const raw = cells[index]!.trim();
      if (raw === '') {
        values[i] = this.constantValues[i] ?? null;
        days |= this.constantDays[i]!;
        continue;
      }
      const spec = this.specs[i]!;
      switch (spec.type) {
        case 'text':
          values[i] = raw;
          break;
        case 'email':
          values[i] = raw.toLowerCase();
          break;
        case 'id_list': {
          const first = raw.split(/[;,]/, 1)[0]!.trim();
          values[i] = first === '' ? null : first;
          break;
        }
        case 'date': {
          const result = normalizeDate(raw, this.dateContexts.get(index)!);
          const column = this.dateColumns.get(index)!;
          if (!result.ok) {
            if (column.failed++ === 0) column.failure = { value: raw, problem: result.problem };
            return this.cellProblem(index, raw, result.problem);
          }
          column.read++;
          values[i] = result.iso;
          if (result.day) days |= this.dayBits[i]!;
          break;
        }
        case 'number':
        case 'amount': {
          const result = parseAmount(raw, this.numberColumns.get(index)!.decimal);
          if (!result.ok) return this.cellProblem(index, raw, result.problem);
          values[i] = result.amount;
          if (spec.type === 'amount' && result.currency) currencyFromAmount = result.currency;
          break;
        }
        case 'deal_status':
          values[i] = DEAL_STATUS_WORDS[raw.toLowerCase()] ?? raw;
          break;
        case 'boolean':
          break;
      }
    }

    if (this.idAt >= 0 && values[this.idAt] === null) {
      if (kind === 'leads' && this.emailAt >= 0 && values[this.emailAt] !== null) {
        values[this.idAt] = values[this.emailAt];
      } else {
        return { ok: false, reason: kind === 'leads' ? 'has no id and no email' : 'has no id' };
      }
    }
    if (this.currencyAt >= 0 && values[this.currencyAt] === null && currencyFromAmount) values[this.currencyAt] = currencyFromAmount;
    else if (this.currencyAt >= 0 && typeof values[this.currencyAt] === 'string') values[this.currencyAt] = (values[this.currencyAt] as string).toUpperCase();
    if (kind === 'deals' && this.statusAt >= 0 && values[this.statusAt] === null) values[this.statusAt] = this.derivedStatus(cells, values);
    if (this.fields.length > this.specs.length) values[this.specs.length] = days;

    return { ok: true, values, extraJson: this.extra(cells) };
  }

  /** After the last row: whether the provisional column answers held. */
  verdict(): Verdict {
    const reread: ColumnDecisions = { dayOrder: {}, decimal: {} };
    const reasons: string[] = [];
    const undecided: string[] = [];
    let example = '';
    for (const column of this.watched.dates) {
      const dmy = column.dmy + column.laterDmy;
      const mdy = column.mdy + column.laterMdy;
      if (dmy === 0 && mdy === 0) {
        if (column.basis === 'provisional') {
          undecided.push(this.options.headers[column.index]!);
          example ||= column.example ?? '';
        }
        continue;
      }
      const order: DayOrder = dmy >= mdy ? 'DMY' : 'MDY';
      if (order !== column.order) {
        reread.dayOrder[column.index] = order;
        reasons.push(`column "${this.options.headers[column.index]}" turned out to be ${order === 'DMY' ? 'day' : 'month'}-first`);
      }
    }
    for (const column of this.watched.numbers) {
      if (column.laterComma === 0 && column.laterPoint === 0) continue;
      const decimal: DecimalSeparator = column.laterComma >= column.laterPoint ? ',' : '.';
      if (decimal !== column.decimal) {
        reread.decimal[column.index] = decimal;
        reasons.push(`column "${this.options.headers[column.index]}" turned out to use "${decimal}" for decimals`);
      }
    }
    if (undecided.length) return { kind: 'ambiguous', columns: undecided, example };
    // Every row with a value in this column was rejected for it: the file is written in a format not given.
    for (const column of this.dateColumns.values()) {
      if (column.failed > 0 && column.read === 0) {
        return { kind: 'unreadable', column: this.options.headers[column.index]!, failed: column.failed, value: column.failure!.value, problem: column.failure!.problem };
      }
    }
    if (reasons.length) {
      // Keep the answers already settled, so the second pass does not have to settle them again.
      for (const column of this.dateColumns.values()) {
        if (reread.dayOrder[column.index] === undefined && column.order) reread.dayOrder[column.index] = column.order;
      }
      for (const column of this.numberColumns.values()) {
        if (reread.decimal[column.index] === undefined && column.basis !== 'provisional') reread.decimal[column.index] = column.decimal;
      }
      return { kind: 'reread', decisions: reread, reason: reasons.join('; ') };
    }
    return { kind: 'ok' };
  }

  private watch(cells: readonly string[]): void {
    for (const column of this.watched.dates) {
      const value = cells[column.index]!;
      if (value === '') continue;
      const evidence = dayOrderEvidence(value.trim());
      if (evidence === 'DMY') column.laterDmy++;
      else if (evidence === 'MDY') column.laterMdy++;
    }
    for (const column of this.watched.numbers) {
      const value = cells[column.index]!;
      if (value === '') continue;
      const evidence = decimalEvidence(value.trim());
      if (evidence === ',') column.laterComma++;
      else if (evidence === '.') column.laterPoint++;
    }
  }

  private cellProblem(index: number, raw: string, problem: string): NormalizedRow {
    return { ok: false, reason: `column "${this.options.headers[index]}": "${raw}" ${problem}` };
  }

  private derivedStatus(cells: readonly string[], values: unknown[]): string {
    if (this.isWonColumn !== undefined) {
      const won = TRUE_WORDS.has(cells[this.isWonColumn]!.trim().toLowerCase());
      if (won) return 'won';
      const closedCell = this.isClosedColumn === undefined ? undefined : cells[this.isClosedColumn]!.trim().toLowerCase();
      if (closedCell !== undefined && (TRUE_WORDS.has(closedCell) || FALSE_WORDS.has(closedCell))) {
        return TRUE_WORDS.has(closedCell) ? 'lost' : 'open';
      }
    }
    const stage = this.stageAt >= 0 ? String(values[this.stageAt] ?? '').toLowerCase().replace(/[^a-z]/g, '') : '';
    // Zoho writes "Closed-Lost to Competition" beside "Closed Lost".
    if (stage.startsWith('closedwon') || stage === 'won') return 'won';
    if (stage.startsWith('closedlost') || stage === 'lost') return 'lost';
    return 'open';
  }

  /** The unmapped cells as a JSON object, written as JSON.stringify would, without building the object. */
  private extra(cells: readonly string[]): string {
    let json = '{';
    for (let i = 0; i < this.extraColumns.length; i++) {
      const value = cells[this.extraColumns[i]!]!;
      if (value === '') continue;
      json += (json.length > 1 ? ',' : '') + this.extraKeys[i]! + JSON.stringify(value);
    }
    return json + '}';
  }

  /** A `--set` value goes through the same conversion as a cell; an unusable one is a usage error. */
  private constant(spec: FieldSpec, raw: string): { value: unknown; day?: boolean } {
    const value = raw.trim();
    if (value === '') return { value: null };
    switch (spec.type) {
      case 'email':
        return { value: value.toLowerCase() };
      case 'date': {
        const result = normalizeDate(value, { order: null, pattern: this.options.datePattern, zone: this.options.zone });
        if (!result.ok) throw new ConstantError(`--set ${spec.name}=${raw}: "${raw}" ${result.problem}`);
        return { value: result.iso, day: result.day };
      }
      case 'number':
      case 'amount': {
        const result = parseAmount(value, this.options.decimal ?? '.');
        if (!result.ok) throw new ConstantError(`--set ${spec.name}=${raw}: "${raw}" ${result.problem}`);
        return { value: result.amount };
      }
      case 'deal_status':
        return { value: DEAL_STATUS_WORDS[value.toLowerCase()] ?? value };
      default:
        return { value };
    }
  }
}

export class ConstantError extends Error {}
