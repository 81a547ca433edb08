/**
 * How one cell value becomes text: for people (`formatValue`, in a locale and a time zone) and
 * for machines (`formatMachine`, the CSV: locale-free, unrounded but for float noise).
 */
import type { CellValue, ValueKind } from './document.ts';

export interface FormatOptions {
  /** A BCP 47 tag such as `es-ES`; undefined is the plain English style with ISO-like dates. */
  locale?: string;
  /** IANA zone in which `datetime` and `date` values are shown. */
  timeZone: string;
}

const EMPTY = '–';
const MINUS = '−';
// The plain style's numbers; fixed rather than the host's default locale so output never depends on LANG.
const PLAIN_LOCALE = 'en-US';

const checkedLocales = new Set<string>();

/** Intl silently falls back to a default for a well-formed tag it does not know, so ask it explicitly. */
function checkLocale(locale: string): void {
  if (checkedLocales.has(locale)) return;
  let known = false;
  try {
    known = Intl.NumberFormat.supportedLocalesOf([locale]).length > 0;
  } catch {
    // Ill-formed tags throw; they get the same message as unknown ones.
  }
  if (!known) throw new RangeError(`unknown locale "${locale}": write a BCP 47 tag such as es-ES, it-IT or en-GB`);
  checkedLocales.add(locale);
}

// Building an Intl formatter costs far more than using one, and reports format many cells.
const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function numberFormat(locale: string | undefined, name: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${name}`;
  let format = numberFormats.get(key);
  if (!format) {
    if (locale !== undefined) checkLocale(locale);
    // es-ES leaves 4-digit numbers ungrouped by default (`1234`); reports want `1.234` next to `12.345`.
    format = new Intl.NumberFormat(locale ?? PLAIN_LOCALE, { useGrouping: 'always', ...options });
    numberFormats.set(key, format);
  }
  return format;
}

function dateFormat(locale: string | undefined, timeZone: string, name: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale ?? ''}|${timeZone}|${name}`;
  let format = dateFormats.get(key);
  if (!format) {
    if (locale !== undefined) checkLocale(locale);
    format = new Intl.DateTimeFormat(locale ?? PLAIN_LOCALE, { timeZone, ...options });
    dateFormats.set(key, format);
  }
  return format;
}

const NUMBER_STYLES = {
  count: { maximumFractionDigits: 0 },
  amount: { maximumFractionDigits: 2 },
  number: { maximumFractionDigits: 1 },
  days: { maximumFractionDigits: 1 },
  hours: { maximumFractionDigits: 1 },
  share: { style: 'percent', maximumFractionDigits: 1 },
  delta: { maximumFractionDigits: 2, signDisplay: 'exceptZero' },
  points: { maximumFractionDigits: 1, signDisplay: 'exceptZero' },
} satisfies Record<string, Intl.NumberFormatOptions>;

/** Signed values with a true minus sign: `−5` lines up with `+3` and does not read as a dash. */
function signed(format: Intl.NumberFormat, value: number): string {
  return format
    .formatToParts(value)
    .map((part) => (part.type === 'minusSign' ? MINUS : part.value))
    .join('');
}

function formatInstant(value: string | number, kind: 'date' | 'datetime', options: FormatOptions): string {
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return String(value);
  const { locale, timeZone } = options;
  if (locale === undefined) {
    // hourCycle h23: midnight is 00:00, never 24:00.
    const parts = dateFormat(undefined, timeZone, 'parts', { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(instant);
    const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
    const date = `${part('year')}-${part('month')}-${part('day')}`;
    return kind === 'date' ? date : `${date} ${part('hour')}:${part('minute')}`;
  }
  const date = dateFormat(locale, timeZone, 'date', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
  if (kind === 'date') return date;
  // Intl joins date and time with `, ` in most locales; a space reads better in a table cell.
  return `${date} ${dateFormat(locale, timeZone, 'time', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant)}`;
}

/** A value as people read it. Throws a RangeError naming the locale when the locale is unknown. */
export function formatValue(value: CellValue, kind: ValueKind, options: FormatOptions): string {
  if (value === null) return EMPTY;
  if (kind === 'text') return String(value);
  if (kind === 'date' || kind === 'datetime') return formatInstant(value, kind, options);
  // A string in a numeric column was formatted upstream (or is a label); show it as given.
  if (typeof value === 'string') return value;
  const format = numberFormat(options.locale, kind, NUMBER_STYLES[kind]);
  if (kind === 'points') return `${signed(format, value * 100)} pp`;
  if (kind === 'delta') return signed(format, value);
  return format.format(value);
}

/** A value for the CSV: no locale, no grouping, shares as fractions, instants as their ISO text. */
// `kind` is unused today (machine text is the same for every kind) but keeps call sites symmetric with formatValue.
export function formatMachine(value: CellValue, kind: ValueKind): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  // 0.1 + 0.2 is 0.30000000000000004: six decimals keep every real figure and drop the noise.
  return Number.isInteger(value) || !Number.isFinite(value) ? String(value) : String(Number(value.toFixed(6)));
}
