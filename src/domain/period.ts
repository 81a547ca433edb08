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
}

export class PeriodError extends Error {}

const DAY = 86_400_000;
const WEEK = /^(\d{4})-?W(\d{2})$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

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
  if (week < 1 || week > isoWeeksIn(year)) throw new PeriodError(`${year} has no week ${week}`);
  const monday = mondayOfIsoWeek(year, week);
  const nextMonday = new Date(monday.getTime() + 7 * DAY);
  return {
    label: `${year}-W${String(week).padStart(2, '0')}`,
    start: localMidnight(zone, monday.getUTCFullYear(), monday.getUTCMonth() + 1, monday.getUTCDate()),
    end: localMidnight(zone, nextMonday.getUTCFullYear(), nextMonday.getUTCMonth() + 1, nextMonday.getUTCDate()),
  };
}

/** The ISO week label of a local date. */
export function isoWeekLabelOf(year: number, month: number, day: number): string {
  const date = Date.UTC(year, month - 1, day);
  const thursday = new Date(date + (3 - ((new Date(date).getUTCDay() + 6) % 7)) * DAY);
  const weekYear = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - mondayOfIsoWeek(weekYear, 1).getTime()) / (7 * DAY)) + 1;
  return `${weekYear}-W${String(week).padStart(2, '0')}`;
}

/** Local calendar date of an instant in a zone. */
export function localDate(instant: number, zone: TimeZone): { year: number; month: number; day: number } {
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

/** The last ISO week that ended at or before `asOf` (in the zone). */
export function lastCompleteWeek(asOf: number, zone: TimeZone): Period {
  const today = localDate(asOf, zone);
  const current = isoWeek(isoWeekLabelOf(today.year, today.month, today.day), zone);
  const before = localDate(current.start - 1, zone);
  return isoWeek(isoWeekLabelOf(before.year, before.month, before.day), zone);
}

/** `--from` and `--to` are local dates, both included. */
export function dateRange(from: string, to: string, zone: TimeZone): Period {
  const parse = (text: string, flag: string) => {
    const m = DATE.exec(text.trim());
    if (!m) throw new PeriodError(`${flag} ${text}: write a date as YYYY-MM-DD`);
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const check = new Date(Date.UTC(y, mo - 1, d));
    if (check.getUTCMonth() !== mo - 1) throw new PeriodError(`${flag} ${text}: not a date`);
    return { y, mo, d };
  };
  const a = parse(from, '--from');
  const b = parse(to, '--to');
  const start = localMidnight(zone, a.y, a.mo, a.d);
  const next = new Date(Date.UTC(b.y, b.mo - 1, b.d) + DAY);
  const end = localMidnight(zone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
  if (end <= start) throw new PeriodError(`--to ${to} is before --from ${from}`);
  return { label: `${from.trim()}..${to.trim()}`, start, end };
}

/** The period of the same length just before. */
export function previousPeriod(period: Period, zone: TimeZone): Period {
  if (WEEK.test(period.label)) {
    const before = localDate(period.start - 1, zone);
    return isoWeek(isoWeekLabelOf(before.year, before.month, before.day), zone);
  }
  const length = period.end - period.start;
  return { label: `before ${period.label}`, start: period.start - length, end: period.start };
}
