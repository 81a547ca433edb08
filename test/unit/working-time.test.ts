/**
 * The SLA clock, case by case. Madrid and Rome: CET = UTC+1, CEST = UTC+2; summer time in 2026
 * runs from Sun 03-29 to Sun 10-25. Working hours Mon–Fri 09:00–18:00 unless a case says otherwise.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { addDuration, earliestStartDueFrom, parseDuration, workingCalendar, workingMinutesBetween, DurationError, CalendarError, type WorkingCalendarSpec } from '../../src/domain/working-time.ts';

const WEEK: WorkingCalendarSpec = { timezone: 'Europe/Madrid', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' };
const madrid = workingCalendar(WEEK);
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const deadline = (from: string, duration: string, calendar = madrid) => iso(addDuration(at(from), parseDuration(duration), calendar));

describe('parseDuration', () => {
  it.each([
    ['30m', 30, false],
    ['4h', 240, false],
    ['2d', 2880, false],
    ['45 minutes', 45, false],
    ['1 hour', 60, false],
    ['4 working hours', 240, true],
    ['90 working minutes', 90, true],
    ['1.5h', 90, false],
  ])('%s → %d minutes, working %s', (text, minutes, working) => {
    expect(parseDuration(text)).toMatchObject({ minutes, working });
  });
  it('keeps working days in days: their length depends on the calendar', () => {
    expect(parseDuration('2 working days')).toMatchObject({ minutes: -2, working: true });
  });
  it.each(['four hours', '4 weeks', '', 'h4'])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(DurationError);
  });
});

describe('addDuration, working time', () => {
  it.each([
    // The spec's example: Fri 17:00 + 4 working hours = Fri 1 h + Mon 09:00–12:00.
    ['Friday 17:00', '2026-11-20T16:00:00Z', '4 working hours', '2026-11-23T11:00:00Z'],
    // Fri 17:30 CET: 0.5 h on Friday, 3.5 h on Monday → Mon 12:30 CET.
    ['a lead arriving Friday 17:30', '2026-11-20T16:30:00Z', '4 working hours', '2026-11-23T11:30:00Z'],
    // The DST weekend: Fri 10-23 17:30 CEST (15:30Z) → Mon 10-26 12:30 CET (11:30Z).
    ['Friday 17:30 before the clocks go back', '2026-10-23T15:30:00Z', '4 working hours', '2026-10-26T11:30:00Z'],
    // Thu 19:05 CEST is after hours: the clock starts Fri 09:00 → 13:00 CEST = 11:00Z.
    ['starting after hours', '2026-10-22T17:05:00Z', '4 working hours', '2026-10-23T11:00:00Z'],
    // Sat 10:00: the clock starts Mon 09:00 → 13:00 CET.
    ['starting on a Saturday', '2026-11-21T09:00:00Z', '4 working hours', '2026-11-23T12:00:00Z'],
    // Mon 07:30 CET, before hours → 09:00 + 4 h.
    ['starting before hours', '2026-11-23T06:30:00Z', '4 working hours', '2026-11-23T12:00:00Z'],
    // Mon 14:00 + 4 h ends exactly at 18:00 the same day.
    ['ending at closing time', '2026-11-23T13:00:00Z', '4 working hours', '2026-11-23T17:00:00Z'],
    // 2 working days = 18 working hours: Mon 10:00 → Mon 8 h, Tue 9 h, Wed 1 h → Wed 10:00 CET.
    ['two working days', '2026-11-23T09:00:00Z', '2 working days', '2026-11-25T09:00:00Z'],
    // 30 working minutes from Fri 17:45: 15 min Friday, 15 min Monday.
    ['minutes across a weekend', '2026-11-20T16:45:00Z', '30 working minutes', '2026-11-23T08:15:00Z'],
  ])('%s', (_, from, duration, expected) => {
    expect(deadline(from, duration)).toBe(expected);
  });

  it('skips holidays', () => {
    // Mon 11-09 is a Madrid holiday: Fri 11-06 17:00 + 4 h → 1 h Friday, 3 h Tuesday → Tue 12:00 CET.
    const withHoliday = workingCalendar({ ...WEEK, holidays: ['2026-11-09'] });
    expect(deadline('2026-11-06T16:00:00Z', '4 working hours', withHoliday)).toBe('2026-11-10T11:00:00Z');
    expect(deadline('2026-11-06T16:00:00Z', '4 working hours')).toBe('2026-11-09T11:00:00Z');
  });

  it('counts the spring-forward week in Rome', () => {
    const rome = workingCalendar({ ...WEEK, timezone: 'Europe/Rome' });
    // Fri 03-27 16:00 CET (15:00Z): 2 h Friday, 2 h Monday 03-30 → 11:00 CEST = 09:00Z.
    expect(deadline('2026-03-27T15:00:00Z', '4 working hours', rome)).toBe('2026-03-30T09:00:00Z');
  });

  it('uses other working days and hours', () => {
    // Mon–Sat 08:00–14:00: Fri 13:00 + 4 h → 1 h Friday, Sat 08:00–11:00 → Sat 11:00 CET.
    const shop = workingCalendar({ ...WEEK, days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'], start: '08:00', end: '14:00' });
    expect(deadline('2026-11-20T12:00:00Z', '4 working hours', shop)).toBe('2026-11-21T10:00:00Z');
  });
});

describe('addDuration, elapsed time', () => {
  it('counts every minute, weekends and nights included', () => {
    expect(deadline('2026-11-20T16:30:00Z', '4h')).toBe('2026-11-20T20:30:00Z');
    expect(deadline('2026-11-20T16:30:00Z', '2d')).toBe('2026-11-22T16:30:00Z');
  });
});

describe('workingMinutesBetween', () => {
  it.each([
    // fixtures/README.md, 1207655066: MQL Fri 10-23 17:30 CEST, touch Tue 10-27 10:00 CET → 0.5 + 9 + 1 = 10.5 h.
    ['2026-10-23T15:30:00Z', '2026-10-27T09:00:00Z', 630],
    // 701235003: MQL Thu 10-22 19:05 CEST (after hours), touch Fri 10-23 09:45 → 45 min.
    ['2026-10-22T17:05:00Z', '2026-10-23T07:45:00Z', 45],
    // 1207656511: Tue 11-03 10:00 → Wed 11-04 16:00 CET: 8 h + 7 h = 15 h.
    ['2026-11-03T09:00:00Z', '2026-11-04T15:00:00Z', 900],
    // Saturday to Sunday: no working time.
    ['2026-11-21T09:00:00Z', '2026-11-22T17:00:00Z', 0],
    // Backwards: 0.
    ['2026-11-23T10:00:00Z', '2026-11-23T09:00:00Z', 0],
  ])('%s → %s: %d working minutes', (from, to, minutes) => {
    expect(workingMinutesBetween(at(from), at(to), madrid)).toBe(minutes);
  });
});

describe('workingCalendar', () => {
  it.each([
    [{ ...WEEK, timezone: 'Europe/Madird' }, 'unknown time zone "Europe/Madird"'],
    [{ ...WEEK, start: '9am' }, 'working hours start "9am" is not a time (HH:mm)'],
    [{ ...WEEK, start: '18:00', end: '09:00' }, 'working hours end 09:00 is not after their start 18:00'],
    [{ ...WEEK, days: [] }, 'working days are empty'],
  ])('refuses a bad calendar: %s', (spec, message) => {
    expect(() => workingCalendar(spec as WorkingCalendarSpec)).toThrow(CalendarError);
    expect(() => workingCalendar(spec as WorkingCalendarSpec)).toThrow(message);
  });
});

describe('earliestStartDueFrom: where a report starts fetching MQLs', () => {
  it('finds the start whose deadline is just before the instant, across a weekend', () => {
    // Monday 2026-11-16 00:00 CET (= 11-15T23:00Z). 4 working hours back: Fri 11-13 14:00–18:00 CET,
    // so an MQL at Fri 14:00 CET (13:00Z) falls due Fri 18:00, before Monday; one a minute later, due Mon 09:01.
    const start = earliestStartDueFrom(at('2026-11-15T23:00:00Z'), parseDuration('4 working hours'), madrid);
    expect(addDuration(start, parseDuration('4 working hours'), madrid)).toBeLessThan(at('2026-11-15T23:00:00Z'));
    expect(iso(start)).toBe('2026-11-13T13:00:00Z');
  });
  it('gives a start no later than any record due at or after the instant', () => {
    const within = parseDuration('2 working days');
    const instant = at('2026-11-16T08:00:00Z');
    const start = earliestStartDueFrom(instant, within, madrid);
    // Every minute from the start on is due at or after the instant, save possibly the start itself.
    for (let t = start + 60_000; t < start + 3 * 3_600_000; t += 15 * 60_000) expect(addDuration(t, within, madrid)).toBeGreaterThanOrEqual(instant);
  });
});

describe('the clock over long spans', () => {
  it('crosses years without a working day', () => {
    // Sundays only, and every day from 2026-01-01 to 2029-06-30 a holiday. Sun 2025-12-28 17:00 CET
    // + 4 working hours: 1 h that day, then the next working Sunday, 2029-07-01, 09:00–12:00 CEST = 10:00Z.
    const holidays: string[] = [];
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2029, 6, 1); t += 86_400_000) holidays.push(new Date(t).toISOString().slice(0, 10));
    const sundays = workingCalendar({ ...WEEK, days: ['sun'], holidays });
    expect(deadline('2025-12-28T16:00:00Z', '4 working hours', sundays)).toBe('2029-07-01T10:00:00Z');
    expect(workingMinutesBetween(at('2025-12-28T16:00:00Z'), at('2029-07-01T10:00:00Z'), sundays)).toBe(240);
  });

  it('agrees with itself: the working time to a deadline is the duration, at any start', () => {
    const durations = ['4 working hours', '30 working minutes', '2 working days'].map(parseDuration);
    // Every 7 h 13 min for two years, across both daylight-saving changes and a holiday.
    const withHoliday = workingCalendar({ ...WEEK, holidays: ['2026-11-09', '2026-12-25'] });
    for (let from = at('2025-11-01T00:00:00Z'); from < at('2027-11-01T00:00:00Z'); from += (7 * 60 + 13) * 60_000) {
      for (const duration of durations) {
        const end = addDuration(from, duration, withHoliday);
        const minutes = duration.minutes < 0 ? -duration.minutes * 9 * 60 : duration.minutes;
        expect(workingMinutesBetween(from, end, withHoliday)).toBe(minutes);
        expect(end).toBeGreaterThanOrEqual(from);
      }
    }
  });
});

/**
 * Evaluates `expression` (with the clock's exports, `madrid`, `at`, `iso` and `h4` in scope) in a
 * child process and returns its value as JSON, or the error it threw as "Name: message". A loop
 * that never ends blocks the process it runs in, test runner included (a test's timeout cannot
 * stop synchronous code): the child is killed after a few seconds and the answer is "hung".
 */
function promptly(expression: string, ms = 4000): string {
  const clock = fileURLToPath(new URL('../../src/domain/working-time.ts', import.meta.url));
  const source = `import * as clock from ${JSON.stringify(clock)};
const { addDuration, earliestStartDueFrom, parseDuration, workingCalendar, workingMinutesBetween } = clock;
const madrid = workingCalendar(${JSON.stringify(WEEK)});
const at = (text) => Date.parse(text);
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
const h4 = parseDuration('4 working hours');
try { console.log(JSON.stringify(${expression})); } catch (error) { console.log(error.constructor.name + ': ' + error.message); }`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', source], { encoding: 'utf8', timeout: ms });
  if (run.error || run.signal) return `hung: no answer in ${ms} ms`;
  return `${run.stdout.trim()}${run.stderr.trim() ? ` (stderr: ${run.stderr.trim()})` : ''}`;
}

describe('the clock always answers, and at once', () => {
  it('refuses a start that is no instant, which it searched from for ever', () => {
    const refusal = 'CalendarError: the SLA clock counts from the year 1000 to 9999, not from NaN';
    expect(promptly('addDuration(NaN, h4, madrid)')).toBe(refusal);
    expect(promptly('earliestStartDueFrom(NaN, h4, madrid)')).toBe(refusal);
    expect(promptly('workingMinutesBetween(at("2026-11-16T09:00:00Z"), NaN, madrid)')).toBe(refusal);
    // Past what a Date holds, or years no period, record or deadline is in.
    expect(() => addDuration(8.64e15 + 1, parseDuration('4 working hours'), madrid)).toThrow('the SLA clock counts from the year 1000 to 9999, not from 8640000000000001');
    expect(() => addDuration(at('0999-12-31T23:59:59Z'), parseDuration('4 working hours'), madrid)).toThrow('not from 0999-12-31T23:59:59.000Z');
    expect(() => workingMinutesBetween(at('2026-11-16T09:00:00Z'), at('+010000-01-01T00:00:00Z'), madrid)).toThrow(CalendarError);
  }, 15_000);

  it('answers deadlines in 1900 and in 2199 in one report without counting the centuries between', () => {
    // The clock kept one run of working days from the earliest day asked to the latest: ten seconds here.
    const answer = promptly(`[1900, 2199, 1900, 2199].map((y) => iso(addDuration(at(y + '-06-01T10:00:00Z'), h4, madrid)))
      .concat([iso(earliestStartDueFrom(at('1900-01-01T00:00:00Z'), h4, madrid)), iso(earliestStartDueFrom(at('2199-12-31T00:00:00Z'), h4, madrid))])`, 2500);
    // Madrid kept its local mean time (UTC−0:14:44, to the minute −0:15) until 1901; 2199-06-01 is a Saturday.
    expect(JSON.parse(answer)).toEqual(['1900-06-01T14:00:00Z', '2199-06-03T11:00:00Z', '1900-06-01T14:00:00Z', '2199-06-03T11:00:00Z', '1899-12-29T14:15:00Z', '2199-12-30T13:00:00Z']);
  }, 15_000);

  it('refuses a calendar without working time, whose clock ran ten years to a wrong deadline', () => {
    // workingCalendar refuses it; one built by hand (start == end) made 4 working hours end in 2036.
    expect(() => workingCalendar({ ...WEEK, end: '09:00' })).toThrow('working hours end 09:00 is not after their start 09:00');
    const empty = { ...madrid, endMinute: madrid.startMinute };
    expect(() => addDuration(at('2026-03-02T10:00:00Z'), parseDuration('4 working hours'), empty)).toThrow('the calendar has no working time: its working hours are empty or it has no working day');
    expect(() => workingMinutesBetween(at('2026-03-02T10:00:00Z'), at('2026-03-09T10:00:00Z'), { ...madrid, days: new Set<number>() })).toThrow(CalendarError);
    // An elapsed duration needs no working time.
    expect(deadline('2026-03-02T10:00:00Z', '2d', empty)).toBe('2026-03-04T10:00:00Z');
  }, 15_000);

  it('stops at ten years when every working day is a holiday', () => {
    // Mondays only, each one a holiday from 2026 to 2039: the clock gives up at once and says the start.
    const answer = promptly(`(() => {
      const holidays = [];
      for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2040, 0, 1); t += 86_400_000) holidays.push(new Date(t).toISOString().slice(0, 10));
      const never = workingCalendar({ ...${JSON.stringify(WEEK)}, days: ['mon'], holidays });
      return [iso(addDuration(at('2026-03-02T10:00:00Z'), h4, never)), workingMinutesBetween(at('2026-03-02T10:00:00Z'), at('2039-01-01T00:00:00Z'), never)];
    })()`);
    expect(JSON.parse(answer)).toEqual(['2026-03-02T10:00:00Z', 0]);
  }, 15_000);

  it('counts a deadline past 2200 and a touch 200 years late at once', () => {
    // Wed 2200-12-31 17:00 CET + 2 working days (18 h): 1 h, 9 h on New Year's Day (no holiday here), 8 h.
    expect(deadline('2200-12-31T16:00:00Z', '2 working days')).toBe('2201-01-02T16:00:00Z');
    // The working time between two instants is counted over ten years at most: as far as a deadline is looked for.
    const started = performance.now();
    expect(workingMinutesBetween(at('2026-01-05T08:00:00Z'), at('2226-01-05T08:00:00Z'), madrid)).toBe(1_412_100);
    expect(performance.now() - started).toBeLessThan(3000);
  }, 15_000);
});

