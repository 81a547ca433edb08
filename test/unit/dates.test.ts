/** Every expected value below is worked out by hand: Madrid and Rome are UTC+1 in winter (CET), UTC+2 in summer (CEST, 2026-03-29 to 2026-10-25). */
import { describe, expect, it } from 'vitest';
import {
  compileDatePattern, DatePatternError, dayOrderEvidence, millisOfStoredIso, MONTH_WORDS, monthOfWord, normalizeDate, timeZone, type DateContext,
} from '../../src/domain/dates.ts';

const madrid = timeZone('Europe/Madrid');
const ctx = (over: Partial<DateContext> = {}): DateContext => ({ order: null, pattern: null, zone: madrid, ...over });
const iso = (value: string, over: Partial<DateContext> = {}) => {
  const result = normalizeDate(value, ctx(over));
  return result.ok ? result.iso : `problem: ${result.problem}`;
};

describe('ISO 8601 and year-first dates', () => {
  it.each([
    ['2026-10-05', '2026-10-04T22:00:00Z'], // local midnight, CEST
    ['2026-11-05', '2026-11-04T23:00:00Z'], // local midnight, CET
    ['2026-10-05T09:15', '2026-10-05T07:15:00Z'],
    ['2026-10-05 09:15', '2026-10-05T07:15:00Z'],
    ['2026-10-05 09:15:07', '2026-10-05T07:15:07Z'],
    ['2026-10-05T09:15:07.123', '2026-10-05T07:15:07Z'],
    ['2026-10-05T09:15:00Z', '2026-10-05T09:15:00Z'],
    ['2026-10-05T09:15:00.000Z', '2026-10-05T09:15:00Z'],
    ['2026-10-05T09:15:00+02:00', '2026-10-05T07:15:00Z'],
    ['2026-10-05T09:15:00+0200', '2026-10-05T07:15:00Z'],
    ['2026-10-05T01:15:00-05:00', '2026-10-05T06:15:00Z'],
    ['2026/10/05 09:15', '2026-10-05T07:15:00Z'],
  ])('%s → %s', (value, expected) => {
    expect(iso(value)).toBe(expected);
  });
});

describe('day- and month-first dates', () => {
  it.each([
    ['05/10/2026', 'DMY', '2026-10-04T22:00:00Z'],
    ['05/10/2026', 'MDY', '2026-05-09T22:00:00Z'], // 10 May, CEST
    ['5/10/2026 9:05', 'DMY', '2026-10-05T07:05:00Z'],
    ['05-10-2026 09:15', 'DMY', '2026-10-05T07:15:00Z'],
    ['05.10.2026', 'DMY', '2026-10-04T22:00:00Z'],
    ['10/5/2026 9:15 AM', 'MDY', '2026-10-05T07:15:00Z'],
    ['10/5/2026 9:15 pm', 'MDY', '2026-10-05T19:15:00Z'],
    ['10/29/2026 12:00 PM', 'MDY', '2026-10-29T11:00:00Z'], // noon CET
    ['10/29/2026 12:30 AM', 'MDY', '2026-10-28T23:30:00Z'], // 00:30 CET
    ['15/10/2026 10:30:45', 'DMY', '2026-10-15T08:30:45Z'],
  ] as const)('%s (%s) → %s', (value, order, expected) => {
    expect(iso(value, { order })).toBe(expected);
  });

  it('reads a value that is unambiguous by itself whatever the column order', () => {
    expect(iso('31/10/2026', { order: null })).toBe('2026-10-30T23:00:00Z');
    expect(iso('10/31/2026', { order: null })).toBe('2026-10-30T23:00:00Z');
  });

  it('refuses to guess an ambiguous value without an order', () => {
    expect(iso('05/10/2026')).toBe('problem: is ambiguous (day or month first?)');
  });

  it.each([
    ['31/02/2025', 'DMY', 'is not a date (no February 31)'],
    ['29/02/2025', 'DMY', 'is not a date (no February 29)'],
    ['2025-13-01', 'DMY', 'is not a date (no month 13)'],
    ['2026-10-05 24:00', 'DMY', 'is not a date (time out of range)'],
    ['2026-10-05 10:60', 'DMY', 'is not a date (time out of range)'],
    ['05/10/26', 'DMY', 'is not a date (two-digit year: pass --date-format with YY)'],
    ['next Tuesday', 'DMY', 'is not a date'],
    ['13/13/2026', 'DMY', 'is not a date (no month 13)'],
  ] as const)('%s is a problem: %s', (value, order, problem) => {
    expect(iso(value, { order })).toBe(`problem: ${problem}`);
  });

  it('accepts 29 February in a leap year', () => {
    expect(iso('29/02/2024', { order: 'DMY' })).toBe('2024-02-28T23:00:00Z');
  });
});

describe('numbers as dates', () => {
  it('reads epoch milliseconds as UTC', () => {
    // 1760000000000 ms = 2025-10-09T08:53:20Z (1,760,000,000 s after 1970-01-01).
    expect(iso('1760000000000')).toBe('2025-10-09T08:53:20Z');
  });
  it('reads Excel serial dates as local wall-clock time', () => {
    // 45292 is 2024-01-01 (2 days to 1900-01-01, then 124 years with 30 leap days: 2 + 45260 + 30);
    // 45631 is 339 days later: 2024-12-05 (day 340 of a leap year). Midnight CET = 23:00Z the day before; .5 is noon.
    expect(iso('45631')).toBe('2024-12-04T23:00:00Z');
    expect(iso('45631.5')).toBe('2024-12-05T11:00:00Z');
  });
});

describe('time zones and daylight saving', () => {
  it('moves a time in the spring-forward gap forward by the gap', () => {
    // 2026-03-29 02:30 does not exist in Madrid: it becomes 03:30 CEST = 01:30Z.
    expect(iso('2026-03-29 02:30')).toBe('2026-03-29T01:30:00Z');
    expect(iso('2026-03-29 01:59')).toBe('2026-03-29T00:59:00Z');
    expect(iso('2026-03-29 03:00')).toBe('2026-03-29T01:00:00Z');
  });
  it('takes the earlier instant of a time that occurs twice', () => {
    // 2026-10-25 02:30 happens in CEST (00:30Z) and again in CET (01:30Z).
    expect(iso('2026-10-25 02:30')).toBe('2026-10-25T00:30:00Z');
    expect(iso('2026-10-25 03:30')).toBe('2026-10-25T02:30:00Z');
  });
  it('does the same in Rome', () => {
    const rome = timeZone('Europe/Rome');
    expect(iso('10/21/2026 6:45 PM', { order: 'MDY', zone: rome })).toBe('2026-10-21T16:45:00Z');
    expect(iso('2026-03-29 02:15', { zone: rome })).toBe('2026-03-29T01:15:00Z');
  });
  it('carries across the year boundary', () => {
    expect(iso('2026-01-01 00:30')).toBe('2025-12-31T23:30:00Z');
    expect(iso('01/03/2026 00:30', { order: 'DMY' })).toBe('2026-02-28T23:30:00Z');
  });
  it('handles zones ahead of and behind UTC, and half-hour offsets', () => {
    expect(iso('2026-01-01 00:30', { zone: timeZone('America/New_York') })).toBe('2026-01-01T05:30:00Z');
    expect(iso('2026-12-31 20:00', { zone: timeZone('America/New_York') })).toBe('2027-01-01T01:00:00Z');
    expect(iso('2026-10-05 09:15', { zone: timeZone('Asia/Kolkata') })).toBe('2026-10-05T03:45:00Z');
    expect(iso('2026-10-05 09:15', { zone: timeZone('UTC') })).toBe('2026-10-05T09:15:00Z');
  });
  it('refuses an unknown zone', () => {
    expect(() => timeZone('Europe/Madird')).toThrow('unknown time zone "Europe/Madird"');
  });
});

describe('--date-format patterns', () => {
  it('reads values in the pattern, with or without the time part', () => {
    const pattern = compileDatePattern('DD-MM-YYYY HH:mm');
    expect(iso('05-10-2026 09:15', { pattern })).toBe('2026-10-05T07:15:00Z');
    expect(iso('05-10-2026', { pattern })).toBe('2026-10-04T22:00:00Z');
    expect(iso('5-3-2026 9:05', { pattern })).toBe('2026-03-05T08:05:00Z');
  });
  it('reads M, D and H like MM, DD and HH (Excel\'s m/d/yyyy, as a US spreadsheet writes it)', () => {
    const pattern = compileDatePattern('M/D/YYYY H:mm');
    expect(pattern.order).toBe('MDY');
    // Madrid is UTC+1 in February: 1 February 2018 at 09:05 local is 08:05 UTC.
    expect(iso('2/1/2018 9:05', { pattern })).toBe('2018-02-01T08:05:00Z');
    expect(iso('10/20/2017', { pattern })).toBe('2017-10-19T22:00:00Z');
    expect(() => compileDatePattern('M/MM/YYYY')).toThrow('tokens "M" and "MM" both give the month in date format "M/MM/YYYY"');
  });
  it('lets a date-only pattern read values that carry a time', () => {
    const pattern = compileDatePattern('DD/MM/YYYY');
    expect(iso('15/10/2026 10:30', { pattern })).toBe('2026-10-15T08:30:00Z');
  });
  it('still reads ISO values and names the pattern when a value fits neither', () => {
    const pattern = compileDatePattern('MM/DD/YYYY');
    expect(iso('2026-10-05T09:15:00Z', { pattern })).toBe('2026-10-05T09:15:00Z');
    expect(iso('05.10.2026', { pattern })).toBe('problem: is not a date in MM/DD/YYYY');
    expect(iso('02/30/2026', { pattern })).toBe('problem: is not a date (no February 30)');
  });
  it('says which order a pattern gives', () => {
    expect(compileDatePattern('DD/MM/YYYY').order).toBe('DMY');
    expect(compileDatePattern('MM/DD/YYYY HH:mm').order).toBe('MDY');
    expect(compileDatePattern('YYYY.MM.DD').order).toBeNull();
  });
  it.each([
    ['DD/MM/YYYY hh:mm', 'unknown token "hh" in date format "DD/MM/YYYY hh:mm"; use YYYY YY MM MMM DD HH mm ss'],
    ['DD/MM', 'date format "DD/MM" needs a year (YYYY or YY), a month (MM or MMM) and a day (DD)'],
    ['DD/DD/YYYY', 'token "DD" appears twice in date format "DD/DD/YYYY"'],
    ['YYYY-MM-DD YY', 'tokens "YYYY" and "YY" both give the year in date format "YYYY-MM-DD YY"'],
    ['DD MMM MM YYYY', 'tokens "MMM" and "MM" both give the month in date format "DD MMM MM YYYY"'],
  ])('%s is refused', (pattern, message) => {
    expect(() => compileDatePattern(pattern)).toThrow(DatePatternError);
    expect(() => compileDatePattern(pattern)).toThrow(message);
  });
});

/**
 * Month names. 2021: CEST from 28 March to 31 October; 2025: CEST from 30 March to 26 October; 2016: CEST
 * from 27 March to 30 October. A day is its local midnight: 22:00Z the day before in summer, 23:00Z in winter.
 */
describe('dates with month names', () => {
  const read = (value: string, over: Partial<DateContext> = {}) => normalizeDate(value, ctx(over));
  const pivot70 = { twoDigitYears: { pivot: 70 } };

  it.each([
    // English: Zoho, and Zoho in a US locale (12:03 AM is 00:03)
    ['15 Apr, 2021 00:03:00', {}, '2021-04-14T22:03:00Z', false],
    ['Apr 15, 2021 12:03 AM', {}, '2021-04-14T22:03:00Z', false],
    ['April 15th 2021', {}, '2021-04-14T22:00:00Z', true],
    ['Oct. 5, 2026 9:15 pm', {}, '2026-10-05T19:15:00Z', false],
    // Spanish: Excel in Spain
    ['3-mar-2025', {}, '2025-03-02T23:00:00Z', true],
    ['12-ago-25', pivot70, '2025-08-11T22:00:00Z', true],
    ['12 de agosto de 2025', {}, '2025-08-11T22:00:00Z', true],
    ['1 de DICIEMBRE de 2025 10:30', {}, '2025-12-01T09:30:00Z', false],
    // Italian
    ['12 ago 2025', {}, '2025-08-11T22:00:00Z', true],
    ['12/ago/2025', {}, '2025-08-11T22:00:00Z', true],
    ['5 settembre 2025 18:45:10', {}, '2025-09-05T16:45:10Z', false],
    // German (01.03.25 has no name: a numeric two-digit year, with the stated pivot)
    ['1. März 2025', {}, '2025-02-28T23:00:00Z', true],
    ['1. MÄRZ 2025', {}, '2025-02-28T23:00:00Z', true],
    ['1. Marz 2025', {}, '2025-02-28T23:00:00Z', true],
    ['01.03.25', { ...pivot70, order: 'DMY' as const }, '2025-02-28T23:00:00Z', true],
    ['3. Okt. 2025 08:00', {}, '2025-10-03T06:00:00Z', false],
    // French (Feb is CET: 23:00Z the day before)
    ['1 févr. 2025', {}, '2025-01-31T23:00:00Z', true],
    ['1 fevr 2025', {}, '2025-01-31T23:00:00Z', true],
    ['1er févr. 2025', {}, '2025-01-31T23:00:00Z', true],
    ['3 mars 2025', {}, '2025-03-02T23:00:00Z', true],
    ['15 août 2025 09:00', {}, '2025-08-15T07:00:00Z', false],
    // Portuguese
    ['12 de agosto de 2025', {}, '2025-08-11T22:00:00Z', true],
    ['12/ago/2025', {}, '2025-08-11T22:00:00Z', true],
    ['7 de fev. de 2025', {}, '2025-02-06T23:00:00Z', true],
    ['20 outubro 2025', {}, '2025-10-19T22:00:00Z', true],
  ] as const)('%s → %s', (value, over, expected, day) => {
    expect(read(value, over)).toEqual({ ok: true, iso: expected, day });
  });

  it('refuses a two-digit year nobody explained, names or numbers', () => {
    const problem = 'is not a date (two-digit year: pass --date-format with YY)';
    expect(read('12-ago-25')).toEqual({ ok: false, problem });
    expect(read('20-10-16')).toEqual({ ok: false, problem });
    expect(read('01.03.25', { order: 'DMY' })).toEqual({ ok: false, problem });
  });

  it('reads two-digit years with the stated pivot: below it in the 2000s, from it on in the 1900s', () => {
    const utc = timeZone('UTC');
    expect(iso('20-10-16', { ...pivot70, zone: utc })).toBe('2016-10-20T00:00:00Z'); // 20 > 12: day first
    expect(iso('31-12-69', { ...pivot70, zone: utc })).toBe('2069-12-31T00:00:00Z');
    expect(iso('01-01-70', { ...pivot70, order: 'DMY', zone: utc })).toBe('1970-01-01T00:00:00Z');
    expect(iso('15-06-45', { twoDigitYears: { pivot: 30 }, zone: utc })).toBe('1945-06-15T00:00:00Z');
    expect(iso('15 jun 29', { twoDigitYears: { pivot: 30 }, zone: utc })).toBe('2029-06-15T00:00:00Z');
  });

  it.each([
    ['31 feb 2025', 'is not a date (no February 31)'],
    ['29 de febrero de 2025', 'is not a date (no February 29)'],
    ['Feb 30, 2024', 'is not a date (no February 30)'],
    ['31 avril 2025', 'is not a date (no April 31)'],
    ['Apr 15, 2021 13:03 PM', 'is not a date (hour with AM/PM)'],
    ['15 Apx 2021', 'is not a date (unknown month name "Apx")'],
    ['15 Apr 2021 25:00', 'is not a date (time out of range)'],
  ])('%s is a problem: %s', (value, problem) => {
    expect(read(value)).toEqual({ ok: false, problem });
  });

  it('reads each month word of each language as its month, in any case, with or without accents and a dot', () => {
    // One lookup for the six languages: this holds only if no word means two different months.
    const fold = (w: string) => w.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    for (const [language, months] of Object.entries(MONTH_WORDS)) {
      expect(months, language).toHaveLength(12);
      months.forEach((words, index) => {
        for (const word of words) {
          for (const form of [word, word.toUpperCase(), fold(word), `${word}.`, word[0]!.toUpperCase() + word.slice(1)]) {
            expect(monthOfWord(form), `${language} ${form}`).toBe(index + 1);
          }
        }
      });
    }
    // The abbreviations languages share mean the same month in each.
    expect([monthOfWord('mar'), monthOfWord('ago'), monthOfWord('dic'), monthOfWord('set'), monthOfWord('mai'), monthOfWord('dez'), monthOfWord('déc')])
      .toEqual([3, 8, 12, 9, 5, 12, 12]);
    expect(monthOfWord('de')).toBeUndefined();
  });

  it('reads MMM and YY in a --date-format', () => {
    const dmy = compileDatePattern('DD-MMM-YY');
    expect([dmy.order, dmy.twoDigitYear, dmy.monthName]).toEqual(['DMY', true, true]);
    expect(read('12-ago-25', { pattern: dmy })).toEqual({ ok: true, iso: '2025-08-11T22:00:00Z', day: true });
    expect(read('12-AGO-25 10:30', { pattern: dmy })).toEqual({ ok: true, iso: '2025-08-12T08:30:00Z', day: false });
    expect(read('31-feb-25', { pattern: dmy })).toEqual({ ok: false, problem: 'is not a date (no February 31)' });
    expect(read('12-xyz-25', { pattern: dmy })).toEqual({ ok: false, problem: 'is not a date (unknown month name "xyz")' });
    const zoho = compileDatePattern('MMM DD, YYYY HH:mm');
    expect(zoho.order).toBe('MDY');
    expect(read('Oct 5, 2026 09:15', { pattern: zoho })).toEqual({ ok: true, iso: '2026-10-05T07:15:00Z', day: false });
    expect(read('Okt. 5, 2026', { pattern: zoho })).toEqual({ ok: true, iso: '2026-10-04T22:00:00Z', day: true });
  });

  it('reads DD-MM-YY (a dataset re-saved by Excel) with pivot 70, or the pivot the context states', () => {
    const pattern = compileDatePattern('DD-MM-YY');
    expect(read('20-10-16', { pattern })).toEqual({ ok: true, iso: '2016-10-19T22:00:00Z', day: true });
    expect(read('05-10-70', { pattern, zone: timeZone('UTC') })).toEqual({ ok: true, iso: '1970-10-05T00:00:00Z', day: true });
    expect(read('05-10-70', { pattern, zone: timeZone('UTC'), twoDigitYears: { pivot: 80 } })).toEqual({ ok: true, iso: '2070-10-05T00:00:00Z', day: true });
    expect(read('20-10-2016', { pattern })).toEqual({ ok: false, problem: 'is not a date in DD-MM-YY' });
  });
});

describe('dayOrderEvidence', () => {
  it.each([
    ['31/10/2026', 'DMY'],
    ['10/31/2026 6:45 PM', 'MDY'],
    ['05/10/2026', 'either'],
    ['12.12.2026', 'either'],
    ['2026-10-05', 'none'],
    ['45631', 'none'],
    ['hello', 'none'],
  ])('%s → %s', (value, expected) => {
    expect(dayOrderEvidence(value)).toBe(expected);
  });
});

describe('millisOfStoredIso', () => {
  it('reads the stored form as Date.parse does, to the millisecond', () => {
    expect(millisOfStoredIso('2026-11-23T08:05:09Z')).toBe(Date.UTC(2026, 10, 23, 8, 5, 9));
    expect(millisOfStoredIso('1999-12-31T23:59:59Z')).toBe(946684799000);
    // Every day of a leap year and of a common one, at a time with every field two-digit.
    for (const year of [2024, 2026]) {
      for (let day = 0; day < 366; day++) {
        const iso = new Date(Date.UTC(year, 0, 1 + day, 13, 47, 58)).toISOString().replace('.000Z', 'Z');
        expect(millisOfStoredIso(iso), iso).toBe(Date.parse(iso));
      }
    }
  });

  it('gives what Date.parse gives for anything else: days past a month\'s end, 24:00, other forms, nonsense', () => {
    const others = [
      '2026-02-29T00:00:00Z', '2026-02-30T10:00:00Z', '2026-04-31T10:00:00Z', '2026-01-32T10:00:00Z', '2026-13-01T10:00:00Z',
      '2026-00-10T10:00:00Z', '2026-01-00T10:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T23:60:00Z', '2026-01-01T23:59:60Z',
      '2026-01-01T10:00:00.500Z', '2026-01-01T10:00:00+01:00', '2026-01-01', '2026/01/01T10:00:00Z', '2026-01-01 10:00:00Z',
      '2026-01-01T1a:00:00Z', '+02026-01-01T10:00Z', '', 'not a date at all!!',
    ];
    for (const iso of others) expect(millisOfStoredIso(iso), iso).toEqual(Date.parse(iso));
  });
});
