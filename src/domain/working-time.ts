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

/** The local date labelled by a UTC midnight. */
function dayAt(utcMidnight: number): LocalDay {
  const d = new Date(utcMidnight);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The instant of a local wall-clock minute of a day; minute 1440 is the next midnight. */
function localInstant(calendar: WorkingCalendar, day: LocalDay, minuteOfDay: number): number {
  if (minuteOfDay === 24 * 60) return localInstant(calendar, dayAt(Date.UTC(day.year, day.month - 1, day.day) + DAY), 0);
  return Date.parse(calendar.zone.toUtc([day.year, day.month, day.day, Math.floor(minuteOfDay / 60), minuteOfDay % 60, 0]));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The working window of a local day, as instants, or undefined on a day off. */
function dayWindow(calendar: WorkingCalendar, day: LocalDay): [number, number] | undefined {
  const weekday = ((new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay() + 6) % 7) + 1;
  if (!calendar.days.has(weekday)) return undefined;
  if (calendar.holidays.has(`${day.year}-${pad(day.month)}-${pad(day.day)}`)) return undefined;
  return [localInstant(calendar, day, calendar.startMinute), localInstant(calendar, day, calendar.endMinute)];
}

/**
 * A calendar's working windows over a span of local days, in order, with the working time before
 * each: the clock answers by bisection instead of walking the days, which a report asks for tens of
 * thousands of MQLs. Every figure is a whole number of milliseconds, so sums are exact.
 */
interface Timeline {
  /** The span, as UTC-midnight day numbers of local dates: [firstDay, endDay). */
  firstDay: number;
  endDay: number;
  starts: number[];
  ends: number[];
  /** Working milliseconds in the span before each window. */
  before: number[];
}

const timelines = new WeakMap<WorkingCalendar, Timeline>();

/** Ten years without a working day means the calendar has none: the clock stops there rather than search on. */
const MAX_DAYS = 3660;

/** The calendar's timeline, widened when needed to cover the local days [fromDay, toDay). */
function timelineCovering(calendar: WorkingCalendar, fromDay: number, toDay: number): Timeline {
  const known = timelines.get(calendar);
  if (known && known.firstDay <= fromDay && toDay <= known.endDay) return known;
  // A week either side at first; a side that must grow at least doubles the span, so that a
  // report's MQLs, spread over a few weeks, rebuild it only a few times. Each day costs two
  // conversions of a local time.
  const span = known ? known.endDay - known.firstDay : 0;
  const firstDay = !known ? fromDay - 7 : fromDay < known.firstDay ? Math.min(fromDay, known.firstDay - span) : known.firstDay;
  const endDay = !known ? toDay + 7 : toDay > known.endDay ? Math.max(toDay, known.endDay + span) : known.endDay;
  const timeline: Timeline = { firstDay, endDay, starts: [], ends: [], before: [] };
  let total = 0;
  for (let day = firstDay; day < endDay; day++) {
    const window = dayWindow(calendar, dayAt(day * DAY));
    if (!window) continue;
    timeline.starts.push(window[0]);
    timeline.ends.push(window[1]);
    timeline.before.push(total);
    total += window[1] - window[0];
  }
  timelines.set(calendar, timeline);
  return timeline;
}

/** The UTC day number of an instant: its local day is this one or a neighbour (offsets are within ±14 h). */
const utcDayOf = (instant: number) => Math.floor(instant / DAY);

/** The first index in [low, high) at which `holds` is true, for a predicate false then true along the range. */
function firstWhere(low: number, high: number, holds: (i: number) => boolean): number {
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (holds(middle)) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Working milliseconds of the timeline before an instant inside its span. */
function workedBefore(timeline: Timeline, instant: number): number {
  const { starts, ends, before } = timeline;
  const next = firstWhere(0, starts.length, (i) => starts[i]! > instant);
  if (next === 0) return 0;
  const i = next - 1;
  return before[i]! + Math.min(instant, ends[i]!) - starts[i]!;
}

/** The instant a duration ends when it starts at `from` (UTC epoch ms). */
export function addDuration(from: number, duration: Duration, calendar: WorkingCalendar): number {
  const minutes = durationMinutes(duration, calendar);
  if (!duration.working) return from + minutes * MINUTE;
  const fromDay = utcDayOf(from);
  const giveUp = (fromDay + MAX_DAYS) * DAY;
  let timeline = timelineCovering(calendar, fromDay - 1, fromDay + 2);
  for (;;) {
    const { starts, ends, before } = timeline;
    // The windows not over at `from`, up to the ten years; the first of them that holds the end of the duration.
    const first = firstWhere(0, ends.length, (i) => ends[i]! > from);
    const last = firstWhere(first, starts.length, (i) => starts[i]! >= giveUp);
    const target = workedBefore(timeline, from) + minutes * MINUTE;
    const i = firstWhere(first, last, (k) => before[k]! + ends[k]! - starts[k]! >= target);
    if (i < last) return starts[i]! + target - before[i]!;
    if (last < starts.length || timeline.endDay >= fromDay + MAX_DAYS) return last > first ? ends[last - 1]! : from;
    timeline = timelineCovering(calendar, fromDay - 1, timeline.endDay + 1);
  }
}

/** Working minutes between two instants (0 when `to` is not after `from`). */
export function workingMinutesBetween(from: number, to: number, calendar: WorkingCalendar): number {
  if (to <= from) return 0;
  // As far as `addDuration` looks: ten years.
  const until = Math.min(to, (utcDayOf(from) + MAX_DAYS - 1) * DAY);
  const timeline = timelineCovering(calendar, utcDayOf(from) - 1, utcDayOf(until) + 2);
  return (workedBefore(timeline, until) - workedBefore(timeline, from)) / MINUTE;
}

/** Minutes a duration lasts, in its own kind of time (working or elapsed). */
export function elapsedMinutes(from: number, to: number, duration: Duration, calendar: WorkingCalendar): number {
  return duration.working ? workingMinutesBetween(from, to, calendar) : Math.max(0, (to - from) / MINUTE);
}

/**
 * A start before which every deadline `addDuration(start)` falls before `instant`, so that a
 * report can fetch only the records started since. Deadlines never go back when the start
 * moves forward, which is what makes the search a bisection. It looks back a day, then twice as
 * far each time, so that the clock only meets the days near the instant.
 */
export function earliestStartDueFrom(instant: number, duration: Duration, calendar: WorkingCalendar): number {
  const LOOK_BACK_DAYS = 400; // due before the instant, unless the calendar has no working day for a year
  let high = instant; // due at or after it
  let low = instant;
  for (let days = 1; ; days = Math.min(days * 2, LOOK_BACK_DAYS)) {
    low = instant - days * 24 * 60 * MINUTE;
    if (addDuration(low, duration, calendar) < instant) break;
    if (days === LOOK_BACK_DAYS) return low;
    high = low;
  }
  while (high - low > MINUTE) {
    const middle = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
    if (middle === low) break;
    if (addDuration(middle, duration, calendar) >= instant) high = middle;
    else low = middle;
  }
  // `low` is due just before the instant; anything after it, even by seconds, may not be.
  return low;
}
