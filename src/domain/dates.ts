/**
 * Dates as exports write them, normalised to UTC ISO 8601 (`YYYY-MM-DDTHH:mm:ssZ`).
 *
 * Runs once per date cell of a million-row import, so the common path uses no `Date` object
 * and no `Intl` call: a zone caches its UTC offset per local hour, and the output is built
 * from integers.
 */

export type DayOrder = 'DMY' | 'MDY';

export class DatePatternError extends Error {}

export interface DatePattern {
  readonly source: string;
  readonly regex: RegExp;
  /** Capture group of each token; 0 when the pattern has none. */
  readonly groups: { year: number; month: number; day: number; hour: number; minute: number; second: number };
  readonly order: DayOrder | null;
  /** The year is `YY`: two digits, read with the context's pivot (`DEFAULT_TWO_DIGIT_PIVOT` when it states none). */
  readonly twoDigitYear: boolean;
  /** The month is `MMM`: a month name or abbreviation (`monthOfWord`). */
  readonly monthName: boolean;
}

type Parts = [year: number, month: number, day: number, hour: number, minute: number, second: number];
/**
 * A value read: its instant, and whether it was written as a day without a time (`day`): a day is
 * stored as its local midnight, and compared with an instant by the day (see `sameLocalDay`).
 */
export type DateResult = { ok: true; iso: string; day: boolean } | { ok: false; problem: string };

/**
 * Month words → month number, in English, Spanish, Italian, French, German and Portuguese: full names
 * and the abbreviations programs write (Excel, Zoho, CLDR), lower case. A value's word is read
 * case- and accent-insensitively, with or without a trailing dot. No word means two different months
 * in two languages (`mar` is March wherever it appears, `ago` August, `set` September, `mai` May):
 * the lookup below refuses to build if one ever did.
 */
export const MONTH_WORDS: Readonly<Record<'en' | 'es' | 'it' | 'fr' | 'de' | 'pt', readonly (readonly string[])[]>> = {
  en: [['january', 'jan'], ['february', 'feb'], ['march', 'mar'], ['april', 'apr'], ['may'], ['june', 'jun'], ['july', 'jul'], ['august', 'aug'],
    ['september', 'sep', 'sept'], ['october', 'oct'], ['november', 'nov'], ['december', 'dec']],
  es: [['enero', 'ene'], ['febrero', 'feb'], ['marzo', 'mar'], ['abril', 'abr'], ['mayo', 'may'], ['junio', 'jun'], ['julio', 'jul'], ['agosto', 'ago'],
    ['septiembre', 'setiembre', 'sep', 'sept', 'set'], ['octubre', 'oct'], ['noviembre', 'nov'], ['diciembre', 'dic']],
  it: [['gennaio', 'gen'], ['febbraio', 'feb'], ['marzo', 'mar'], ['aprile', 'apr'], ['maggio', 'mag'], ['giugno', 'giu'], ['luglio', 'lug'], ['agosto', 'ago'],
    ['settembre', 'set'], ['ottobre', 'ott'], ['novembre', 'nov'], ['dicembre', 'dic']],
  fr: [['janvier', 'janv', 'jan'], ['février', 'févr', 'fév'], ['mars', 'mar'], ['avril', 'avr'], ['mai'], ['juin'], ['juillet', 'juil'], ['août'],
    ['septembre', 'sept', 'sep'], ['octobre', 'oct'], ['novembre', 'nov'], ['décembre', 'déc']],
  de: [['januar', 'jänner', 'jan', 'jän'], ['februar', 'feb'], ['märz', 'mär', 'mrz'], ['april', 'apr'], ['mai'], ['juni', 'jun'], ['juli', 'jul'], ['august', 'aug'],
    ['september', 'sep', 'sept'], ['oktober', 'okt'], ['november', 'nov'], ['dezember', 'dez']],
  pt: [['janeiro', 'jan'], ['fevereiro', 'fev'], ['março', 'mar'], ['abril', 'abr'], ['maio', 'mai'], ['junho', 'jun'], ['julho', 'jul'], ['agosto', 'ago'],
    ['setembro', 'set'], ['outubro', 'out'], ['novembro', 'nov'], ['dezembro', 'dez']],
};

const foldWord = (word: string) => word.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');

/** Every month word, as written (lower case) and without accents. */
const MONTH_OF_WORD: ReadonlyMap<string, number> = (() => {
  const map = new Map<string, number>();
  for (const [language, months] of Object.entries(MONTH_WORDS)) {
    months.forEach((words, index) => {
      for (const word of words) {
        for (const key of [word.normalize('NFC'), foldWord(word)]) {
          const known = map.get(key);
          if (known !== undefined && known !== index + 1) throw new Error(`month word "${key}" (${language}) is month ${index + 1} and month ${known}`);
          map.set(key, index + 1);
        }
      }
    });
  }
  return map;
})();

/** `Apr`, `agosto`, `févr.`, `MÄRZ`, `Fevereiro` → 4, 8, 2, 3, 2; anything else → undefined. */
export function monthOfWord(word: string): number | undefined {
  let key = word.toLowerCase();
  if (key.charCodeAt(key.length - 1) === 46) key = key.slice(0, -1); // a trailing dot
  return MONTH_OF_WORD.get(key) ?? MONTH_OF_WORD.get(foldWord(key));
}

/** The pivot a `YY` pattern uses when the context states none: 00–69 → 2000–2069, 70–99 → 1970–1999. */
export const DEFAULT_TWO_DIGIT_PIVOT = 70;

/** A two-digit year below the pivot is in the 2000s, the others in the 1900s. */
function fullYear(twoDigits: number, pivot: number): number {
  return twoDigits < pivot ? 2000 + twoDigits : 1900 + twoDigits;
}

const TWO_DIGIT_YEAR_PROBLEM = 'is not a date (two-digit year: pass --date-format with YY)';

// Letters of the six languages' month words, precomposed or with combining accents.
const LETTERS = '[A-Za-z\\u00C0-\\u024F\\u0300-\\u036F]+';

// M, D and H (Excel's m/d/yyyy, as US spreadsheets write it) read like MM, DD and HH: those take one digit or two.
const TOKENS = ['YYYY', 'YY', 'MMMM', 'MMM', 'MM', 'M', 'DD', 'D', 'HH', 'H', 'mm', 'ss'] as const;
/** The tokens of a `--date-format`, as messages list them. */
export const TOKEN_LIST = 'YYYY YY MM MMM DD HH mm ss';
const TOKEN_REGEX: Record<(typeof TOKENS)[number], string> = {
  YYYY: '(\\d{4})', YY: '(\\d{2})', MMMM: `(${LETTERS})\\.?`, MMM: `(${LETTERS})\\.?`, MM: '(\\d{1,2})', M: '(\\d{1,2})', DD: '(\\d{1,2})', D: '(\\d{1,2})',
  HH: '(\\d{1,2})', H: '(\\d{1,2})', mm: '(\\d{2})', ss: '(\\d{2})',
};

/**
 * `DD/MM/YYYY HH:mm`, `DD-MMM-YY`, `MMM DD, YYYY` → a matcher; the time part (from the first time token
 * on) is optional in values, and a date-only pattern accepts a time after the date. `YY` is a two-digit
 * year (the pattern states it, so it is read with the context's pivot, else 70); `MMM` (or `MMMM`) is a
 * month name or abbreviation in any of the languages of `MONTH_WORDS`.
 */
export function compileDatePattern(pattern: string): DatePattern {
  const source = pattern.trim();
  const groups = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  const groupOf: Record<string, keyof typeof groups> = {
    YYYY: 'year', YY: 'year', MMMM: 'month', MMM: 'month', MM: 'month', M: 'month', DD: 'day', D: 'day', HH: 'hour', H: 'hour', mm: 'minute', ss: 'second',
  };
  const tokenOf: Partial<Record<keyof typeof groups, string>> = {};
  let regex = '';
  let group = 0;
  let lastGroupEnd = 0;
  let timeStarts = -1;
  let i = 0;
  while (i < source.length) {
    const token = TOKENS.find((t) => source.startsWith(t, i));
    if (token) {
      const key = groupOf[token]!;
      if (groups[key]) {
        const first = tokenOf[key]!;
        throw new DatePatternError(first === token
          ? `token "${token}" appears twice in date format "${source}"`
          : `tokens "${first}" and "${token}" both give the ${key} in date format "${source}"`);
      }
      tokenOf[key] = token;
      // The separator before the time belongs to the optional time part.
      if ((token === 'HH' || token === 'H' || token === 'mm' || token === 'ss') && timeStarts < 0) timeStarts = lastGroupEnd;
      groups[key] = ++group;
      regex += TOKEN_REGEX[token];
      lastGroupEnd = regex.length;
      i += token.length;
    } else if (/[A-Za-z]/.test(source[i]!)) {
      const word = source.slice(i).match(/^[A-Za-z]+/)![0];
      throw new DatePatternError(`unknown token "${word}" in date format "${source}"; use ${TOKEN_LIST}`);
    } else {
      regex += source[i] === ' ' ? '\\s+' : source[i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i++;
    }
  }
  if (!groups.year || !groups.month || !groups.day) {
    throw new DatePatternError(`date format "${source}" needs a year (YYYY or YY), a month (MM or MMM) and a day (DD)`);
  }
  if (timeStarts >= 0) {
    regex = `${regex.slice(0, timeStarts)}(?:${regex.slice(timeStarts)})?`;
  } else {
    // A date-only pattern still reads values that carry a time: DD/MM/YYYY matches 15/10/2026 10:30.
    groups.hour = ++group;
    groups.minute = ++group;
    groups.second = ++group;
    regex += '(?:[T ]+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?';
  }
  const order: DayOrder | null = groups.year < groups.month && groups.year < groups.day ? null : groups.day < groups.month ? 'DMY' : 'MDY';
  const twoDigitYear = tokenOf.year === 'YY';
  const monthName = tokenOf.month === 'MMM' || tokenOf.month === 'MMMM';
  return { source, regex: new RegExp(`^${regex}$`), groups, order, twoDigitYear, monthName };
}

export function dayOrderOfPattern(pattern: DatePattern): DayOrder | null {
  return pattern.order;
}

// Year-first: 2026-10-05, 2026/10/05, with an optional time, fraction and offset.
const ISO = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;
// Day or month first: 05/10/2026, 5-10-2026 9:05, 05.10.2026 09:15:00, 10/5/2026 9:15 AM.
const NUMERIC = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})(?:[T ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
const EPOCH_MS = /^\d{12,13}$/;
const EXCEL_SERIAL = /^\d{5}(?:\.\d+)?$/;
// Month names: `15 Apr, 2021 00:03:00` (Zoho), `3-mar-2025`, `12/ago/25`, `1. März 2025`, `1er févr. 2025`,
// `12 de agosto de 2025`; `Apr 15, 2021 12:03 AM`, `April 15th 2021`. Time: HH:mm[:ss], optional AM/PM.
const NAME_TIME = '(?:[\\s,T]+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?:\\s*([AaPp])\\.?\\s?[Mm]\\.?)?)?';
const ORDINAL = '(?:st|nd|rd|th|er|º|ª|°)?';
const DAY_NAME_YEAR = new RegExp(
  `^(\\d{1,2})${ORDINAL}\\.?(?:\\s+de\\s+|\\s*[-/.]\\s*|\\s+)(${LETTERS})\\.?(?:\\s+de\\s+|\\s*[-/.,]\\s*|\\s+)(\\d{4}|\\d{2})${NAME_TIME}$`, 'i');
const NAME_DAY_YEAR = new RegExp(
  `^(${LETTERS})\\.?(?:\\s*[-/.]\\s*|\\s+)(\\d{1,2})${ORDINAL}(?:\\s*[-/.,]\\s*|\\s+)(\\d{4}|\\d{2})${NAME_TIME}$`, 'i');

/** What one value tells about its column's day/month order. */
export function dayOrderEvidence(value: string): DayOrder | 'either' | 'none' {
  const m = NUMERIC.exec(value);
  if (!m) return 'none';
  const first = Number(m[1]);
  const second = Number(m[3]);
  if (first > 12 && second <= 12) return 'DMY';
  if (second > 12 && first <= 12) return 'MDY';
  if (first <= 12 && second <= 12) return 'either';
  return 'none';
}

export interface TimeZone {
  readonly name: string;
  /** UTC ISO string of a valid local wall-clock time. */
  toUtc(parts: Parts): string;
}

export function timeZone(name: string): TimeZone {
  if (name === 'UTC' || name === 'Etc/UTC') return new FixedZone(name);
  return new IanaZone(name);
}

export interface DateContext {
  order: DayOrder | null;
  pattern: DatePattern | null;
  zone: TimeZone;
  /**
   * How to read a two-digit year (`20-10-16`, `12-ago-25`): below the pivot in the 2000s, from it on in
   * the 1900s (pivot 70: 00–69 → 2000–2069, 70–99 → 1970–1999). Without it a two-digit year is a problem,
   * unless the pattern says `YY` (then the pivot is `DEFAULT_TWO_DIGIT_PIVOT`).
   */
  twoDigitYears?: { pivot: number };
}

/** The pivot the context states, or the one a `YY` pattern implies; undefined when nobody said. */
function pivotOf(ctx: DateContext): number | undefined {
  return ctx.twoDigitYears?.pivot ?? (ctx.pattern?.twoDigitYear ? DEFAULT_TWO_DIGIT_PIVOT : undefined);
}

/** A year as written: four digits, or two read with the context's pivot (undefined when it has none). */
function yearOf(digits: string, ctx: DateContext): number | undefined {
  if (digits.length !== 2) return Number(digits);
  const pivot = pivotOf(ctx);
  return pivot === undefined ? undefined : fullYear(Number(digits), pivot);
}

/** A 12-hour clock's hour on the 24-hour clock; undefined when it is not 1–12. */
function hourOf(hour: number, pm: boolean): number | undefined {
  return hour < 1 || hour > 12 ? undefined : (hour % 12) + (pm ? 12 : 0);
}

const AM_PM_PROBLEM = 'is not a date (hour with AM/PM)';
const unknownMonth = (word: string): DateResult => ({ ok: false, problem: `is not a date (unknown month name "${word}")` });

/**
 * `YYYY-MM-DD HH:mm[:ss]` (HubSpot, Pipedrive): most dates of a large export, read from their
 * character codes; anything else (or any doubt) goes the general way.
 */
function fastLocal(value: string): Parts | undefined {
  const length = value.length;
  if ((length !== 16 && length !== 19) || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || value.charCodeAt(13) !== 58) return undefined;
  const separator = value.charCodeAt(10);
  if (separator !== 32 && separator !== 84) return undefined;
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    year = year * 10 + d;
  }
  const two = (at: number) => {
    const a = value.charCodeAt(at) - 48;
    const b = value.charCodeAt(at + 1) - 48;
    return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
  };
  const month = two(5);
  const day = two(8);
  const hour = two(11);
  const minute = two(14);
  let second = 0;
  if (length === 19) {
    if (value.charCodeAt(16) !== 58) return undefined;
    second = two(17);
  }
  if (month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return undefined;
  return [year, month, day, hour, minute, second];
}

export function normalizeDate(value: string, ctx: DateContext): DateResult {
  if (!ctx.pattern) {
    const parts = fastLocal(value);
    if (parts) {
      const problem = invalid(parts);
      return problem ? { ok: false, problem } : { ok: true, iso: ctx.zone.toUtc(parts), day: false };
    }
  }
  if (ctx.pattern) {
    const m = ctx.pattern.regex.exec(value);
    if (m) return fromGroups(m, ctx.pattern, ctx);
  }
  const iso = ISO.exec(value);
  if (iso) {
    const parts: Parts = [Number(iso[1]), Number(iso[2]), Number(iso[3]), Number(iso[4] ?? 0), Number(iso[5] ?? 0), Number(iso[6] ?? 0)];
    const problem = invalid(parts);
    if (problem) return { ok: false, problem };
    const day = iso[4] === undefined;
    if (iso[7]) return { ok: true, iso: withOffset(parts, iso[7]), day };
    return { ok: true, iso: ctx.zone.toUtc(parts), day };
  }
  if (EPOCH_MS.test(value)) return { ok: true, iso: isoOfMillis(Number(value)), day: false };
  if (ctx.pattern) return fromNames(value, ctx) ?? { ok: false, problem: `is not a date in ${ctx.pattern.source}` };

  const m = NUMERIC.exec(value);
  if (m) {
    const year = yearOf(m[4]!, ctx);
    if (year === undefined) return { ok: false, problem: TWO_DIGIT_YEAR_PROBLEM };
    const first = Number(m[1]);
    const second = Number(m[3]);
    let order = ctx.order;
    if (first > 12 && second <= 12) order = 'DMY';
    else if (second > 12 && first <= 12) order = order === 'DMY' ? 'DMY' : 'MDY';
    if (!order) return { ok: false, problem: 'is ambiguous (day or month first?)' };
    const meridiem = m[8]?.toLowerCase();
    const hour = meridiem ? hourOf(Number(m[5]), meridiem === 'pm') : Number(m[5] ?? 0);
    if (hour === undefined) return { ok: false, problem: AM_PM_PROBLEM };
    const parts: Parts = [year, order === 'DMY' ? second : first, order === 'DMY' ? first : second, hour, Number(m[6] ?? 0), Number(m[7] ?? 0)];
    const problem = invalid(parts);
    if (problem) return { ok: false, problem };
    return { ok: true, iso: ctx.zone.toUtc(parts), day: m[5] === undefined };
  }
  if (EXCEL_SERIAL.test(value)) {
    const serial = Number(value);
    // A whole serial is a day; a fraction is its time.
    if (serial >= 20000 && serial <= 80000) return { ok: true, iso: fromExcelSerial(serial, ctx.zone), day: Number.isInteger(serial) };
  }
  return fromNames(value, ctx) ?? { ok: false, problem: 'is not a date' };
}

/** A date with a month name (see `DAY_NAME_YEAR`, `NAME_DAY_YEAR`); undefined when the value has no such form. */
function fromNames(value: string, ctx: DateContext): DateResult | undefined {
  const first = value.charCodeAt(0);
  const dayFirst = first >= 48 && first <= 57;
  const m = (dayFirst ? DAY_NAME_YEAR : NAME_DAY_YEAR).exec(value);
  if (!m) return undefined;
  const word = m[dayFirst ? 2 : 1]!;
  const month = monthOfWord(word);
  if (month === undefined) return unknownMonth(word);
  const year = yearOf(m[3]!, ctx);
  if (year === undefined) return { ok: false, problem: TWO_DIGIT_YEAR_PROBLEM };
  const meridiem = m[7];
  const hour = meridiem ? hourOf(Number(m[4]), meridiem === 'p' || meridiem === 'P') : Number(m[4] ?? 0);
  if (hour === undefined) return { ok: false, problem: AM_PM_PROBLEM };
  const parts: Parts = [year, month, Number(m[dayFirst ? 1 : 2]), hour, Number(m[5] ?? 0), Number(m[6] ?? 0)];
  const problem = invalid(parts);
  if (problem) return { ok: false, problem };
  return { ok: true, iso: ctx.zone.toUtc(parts), day: m[4] === undefined };
}

function fromGroups(m: RegExpExecArray, pattern: DatePattern, ctx: DateContext): DateResult {
  const g = pattern.groups;
  const at = (i: number) => (i && m[i] !== undefined ? Number(m[i]) : 0);
  // A YY pattern always has a pivot (pivotOf).
  const year = pattern.twoDigitYear ? yearOf(m[g.year]!, ctx)! : at(g.year);
  let month: number;
  if (pattern.monthName) {
    const word = m[g.month]!;
    const known = monthOfWord(word);
    if (known === undefined) return unknownMonth(word);
    month = known;
  } else {
    month = at(g.month);
  }
  const parts: Parts = [year, month, at(g.day), at(g.hour), at(g.minute), at(g.second)];
  const problem = invalid(parts);
  if (problem) return { ok: false, problem };
  return { ok: true, iso: ctx.zone.toUtc(parts), day: !(g.hour && m[g.hour] !== undefined) };
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function invalid([year, month, day, hour, minute, second]: Parts): string | undefined {
  if (year < 1900 || year > 2200) return 'is not a date (year out of range)';
  if (month < 1 || month > 12) return 'is not a date (no month ' + month + ')';
  if (day < 1 || day > daysInMonth(year, month)) return `is not a date (no ${MONTH_NAMES[month - 1]} ${day})`;
  if (hour > 23 || minute > 59 || second > 59) return 'is not a date (time out of range)';
  return undefined;
}

const pad2 = (n: number) => (n < 10 ? '0' + n : String(n));

function isoOfParts(year: number, month: number, day: number, hour: number, minute: number, second: number): string {
  return `${year}-${pad2(month)}-${pad2(day)}T${pad2(hour)}:${pad2(minute)}:${pad2(second)}Z`;
}

/** An instant as the importer stores dates: UTC `YYYY-MM-DDTHH:MM:SSZ`, to the second below. */
export function isoOfMillis(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19) + 'Z';
}

/**
 * The instant of a date as the importer stores it (`isoOfMillis`), read digit by digit: about three
 * times as fast as `Date.parse`, which the reports would call for every stage date of every lead of
 * their window. Anything else, or a field outside the ranges every month has, goes to `Date.parse`,
 * so that the answer is always `Date.parse`'s.
 */
export function millisOfStoredIso(iso: string): number {
  if (iso.length !== 20 || iso.charCodeAt(19) !== 90 || iso.charCodeAt(10) !== 84) return Date.parse(iso); // …Z, …T…
  const digits = (from: number, count: number) => {
    let value = 0;
    for (let i = from; i < from + count; i++) {
      const digit = iso.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return -1;
      value = value * 10 + digit;
    }
    return value;
  };
  const year = digits(0, 4);
  const month = digits(5, 2);
  const day = digits(8, 2);
  const hour = digits(11, 2);
  const minute = digits(14, 2);
  const second = digits(17, 2);
  const separators = iso.charCodeAt(4) === 45 && iso.charCodeAt(7) === 45 && iso.charCodeAt(13) === 58 && iso.charCodeAt(16) === 58; // - - : :
  if (!separators || year < 0 || month < 1 || month > 12 || day < 1 || day > 28 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return Date.parse(iso);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

function withOffset(parts: Parts, offset: string): string {
  if (offset === 'Z' || offset === 'z') return isoOfParts(...parts);
  const sign = offset[0] === '-' ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const minutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
  const [y, mo, d, h, mi, s] = parts;
  return isoOfMillis(Date.UTC(y, mo - 1, d, h, mi, s) - minutes * 60_000);
}

/** Excel counts days from 1899-12-30 in local wall-clock time; the fraction is the time of day. */
function fromExcelSerial(serial: number, zone: TimeZone): string {
  const ms = Math.round((serial - 25569) * 86_400_000 / 1000) * 1000;
  const d = new Date(ms);
  return zone.toUtc([d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]);
}

class FixedZone implements TimeZone {
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
  toUtc(parts: Parts): string {
    return isoOfParts(...parts);
  }
}

/**
 * An IANA zone. The offset of each local hour is computed once (Intl) and cached; a local time
 * in the spring-forward gap moves forward by the gap, a time that occurs twice at the fall-back
 * takes the earlier instant (Temporal's "compatible" disambiguation).
 */
class IanaZone implements TimeZone {
  readonly name: string;
  private readonly format: Intl.DateTimeFormat;
  /** local hour as the number YYYYMMDDHH → offset in minutes (local − UTC) */
  private readonly offsets = new Map<number, number>();

  constructor(name: string) {
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone: name, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      throw new RangeError(`unknown time zone "${name}"`);
    }
    this.name = name;
  }

  toUtc(parts: Parts): string {
    const [year, month, day, hour, minute, second] = parts;
    const key = ((year * 100 + month) * 100 + day) * 100 + hour;
    let offset = this.offsets.get(key);
    if (offset === undefined) {
      offset = this.offsetOfLocal(year, month, day, hour);
      this.offsets.set(key, offset);
    }
    if (offset % 60 === 0) {
      // Whole-hour offset: shift the hour and carry across day, month and year by hand.
      let h = hour - offset / 60;
      let d = day;
      let mo = month;
      let y = year;
      if (h < 0) {
        h += 24;
        d--;
        if (d < 1) {
          mo--;
          if (mo < 1) {
            mo = 12;
            y--;
          }
          d = daysInMonth(y, mo);
        }
      } else if (h > 23) {
        h -= 24;
        d++;
        if (d > daysInMonth(y, mo)) {
          d = 1;
          mo++;
          if (mo > 12) {
            mo = 1;
            y++;
          }
        }
      }
      return isoOfParts(y, mo, d, h, minute, second);
    }
    return isoOfMillis(Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60_000);
  }

  /** Offset (minutes) to subtract from local time at the start of the given local hour. */
  private offsetOfLocal(year: number, month: number, day: number, hour: number): number {
    const local = Date.UTC(year, month - 1, day, hour);
    // Offsets a day apart bracket any transition near this hour.
    const before = this.offsetAt(local - 86_400_000);
    const after = this.offsetAt(local + 86_400_000);
    const candidates = before === after ? [before] : [before, after];
    // Earliest instant whose offset agrees with itself: the earlier one in an overlap.
    for (const offset of candidates) {
      if (this.offsetAt(local - offset * 60_000) === offset) return offset;
    }
    // In a gap no offset agrees: use the one before the transition, which lands after the gap.
    return before;
  }

  private offsetAt(utcMillis: number): number {
    const p = this.format.formatToParts(new Date(utcMillis));
    const get = (type: string) => Number(p.find((x) => x.type === type)!.value);
    const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    return Math.round((asUtc - Math.floor(utcMillis / 1000) * 1000) / 60_000);
  }
}
