import { describe, expect, it } from 'vitest';
import { dateRange, isoWeek, isoWeekLabelOf, lastCompleteWeek, previousPeriod, PeriodError } from '../../src/domain/period.ts';
import { timeZone } from '../../src/domain/dates.ts';

const madrid = timeZone('Europe/Madrid');
const iso = (ms: number) => new Date(ms).toISOString();

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
