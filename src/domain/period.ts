/**
 * The period a check or report covers: an ISO week (`2026-W47`) or a range of local dates,
 * in the SLA's time zone, as half-open UTC instants [start, end).
 */
import type { TimeZone } from './dates.ts';

export interface Period {
  /** `2026-W47` or `2026-11-16..2026-11-22`. */
  label: string;
  start: number;
  end: number;
  /**
   * Local calendar days covered: 7 for an ISO week, N for a range of N dates, whatever daylight
   * saving does to the hours in between. Targets scale with it (`weeksIn`), never with end − start.
   */
  days: number;
  /**
   * How the period was given: an ISO week, or a range of local dates (`--from`/`--to`, or a
   * previous period). Set by every constructor here; `previousPeriod` reads it (and, when a
   * Period was built by hand without it, falls back to the label's shape).
   */
  kind?: 'week' | 'range';
}

export class PeriodError extends Error {}

/** The number of weeks a per-week target covers in a period: its local calendar days / 7. */
export function weeksIn(period: Period): number {
  return period.days / 7;
}

const DAY = 86_400_000;
const WEEK = /^(\d{4})-?W(\d{2})$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Years a period may be given in: outside them dates are typos (0050-01-01), not periods. */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2200;

/** A local calendar date as a day count since 1970-01-01 (years ≥ 100 only: Date.UTC maps 0–99 to 19xx). */
function dayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / DAY;
}

function dateOfDayNumber(n: number): { year: number; month: number; day: number } {
  const d = new Date(n * DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const dateText = (n: number) => {
  const { year, month, day } = dateOfDayNumber(n);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
};

function daysInMonth(year: number, month: number): number {
  return dayNumber(year, month + 1, 1) - dayNumber(year, month, 1);
}

/** Local midnight of a day number, as a UTC instant. */
function midnightOf(zone: TimeZone, n: number): number {
  const { year, month, day } = dateOfDayNumber(n);
  const instant = localMidnight(zone, year, month, day);
  if (!Number.isFinite(instant)) throw new PeriodError(`no local midnight on ${dateText(n)} in ${zone.name}`);
  return instant;
}

/** The local dates first..last (day numbers, both included) as a range period labelled with them. */
function rangeOfDays(first: number, last: number, zone: TimeZone): Period {
  return {
    label: `${dateText(first)}..${dateText(last)}`,
    start: midnightOf(zone, first),
    end: midnightOf(zone, last + 1),
    days: last - first + 1,
    kind: 'range',
  };
}

function localMidnight(zone: TimeZone, year: number, month: number, day: number): number {
  return Date.parse(zone.toUtc([year, month, day, 0, 0, 0]));
}

/** The Monday (as a UTC date) of ISO week `week` of `year`. */
function mondayOfIsoWeek(year: number, week: number): Date {
  // 4 January is always in week 1.
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const mondayOfWeek1 = jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * DAY;
  return new Date(mondayOfWeek1 + (week - 1) * 7 * DAY);
}

function isoWeeksIn(year: number): number {
  // A year has 53 weeks when 28 December falls in week 53.
  const dec28 = new Date(Date.UTC(year, 11, 28));
  const monday = mondayOfIsoWeek(year, 1).getTime();
  return Math.floor((dec28.getTime() - monday) / (7 * DAY)) + 1;
}

export function isoWeek(label: string, zone: TimeZone): Period {
  const m = WEEK.exec(label.trim());
  if (!m) throw new PeriodError(`"${label}" is not an ISO week; write it as 2026-W47`);
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (year < FIRST_YEAR || year > LAST_YEAR) throw new PeriodError(`${label.trim()}: the year must be between ${FIRST_YEAR} and ${LAST_YEAR}`);
  if (week < 1 || week > isoWeeksIn(year)) throw new PeriodError(`${year} has no week ${week}`);
  return weekPeriod(year, week, zone);
}

/** ISO week `week` of `year`, already checked to exist. */
function weekPeriod(year: number, week: number, zone: TimeZone): Period {
  const monday = mondayOfIsoWeek(year, week).getTime() / DAY;
  return {
    label: `${pad(year, 4)}-W${pad(week)}`,
    start: midnightOf(zone, monday),
    end: midnightOf(zone, monday + 7),
    days: 7,
    kind: 'week',
  };
}

/** The ISO week containing a local date. */
function weekOf(year: number, month: number, day: number, zone: TimeZone): Period {
  const m = WEEK.exec(isoWeekLabelOf(year, month, day))!;
  return weekPeriod(Number(m[1]), Number(m[2]), zone);
}

/** The ISO week label of a local date. */
export function isoWeekLabelOf(year: number, month: number, day: number): string {
  const date = Date.UTC(year, month - 1, day);
  const thursday = new Date(date + (3 - ((new Date(date).getUTCDay() + 6) % 7)) * DAY);
  const weekYear = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - mondayOfIsoWeek(weekYear, 1).getTime()) / (7 * DAY)) + 1;
  return `${pad(weekYear, 4)}-W${pad(week)}`;
}

/** Local calendar date of an instant in a zone. */
export function localDate(instant: number, zone: TimeZone): { year: number; month: number; day: number } {
  if (Number.isNaN(new Date(instant).getTime())) throw new PeriodError(`no local date for ${instant}: not an instant`);
  // The zone's offset at that instant, found by converting the UTC wall-clock back.
  const guess = new Date(instant);
  for (const shift of [0, 1, -1]) {
    const d = new Date(Date.UTC(guess.getUTCFullYear(), guess.getUTCMonth(), guess.getUTCDate()) + shift * DAY);
    const start = localMidnight(zone, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
    const next = new Date(d.getTime() + DAY);
    const end = localMidnight(zone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
    if (start <= instant && instant < end) return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
  }
  throw new PeriodError(`no local date for ${guess.toISOString()}`);
}

/**
 * The last ISO week that ended at or before `asOf` (in the zone): the week before the one holding
 * its local date. Only that week must be in the years a period may be in (the as-of of 2200-12-31
 * is in 2201-W01, and its last complete week is 2200-W52).
 */
export function lastCompleteWeek(asOf: number, zone: TimeZone): Period {
  const today = localDate(asOf, zone);
  const todayText = `${pad(today.year, 4)}-${pad(today.month)}-${pad(today.day)}`;
  // Day numbers hold years from 100 on (see dayNumber): earlier ones are out of range anyway.
  if (today.year < FIRST_YEAR || today.year > LAST_YEAR + 1) throw new PeriodError(`the as-of ${todayText}: the year must be between ${FIRST_YEAR} and ${LAST_YEAR}`);
  const n = dayNumber(today.year, today.month, today.day);
  const monday = n - ((new Date(n * DAY).getUTCDay() + 6) % 7);
  const before = dateOfDayNumber(monday - 1);
  const m = WEEK.exec(isoWeekLabelOf(before.year, before.month, before.day))!;
  const year = Number(m[1]);
  if (year < FIRST_YEAR || year > LAST_YEAR) throw new PeriodError(`the last complete week before the as-of ${todayText} is ${m[0]}: the year must be between ${FIRST_YEAR} and ${LAST_YEAR}; give --week or --from/--to`);
  return weekPeriod(year, Number(m[2]), zone);
}

/** `--from` and `--to` are local dates, both included. */
export function dateRange(from: string, to: string, zone: TimeZone): Period {
  const parse = (text: string, flag: string) => {
    const m = DATE.exec(text.trim());
    if (!m) throw new PeriodError(`${flag} ${text}: write a date as YYYY-MM-DD`);
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (y < FIRST_YEAR || y > LAST_YEAR) throw new PeriodError(`${flag} ${text}: the year must be between ${FIRST_YEAR} and ${LAST_YEAR}`);
    if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw new PeriodError(`${flag} ${text}: not a date`);
    return dayNumber(y, mo, d);
  };
  const first = parse(from, '--from');
  const last = parse(to, '--to');
  if (last < first) throw new PeriodError(`--to ${to} is before --from ${from}`);
  return rangeOfDays(first, last, zone);
}

/**
 * The period just before, labelled with its own dates (or ISO week): the previous ISO week for a
 * week; for a range of whole calendar months (the 1st to the last day of a month), as many whole
 * months just before (February → January, a quarter → the quarter before); for any other range,
 * as many local calendar days just before.
 */
export function previousPeriod(period: Period, zone: TimeZone): Period {
  const kind = period.kind ?? (WEEK.test(period.label) ? 'week' : 'range');
  const f = localDate(period.start, zone);
  if (kind === 'week') {
    const before = dateOfDayNumber(dayNumber(f.year, f.month, f.day) - 1);
    return weekOf(before.year, before.month, before.day, zone);
  }
  const l = localDate(period.end - 1, zone);
  const first = dayNumber(f.year, f.month, f.day);
  const last = dayNumber(l.year, l.month, l.day);
  if (f.day === 1 && l.day === daysInMonth(l.year, l.month)) {
    // Months counted from year 0: the same number of whole months, ending with the month before.
    const firstMonth = f.year * 12 + (f.month - 1);
    const months = l.year * 12 + (l.month - 1) - firstMonth + 1;
    const startMonth = firstMonth - months;
    const start = dayNumber(Math.floor(startMonth / 12), (startMonth % 12) + 1, 1);
    return rangeOfDays(start, first - 1, zone);
  }
  return rangeOfDays(first - (last - first + 1), first - 1, zone);
}
