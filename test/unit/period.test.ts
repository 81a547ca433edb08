import { describe, expect, it } from 'vitest';
import { dateRange, isoWeek, isoWeekLabelOf, lastCompleteWeek, localDate, previousPeriod, PeriodError, weeksIn } from '../../src/domain/period.ts';
import { timeZone } from '../../src/domain/dates.ts';

const madrid = timeZone('Europe/Madrid');
const newYork = timeZone('America/New_York');
const iso = (ms: number) => new Date(ms).toISOString();
const hours = (p: { start: number; end: number }) => (p.end - p.start) / 3_600_000;

describe('ISO weeks in the SLA time zone', () => {
  it('2026-W47 is Mon 11-16 to Mon 11-23, local midnight (CET = UTC+1)', () => {
    const week = isoWeek('2026-W47', madrid);
    expect([week.label, iso(week.start), iso(week.end)]).toEqual(['2026-W47', '2026-11-15T23:00:00.000Z', '2026-11-22T23:00:00.000Z']);
  });
  it('a week across the end of summer time is 169 hours long', () => {
    // W43: Mon 10-19 00:00 CEST (22:00Z on 10-18) to Mon 10-26 00:00 CET (23:00Z on 10-25).
    const week = isoWeek('2026-W43', madrid);
    expect([iso(week.start), iso(week.end)]).toEqual(['2026-10-18T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
    expect((week.end - week.start) / 3_600_000).toBe(169);
  });
  it('week 1 and week 53', () => {
    // 2026-01-01 is a Thursday: week 1 starts Mon 2025-12-29. 2026 has 53 weeks (Dec 28 2026 is a Monday of W53).
    expect(iso(isoWeek('2026-W01', madrid).start)).toBe('2025-12-28T23:00:00.000Z');
    expect(iso(isoWeek('2026-W53', madrid).start)).toBe('2026-12-27T23:00:00.000Z');
    expect(() => isoWeek('2025-W53', madrid)).toThrow('2025 has no week 53');
    expect(() => isoWeek('2026-47', madrid)).toThrow(PeriodError);
  });
  it('labels a local date with its ISO week', () => {
    expect(isoWeekLabelOf(2026, 11, 22)).toBe('2026-W47');
    expect(isoWeekLabelOf(2026, 11, 23)).toBe('2026-W48');
    expect(isoWeekLabelOf(2027, 1, 1)).toBe('2026-W53');
  });
  it('the last complete week as of a moment', () => {
    // Mon 2026-11-23 08:00 Madrid: W48 has begun, W47 is the last complete one.
    expect(lastCompleteWeek(Date.parse('2026-11-23T07:00:00Z'), madrid).label).toBe('2026-W47');
    // Sun 2026-11-22 23:30 Madrid (22:30Z) is still in W47: the last complete week is W46.
    expect(lastCompleteWeek(Date.parse('2026-11-22T22:30:00Z'), madrid).label).toBe('2026-W46');
  });
  it('the previous period', () => {
    expect(previousPeriod(isoWeek('2026-W01', madrid), madrid).label).toBe('2025-W52');
    const range = dateRange('2026-11-16', '2026-11-22', madrid);
    expect(iso(previousPeriod(range, madrid).start)).toBe('2026-11-08T23:00:00.000Z');
  });
});

describe('date ranges', () => {
  it('includes both days', () => {
    const range = dateRange('2026-11-16', '2026-11-22', madrid);
    expect([iso(range.start), iso(range.end)]).toEqual(['2026-11-15T23:00:00.000Z', '2026-11-22T23:00:00.000Z']);
  });
  it('refuses bad dates and reversed ranges', () => {
    expect(() => dateRange('2026-11-31', '2026-12-01', madrid)).toThrow('--from 2026-11-31: not a date');
    expect(() => dateRange('16/11/2026', '2026-12-01', madrid)).toThrow('--from 16/11/2026: write a date as YYYY-MM-DD');
    expect(() => dateRange('2026-11-22', '2026-11-16', madrid)).toThrow('--to 2026-11-16 is before --from 2026-11-22');
  });
});

describe('days and weeks of a period, whatever daylight saving does', () => {
  it('a week is 7 days and 1 week, 169 hours when summer time ends and 167 when it begins', () => {
    // Summer time ends Sun 2026-10-25 (in W43, Mon 10-19..Sun 10-25) and begins Sun 2026-03-29 (in W13).
    const autumn = isoWeek('2026-W43', madrid);
    expect([hours(autumn), autumn.days, weeksIn(autumn)]).toEqual([169, 7, 1]);
    const spring = isoWeek('2026-W13', madrid);
    expect([iso(spring.start), iso(spring.end)]).toEqual(['2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    expect([hours(spring), spring.days, weeksIn(spring)]).toEqual([167, 7, 1]);
  });
  it('the last complete week and the previous week are 7 days too', () => {
    // As of Mon 2026-10-26 09:00 Madrid, the last complete week is W43 (169 hours).
    const week = lastCompleteWeek(Date.parse('2026-10-26T08:00:00Z'), madrid);
    expect([week.label, week.days, weeksIn(week)]).toEqual(['2026-W43', 7, 1]);
    const before = previousPeriod(isoWeek('2026-W44', madrid), madrid);
    expect([before.label, before.days, hours(before)]).toEqual(['2026-W43', 7, 169]);
  });
  it('a range counts its local dates: 7 across the change of time, 10 for ten dates, 1 for one', () => {
    const dst = dateRange('2026-10-19', '2026-10-25', madrid);
    expect([dst.label, hours(dst), dst.days, weeksIn(dst)]).toEqual(['2026-10-19..2026-10-25', 169, 7, 1]);
    const ten = dateRange('2026-11-11', '2026-11-20', madrid);
    expect([ten.days, weeksIn(ten)]).toEqual([10, 10 / 7]);
    expect(dateRange('2026-10-25', '2026-10-25', madrid).days).toBe(1);
    expect(dateRange('2021-01-01', '2021-03-31', madrid).days).toBe(90);
  });
});

describe('the previous period', () => {
  it('of 7 dates across the end of summer time: the 7 dates before, from local midnight', () => {
    const before = previousPeriod(dateRange('2026-10-19', '2026-10-25', madrid), madrid);
    // Mon 2026-10-12 00:00 CEST to Mon 2026-10-19 00:00 CEST.
    expect([before.label, iso(before.start), iso(before.end), before.days]).toEqual(['2026-10-12..2026-10-18', '2026-10-11T22:00:00.000Z', '2026-10-18T22:00:00.000Z', 7]);
  });
  it('of the 7 dates after the end of summer time: the 7 dates before, 169 hours long', () => {
    const before = previousPeriod(dateRange('2026-10-26', '2026-11-01', madrid), madrid);
    expect([before.label, iso(before.start), iso(before.end), before.days]).toEqual(['2026-10-19..2026-10-25', '2026-10-18T22:00:00.000Z', '2026-10-25T23:00:00.000Z', 7]);
  });
  it('of ten dates: the ten dates before', () => {
    const before = previousPeriod(dateRange('2026-11-11', '2026-11-20', madrid), madrid);
    expect([before.label, iso(before.start), iso(before.end), before.days]).toEqual(['2026-11-01..2026-11-10', '2026-10-31T23:00:00.000Z', '2026-11-10T23:00:00.000Z', 10]);
  });
  it('of February: January, 31 days, labelled with its dates', () => {
    const before = previousPeriod(dateRange('2021-02-01', '2021-02-28', madrid), madrid);
    expect([before.label, iso(before.start), iso(before.end), before.days]).toEqual(['2021-01-01..2021-01-31', '2020-12-31T23:00:00.000Z', '2021-01-31T23:00:00.000Z', 31]);
  });
  it('of a quarter: the quarter before, across the new year and the end of summer time', () => {
    const before = previousPeriod(dateRange('2021-01-01', '2021-03-31', madrid), madrid);
    // 2020-10-01 00:00 CEST to 2021-01-01 00:00 CET.
    expect([before.label, iso(before.start), iso(before.end), before.days]).toEqual(['2020-10-01..2020-12-31', '2020-09-30T22:00:00.000Z', '2020-12-31T23:00:00.000Z', 92]);
  });
  it('of March in New York (summer time begins 2021-03-14): February, 28 days', () => {
    const march = dateRange('2021-03-01', '2021-03-31', newYork);
    expect([iso(march.start), iso(march.end), march.days]).toEqual(['2021-03-01T05:00:00.000Z', '2021-04-01T04:00:00.000Z', 31]);
    const before = previousPeriod(march, newYork);
    expect([before.label, iso(before.start), iso(before.end), before.days]).toEqual(['2021-02-01..2021-02-28', '2021-02-01T05:00:00.000Z', '2021-03-01T05:00:00.000Z', 28]);
  });
  it('of January and February: November and December; of a leap March: February with 29 days', () => {
    const twoMonths = previousPeriod(dateRange('2021-01-01', '2021-02-28', madrid), madrid);
    expect([twoMonths.label, twoMonths.days]).toEqual(['2020-11-01..2020-12-31', 61]);
    const leap = previousPeriod(dateRange('2024-03-01', '2024-03-31', madrid), madrid);
    expect([leap.label, leap.days]).toEqual(['2024-02-01..2024-02-29', 29]);
  });
  it('of a range that is not whole months: as many days before', () => {
    // 1 to 27 February is not the whole month: the 27 days before.
    const before = previousPeriod(dateRange('2021-02-01', '2021-02-27', madrid), madrid);
    expect([before.label, before.days]).toEqual(['2021-01-05..2021-01-31', 27]);
    // 15 January to 28 February starts mid-month: the 45 days before.
    const midMonth = previousPeriod(dateRange('2021-01-15', '2021-02-28', madrid), madrid);
    expect([midMonth.label, midMonth.days]).toEqual(['2020-12-01..2021-01-14', 45]);
  });
  it('is never named "before …"', () => {
    const before = previousPeriod(dateRange('2026-11-16', '2026-11-22', madrid), madrid);
    expect(before.label).toBe('2026-11-09..2026-11-15');
    expect(previousPeriod(before, madrid).label).toBe('2026-11-02..2026-11-08');
  });
});

describe('years out of range', () => {
  it('refuses dates and weeks outside 1900–2200, at once', () => {
    expect(() => dateRange('0050-01-01', '2026-11-22', madrid)).toThrow(PeriodError);
    expect(() => dateRange('0050-01-01', '2026-11-22', madrid)).toThrow('--from 0050-01-01: the year must be between 1900 and 2200');
    expect(() => dateRange('1899-12-31', '1900-01-07', madrid)).toThrow(PeriodError);
    expect(() => dateRange('2026-11-16', '2201-01-01', madrid)).toThrow('--to 2201-01-01: the year must be between 1900 and 2200');
    expect(() => isoWeek('0050-W01', madrid)).toThrow(PeriodError);
    expect(() => isoWeek('2201-W01', madrid)).toThrow(PeriodError);
  });
  it('the last complete week as of the end of 2200 is 2200-W52, though the as-of is in 2201-W01', () => {
    // The week holding the as-of was built first, and refused: "2201-W01: the year must be between 1900 and 2200".
    expect(lastCompleteWeek(Date.parse('2200-12-31T12:00:00Z'), madrid)).toMatchObject({ label: '2200-W52', days: 7, start: Date.parse('2200-12-21T23:00:00Z') });
    expect(lastCompleteWeek(Date.parse('1900-01-08T12:00:00Z'), madrid).label).toBe('1900-W01');
  });
  it('an as-of in the first week of 1900 says which week it would be, and what to give instead', () => {
    expect(() => lastCompleteWeek(Date.parse('1900-01-03T12:00:00Z'), madrid)).toThrow(
      new PeriodError('the last complete week before the as-of 1900-01-03 is 1899-W52: the year must be between 1900 and 2200; give --week or --from/--to'),
    );
    expect(() => lastCompleteWeek(Date.parse('1850-01-03T12:00:00Z'), madrid)).toThrow(new PeriodError('the as-of 1850-01-03: the year must be between 1900 and 2200'));
    expect(() => lastCompleteWeek(Date.parse('0050-01-03T12:00:00Z'), madrid)).toThrow(PeriodError);
  });
  it('no local date for what is no instant (the message itself threw "Invalid time value")', () => {
    expect(() => localDate(Number.NaN, madrid)).toThrow(new PeriodError('no local date for NaN: not an instant'));
    expect(() => lastCompleteWeek(Number.NaN, madrid)).toThrow(PeriodError);
  });
  it('three centuries of dates, and the three before them, at once', () => {
    const started = performance.now();
    const range = dateRange('1900-01-01', '2199-12-31', madrid);
    expect(range).toMatchObject({ label: '1900-01-01..2199-12-31', days: 109_573 });
    expect(previousPeriod(range, madrid).label).toBe('1600-01-01..1899-12-31');
    expect(performance.now() - started).toBeLessThan(1000);
  }, 5000);
  it('accepts the first and the last year', () => {
    expect(dateRange('1900-01-01', '1900-01-07', madrid).days).toBe(7);
    expect(dateRange('2200-12-25', '2200-12-31', madrid).days).toBe(7);
    expect(isoWeek('1900-W01', madrid).days).toBe(7);
  });
});
