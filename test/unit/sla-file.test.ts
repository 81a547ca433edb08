import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSla } from '../../src/config/sla-file.ts';
import { addDuration } from '../../src/domain/working-time.ts';

function write(text: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'smk-sla-')), 'sla.yaml');
  fs.writeFileSync(file, text);
  return file;
}

const VALID = `timezone: Europe/Madrid
working_hours:
  days: [mon, tue, wed, thu, fri]
  start: "09:00"
  end: "18:00"
holidays: [2026-12-08, 2026-12-25]
marketing:
  mql_per_week:
    target: 30
    by_segment: { founder: 10 }
  mql_requirements:
    at_least: 90%
sales:
  first_touch:
    within: 4 working hours
    at_least: 0.95
  decision:
    within: 2 working days
    level: fail
  rejection_reason: {}
data:
  stale_after: 8d
`;

function errorOf(text: string): string {
  try {
    loadSla(write(text));
    return '';
  } catch (error) {
    return (error as Error).message.replace(/^\/tmp\/smk-sla-\w+\/sla\.yaml/gm, 'sla.yaml');
  }
}

describe('loadSla', () => {
  it('reads the promises with their defaults', () => {
    const sla = loadSla(write(VALID));
    expect(sla.marketing.mqlPerWeek).toEqual({ target: 30, level: 'fail', bySegment: { founder: 10 }, bySource: {} });
    expect(sla.marketing.mqlRequirements).toEqual({ level: 'warn', atLeast: 0.9 });
    expect(sla.sales.firstTouch).toMatchObject({ level: 'fail', atLeast: 0.95, within: { minutes: 240, working: true } });
    expect(sla.sales.decision).toMatchObject({ level: 'fail', atLeast: 1 });
    expect(sla.sales.rejectionReason).toEqual({ level: 'warn', atLeast: 1 });
    expect(sla.staleAfter).toMatchObject({ minutes: 8 * 24 * 60, working: false });
    // The clock skips the holiday: Mon 12-07 17:00 CET + 4 working hours → 1 h Monday, Tue 12-08 off, Wed 09:00–12:00.
    expect(new Date(addDuration(Date.parse('2026-12-07T16:00:00Z'), sla.sales.firstTouch!.within, sla.calendar)).toISOString()).toBe('2026-12-09T11:00:00.000Z');
  });

  it('reports every schema problem with its line and column', () => {
    const text = VALID.replace('level: fail', 'level: failed').replace('within: 4 working hours', 'within: four hours').replace('mql_per_week:', 'mql_per_wek:');
    expect(errorOf(text).split('\n')).toEqual([
      'sla.yaml:8:3  marketing.mql_per_wek: unknown key (did you mean "mql_per_week"?); allowed: mql_per_week, pipeline_per_week, mql_requirements',
      'sla.yaml:15:13  sales.first_touch.within: "four hours" is not valid; it must be a duration such as 30m, 4h, 2d, 4 working hours or 2 working days',
      'sla.yaml:19:12  sales.decision.level: "failed" is not allowed (did you mean "fail"?); allowed: fail, warn',
    ]);
  });

  it('reports a wrong clock where it is written', () => {
    expect(errorOf(VALID.replace('Europe/Madrid', 'Europe/Madird'))).toBe('sla.yaml:1:11  timezone: unknown time zone "Europe/Madird"');
    expect(errorOf(VALID.replace('start: "09:00"', 'start: "19:00"'))).toBe('sla.yaml:5:8  working_hours.end: working hours end 18:00 is not after their start 19:00');
    expect(errorOf(VALID.replace('start: "09:00"', 'start: "18:00"'))).toBe('sla.yaml:5:8  working_hours.end: working hours end 18:00 is not after their start 18:00');
    expect(errorOf(VALID.replace('2026-12-25', '2026-02-30'))).toBe('sla.yaml:6:24  holidays.1: "2026-02-30" is not a date');
  });

  it('reports the problems of the schema and of the calendar together, in the order they are written', () => {
    // The schema refuses "not a date" and "2026-12-25x"; only the calendar knows 2026-13-01 and 2026-02-30 are none.
    const text = VALID.replace('holidays: [2026-12-08, 2026-12-25]', 'holidays: ["2026-13-01", "2026-02-30", "not a date", "2026-12-25x"]');
    expect(errorOf(text).split('\n')).toEqual([
      'sla.yaml:6:12  holidays.0: "2026-13-01" is not a date',
      'sla.yaml:6:26  holidays.1: "2026-02-30" is not a date',
      'sla.yaml:6:40  holidays.2: "not a date" is not valid; it must be a date, YYYY-MM-DD',
      'sla.yaml:6:54  holidays.3: "2026-12-25x" is not valid; it must be a date, YYYY-MM-DD',
    ]);
    // A bad zone and working hours do not hide the holidays, nor a schema problem further down.
    const clock = VALID.replace('Europe/Madrid', 'Europe/Madird').replace('start: "09:00"', 'start: "9am"').replace('end: "18:00"', 'end: "08:00"')
      .replace('2026-12-25', '2026-02-29').replace('level: fail', 'level: failed');
    expect(errorOf(clock).split('\n')).toEqual([
      'sla.yaml:1:11  timezone: unknown time zone "Europe/Madird"',
      'sla.yaml:4:10  working_hours.start: "9am" is not valid; it must be a time of day, HH:mm',
      'sla.yaml:6:24  holidays.1: "2026-02-29" is not a date',
      'sla.yaml:19:12  sales.decision.level: "failed" is not allowed (did you mean "fail"?); allowed: fail, warn',
    ]);
  });

  it('refuses holidays outside the years a period may be in, and empty working days', () => {
    const text = VALID.replace('holidays: [2026-12-08, 2026-12-25]', 'holidays: [0050-01-01, 2026-12-25, 9999-01-01]').replace('days: [mon, tue, wed, thu, fri]', 'days: []');
    expect(errorOf(text).split('\n')).toEqual([
      'sla.yaml:3:9  working_hours.days: must not be empty',
      'sla.yaml:6:12  holidays.0: "0050-01-01" is out of range: the year must be between 1900 and 2200',
      'sla.yaml:6:36  holidays.2: "9999-01-01" is out of range: the year must be between 1900 and 2200',
    ]);
    expect(loadSla(write(VALID.replace('2026-12-08', '1900-01-01').replace('2026-12-25', '2200-12-31'))).calendar.holidays.size).toBe(2);
  });

  it('says rates without a currency beside the other problems', () => {
    const text = `${VALID.replace('Europe/Madrid', 'Europe/Madird')}money:\n  rates: { USD: 0.92 }\n`;
    expect(errorOf(text).split('\n')).toEqual([
      'sla.yaml:1:11  timezone: unknown time zone "Europe/Madird"',
      "sla.yaml:24:10  money.rates: rates convert into the team's currency: add money.currency (e.g. currency: EUR)",
    ]);
  });
});
