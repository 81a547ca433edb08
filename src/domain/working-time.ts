/**
 * The SLA clock: durations such as `4 working hours` count only the agreed working time (days,
 * hours, holidays) in the agreed time zone. "4 working hours" from Friday 17:00 in Madrid ends
 * Monday 12:00 when working hours are 9–18. Instants are UTC epoch milliseconds; working days,
 * hours and holidays are local to the calendar's zone, across daylight-saving changes.
 */
import { timeZone, type TimeZone } from './dates.ts';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface WorkingCalendarSpec {
  timezone: string;
  days: readonly Weekday[];
  /** `HH:mm`, local. */
  start: string;
  end: string;
  /** Local dates `YYYY-MM-DD` on which nobody works. */
  holidays?: readonly string[];
}

export interface WorkingCalendar {
  readonly zone: TimeZone;
  /** ISO weekday numbers, Monday = 1. */
  readonly days: ReadonlySet<number>;
  /** Minutes after local midnight. */
  readonly startMinute: number;
  readonly endMinute: number;
  readonly holidays: ReadonlySet<string>;
}

export interface Duration {
  /** Length in minutes: of working time when `working`, of elapsed time otherwise. */
  minutes: number;
  working: boolean;
  /** As written, for messages. */
  text: string;
}

export class DurationError extends Error {}
export class CalendarError extends Error {}

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

export function workingCalendar(spec: WorkingCalendarSpec): WorkingCalendar {
  let zone: TimeZone;
  try {
    zone = timeZone(spec.timezone);
  } catch {
    throw new CalendarError(`unknown time zone "${spec.timezone}"`);
  }
  const start = TIME.exec(spec.start);
  const end = TIME.exec(spec.end);
  if (!start) throw new CalendarError(`working hours start "${spec.start}" is not a time (HH:mm)`);
  if (!end) throw new CalendarError(`working hours end "${spec.end}" is not a time (HH:mm)`);
  const startMinute = Number(start[1]) * 60 + Number(start[2]);
  const endMinute = Number(end[1]) * 60 + Number(end[2]);
  if (endMinute <= startMinute) throw new CalendarError(`working hours end ${spec.end} is not after their start ${spec.start}`);
  if (spec.days.length === 0) throw new CalendarError('working days are empty: name at least one of mon … sun');
  return {
    zone,
    days: new Set(spec.days.map((d) => WEEKDAYS.indexOf(d) + 1)),
    startMinute,
    endMinute,
    holidays: new Set(spec.holidays ?? []),
  };
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(working\s+)?(m|min|mins|minutes?|h|hours?|d|days?)$/i;

/** `30m`, `4h`, `2d`, `45 minutes`, `4 working hours`, `2 working days`. */
export function parseDuration(text: string): Duration {
  const m = DURATION.exec(text.trim());
  if (!m) {
    throw new DurationError(`"${text}" is not a duration; write e.g. 30m, 4h, 2d, "4 working hours" or "2 working days"`);
  }
  const amount = Number(m[1]);
  const working = m[2] !== undefined;
  const unit = m[3]!.toLowerCase()[0];
  if (unit === 'd' && !working) return { minutes: amount * 24 * 60, working, text };
  // A working day is one day's working hours: its minutes depend on the calendar.
  if (unit === 'd') return { minutes: -amount, working, text };
  return { minutes: unit === 'h' ? amount * 60 : amount, working, text };
}

/** Working minutes in one working day of the calendar. */
function dayLength(calendar: WorkingCalendar): number {
  return calendar.endMinute - calendar.startMinute;
}

function durationMinutes(duration: Duration, calendar: WorkingCalendar): number {
  return duration.minutes < 0 ? -duration.minutes * dayLength(calendar) : duration.minutes;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

interface LocalDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** The local calendar day an instant falls on, and the next ones. */
function localDayOf(calendar: WorkingCalendar, instant: number): LocalDay {
  // The zone's offset is at most ±14 h: try the UTC date and its neighbours.
  const utcDay = Math.floor(instant / DAY) * DAY;
  for (const shift of [-1, 0, 1]) {
    const day = dayAt(utcDay + shift * DAY);
    const start = localInstant(calendar, day, 0);
    const next = nextDay(day);
    if (start <= instant && instant < localInstant(calendar, next, 0)) return day;
  }
  throw new Error(`no local day found for ${new Date(instant).toISOString()}`);
}

function nextDay(day: LocalDay): LocalDay {
  return dayAt(Date.UTC(day.year, day.month - 1, day.day) + DAY);
}

/** The days already met, by their UTC midnight: the clock walks the same few hundred days over and over. */
const days = new Map<number, LocalDay>();

function dayAt(utcMidnight: number): LocalDay {
  let day = days.get(utcMidnight);
  if (!day) {
    const d = new Date(utcMidnight);
    days.set(utcMidnight, (day = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() }));
  }
  return day;
}

/**
 * Per calendar, the local minutes already converted. A report or check asks for the same few
 * hundred day boundaries tens of thousands of times, and each conversion formats and parses a date.
 */
const instants = new WeakMap<WorkingCalendar, Map<number, number>>();

/** A calendar's own memo in `memos`, made on first use. */
function memoOf<V>(memos: WeakMap<WorkingCalendar, Map<number, V>>, calendar: WorkingCalendar): Map<number, V> {
  let memo = memos.get(calendar);
  if (!memo) memos.set(calendar, (memo = new Map()));
  return memo;
}

/** The instant of a local wall-clock minute of a day. */
function localInstant(calendar: WorkingCalendar, day: LocalDay, minuteOfDay: number): number {
  const known = memoOf(instants, calendar);
  const key = Date.UTC(day.year, day.month - 1, day.day) / MINUTE + minuteOfDay;
  let instant = known.get(key);
  if (instant === undefined) {
    const hour = Math.floor(minuteOfDay / 60);
    instant = hour === 24
      ? localInstant(calendar, nextDay(day), 0)
      : Date.parse(calendar.zone.toUtc([day.year, day.month, day.day, hour, minuteOfDay % 60, 0]));
    known.set(key, instant);
  }
  return instant;
}

const pad = (n: number) => String(n).padStart(2, '0');

const windows = new WeakMap<WorkingCalendar, Map<number, [number, number] | null>>();

/** The working window of a local day, as instants, or undefined on a day off. */
function windowOf(calendar: WorkingCalendar, day: LocalDay): [number, number] | undefined {
  const known = memoOf(windows, calendar);
  const key = Date.UTC(day.year, day.month - 1, day.day);
  let window = known.get(key);
  if (window === undefined) known.set(key, (window = dayWindow(calendar, day) ?? null));
  return window ?? undefined;
}

function dayWindow(calendar: WorkingCalendar, day: LocalDay): [number, number] | undefined {
  const weekday = ((new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay() + 6) % 7) + 1;
  if (!calendar.days.has(weekday)) return undefined;
  if (calendar.holidays.has(`${day.year}-${pad(day.month)}-${pad(day.day)}`)) return undefined;
  return [localInstant(calendar, day, calendar.startMinute), localInstant(calendar, day, calendar.endMinute)];
}

/** Visits the working windows from the local day of `from` on, clipped to start at `from`. */
function* windowsFrom(calendar: WorkingCalendar, from: number): Generator<[number, number]> {
  let day = localDayOf(calendar, from);
  // Ten years without a working day means the calendar has none: stop rather than loop.
  for (let i = 0; i < 3660; i++) {
    const window = windowOf(calendar, day);
    if (window && window[1] > from) yield [Math.max(window[0], from), window[1]];
    day = nextDay(day);
  }
}

/** The instant a duration ends when it starts at `from` (UTC epoch ms). */
export function addDuration(from: number, duration: Duration, calendar: WorkingCalendar): number {
  const minutes = durationMinutes(duration, calendar);
  if (!duration.working) return from + minutes * MINUTE;
  let left = minutes * MINUTE;
  let lastEnd = from;
  for (const [start, end] of windowsFrom(calendar, from)) {
    if (left <= end - start) return start + left;
    left -= end - start;
    lastEnd = end;
  }
  return lastEnd;
}

/** Working minutes between two instants (0 when `to` is not after `from`). */
export function workingMinutesBetween(from: number, to: number, calendar: WorkingCalendar): number {
  if (to <= from) return 0;
  let total = 0;
  for (const [start, end] of windowsFrom(calendar, from)) {
    if (start >= to) break;
    total += Math.min(end, to) - start;
    if (end >= to) break;
  }
  return total / MINUTE;
}

/** Minutes a duration lasts, in its own kind of time (working or elapsed). */
export function elapsedMinutes(from: number, to: number, duration: Duration, calendar: WorkingCalendar): number {
  return duration.working ? workingMinutesBetween(from, to, calendar) : Math.max(0, (to - from) / MINUTE);
}

/**
 * A start before which every deadline `addDuration(start)` falls before `instant`, so that a
 * report can fetch only the records started since. Deadlines never go back when the start
 * moves forward, which is what makes the search a bisection.
 */
export function earliestStartDueFrom(instant: number, duration: Duration, calendar: WorkingCalendar): number {
  let low = instant - 400 * 24 * 60 * MINUTE; // due before the instant, unless the calendar has no working day for a year
  let high = instant; // due at or after it
  if (addDuration(low, duration, calendar) >= instant) return low;
  while (high - low > MINUTE) {
    const middle = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
    if (middle === low) break;
    if (addDuration(middle, duration, calendar) >= instant) high = middle;
    else low = middle;
  }
  // `low` is due just before the instant; anything after it, even by seconds, may not be.
  return low;
}
