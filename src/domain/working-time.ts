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

/** A problem of a calendar's spec, and the part of it that has the problem. */
export interface CalendarProblem {
  at: 'timezone' | 'start' | 'end' | 'days';
  message: string;
}

const minuteOf = (time: RegExpExecArray) => Number(time[1]) * 60 + Number(time[2]);

/** `HH:mm`, as the SLA's schema has it. */
export const isTimeOfDay = (text: string): boolean => TIME.test(text);

/**
 * Every problem of the parts of a calendar's spec that are given, each said once: an unknown zone
 * does not hide hours that end before they start. `workingCalendar` throws the first.
 */
export function calendarProblems(spec: Partial<Pick<WorkingCalendarSpec, 'timezone' | 'start' | 'end' | 'days'>>): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  if (spec.timezone !== undefined) {
    try {
      timeZone(spec.timezone);
    } catch {
      problems.push({ at: 'timezone', message: `unknown time zone "${spec.timezone}"` });
    }
  }
  const start = spec.start === undefined ? null : TIME.exec(spec.start);
  const end = spec.end === undefined ? null : TIME.exec(spec.end);
  if (spec.start !== undefined && !start) problems.push({ at: 'start', message: `working hours start "${spec.start}" is not a time (HH:mm)` });
  if (spec.end !== undefined && !end) problems.push({ at: 'end', message: `working hours end "${spec.end}" is not a time (HH:mm)` });
  // A working day has working time: a night shift (22:00–06:00) or an empty one (09:00–09:00) is not one.
  if (start && end && minuteOf(end) <= minuteOf(start)) problems.push({ at: 'end', message: `working hours end ${spec.end} is not after their start ${spec.start}` });
  if (spec.days !== undefined && spec.days.length === 0) problems.push({ at: 'days', message: 'working days are empty: name at least one of mon … sun' });
  return problems;
}

export function workingCalendar(spec: WorkingCalendarSpec): WorkingCalendar {
  const [problem] = calendarProblems(spec);
  if (problem) throw new CalendarError(problem.message);
  const zone = timeZone(spec.timezone);
  const startMinute = minuteOf(TIME.exec(spec.start)!);
  const endMinute = minuteOf(TIME.exec(spec.end)!);
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

/** A calendar's timelines, the last used first: one per region of time the clock was asked about. */
const timelines = new WeakMap<WorkingCalendar, Timeline[]>();
/** Regions kept per calendar: a report asks about its period, the one before, and the MQLs of both. */
const MAX_TIMELINES = 8;

/** Ten years without a working day means the calendar has none: the clock stops there rather than search on. */
const MAX_DAYS = 3660;

/**
 * A timeline of the calendar covering the local days [fromDay, toDay): a known one, one widened,
 * or a new one. Each day costs two conversions of a local time (some 30 µs), so days far from
 * every known timeline (a period of 1900 in a report of 2026 MQLs) get a timeline of their own
 * rather than one across the centuries between.
 */
function timelineCovering(calendar: WorkingCalendar, fromDay: number, toDay: number): Timeline {
  const list = timelines.get(calendar) ?? [];
  timelines.set(calendar, list);
  const last = list[0];
  if (last && last.firstDay <= fromDay && toDay <= last.endDay) return last;
  const covering = list.findIndex((t) => t.firstDay <= fromDay && toDay <= t.endDay);
  if (covering >= 0) {
    const [timeline] = list.splice(covering, 1);
    list.unshift(timeline!);
    return timeline!;
  }
  // Widened when the days are no further from it than it is long; else a new one.
  const near = list.findIndex((t) => Math.max(fromDay - t.endDay, t.firstDay - toDay) <= t.endDay - t.firstDay);
  const known = near >= 0 ? list.splice(near, 1)[0] : undefined;
  const timeline = buildTimeline(calendar, known, fromDay, toDay);
  // What the new one covers, no other needs to.
  const kept = list.filter((t) => t.firstDay < timeline.firstDay || t.endDay > timeline.endDay).slice(0, MAX_TIMELINES - 1);
  list.splice(0, list.length, timeline, ...kept);
  return timeline;
}

/** A timeline over [fromDay, toDay), grown from `known` when given. */
function buildTimeline(calendar: WorkingCalendar, known: Timeline | undefined, fromDay: number, toDay: number): Timeline {
  // A week either side at first; a side that must grow at least doubles the span, so that a
  // report's MQLs, spread over a few weeks, rebuild it only a few times.
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
  return timeline;
}

/**
 * The instants the clock counts: from year 1000 to 9999, far around the years a period may be in
 * (1900–2200) and the deadlines after them. Anything else (NaN from a date that is none, an instant
 * past what a Date holds) is a bug upstream, said at once: the clock would search on forever.
 */
const FIRST_INSTANT = Date.UTC(1000, 0, 1);
const END_INSTANT = Date.UTC(10000, 0, 1);

function checkInstant(instant: number): void {
  if (instant >= FIRST_INSTANT && instant < END_INSTANT) return;
  const date = new Date(instant);
  throw new CalendarError(`the SLA clock counts from the year 1000 to 9999, not from ${Number.isNaN(date.getTime()) ? String(instant) : date.toISOString()}`);
}

/** A calendar built by hand (not by `workingCalendar`) may have no working time: the clock would count for ever. */
function checkWorkingTime(calendar: WorkingCalendar): void {
  if (calendar.endMinute <= calendar.startMinute || calendar.days.size === 0) throw new CalendarError('the calendar has no working time: its working hours are empty or it has no working day');
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
  checkInstant(from);
  const minutes = durationMinutes(duration, calendar);
  if (!duration.working) return from + minutes * MINUTE;
  checkWorkingTime(calendar);
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
  checkInstant(from);
  checkInstant(to);
  if (to <= from) return 0;
  checkWorkingTime(calendar);
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
  checkInstant(instant);
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
