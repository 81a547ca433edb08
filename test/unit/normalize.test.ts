import { describe, expect, it } from 'vitest';
import { RecordNormalizer } from '../../src/domain/normalize.ts';
import { resolveMapping } from '../../src/domain/mapping.ts';
import { timeZone } from '../../src/domain/dates.ts';
import { dateFieldsOf, dayBit, type RecordKind } from '../../src/domain/fields.ts';

function normalizer(kind: RecordKind, headers: string[], rows: string[][], extra: { constants?: Record<string, string>; defaultDecimal?: '.' | ',' } = {}) {
  const mapping = resolveMapping({ kind, headers, constants: extra.constants });
  const n = new RecordNormalizer({ kind, mapping, headers, zone: timeZone('UTC'), datePattern: null, decimal: null, defaultDecimal: extra.defaultDecimal ?? '.' });
  for (const row of rows) n.observe(row);
  n.decide();
  return n;
}

const record = (n: RecordNormalizer, row: string[]) => {
  const result = n.normalize(row);
  if (!result.ok) return result.reason;
  return { ...Object.fromEntries(n.fields.map((f, i) => [f, result.values[i]])), extra: JSON.parse(result.extraJson) };
};

describe('RecordNormalizer', () => {
  it('normalises each field by its type and keeps unmapped columns', () => {
    const headers = ['id', 'Email', 'score', 'created_at', 'Notes', 'Empty'];
    const row = ['L1', ' Ana@Example.COM ', '72,5', '2026-10-05 09:15', 'likes "tea"', ''];
    const n = normalizer('leads', headers, [row]);
    expect(record(n, row)).toEqual({
      id: 'L1', email: 'ana@example.com', score: 72.5, created_at: '2026-10-05T09:15:00Z', day_dates: 0, extra: { Notes: 'likes "tea"' },
    });
  });

  it('keeps which dates were written as a day, without a time: one bit per date field (day_dates)', () => {
    // created_at is the 1st date field of a lead (bit 1), mql_at the 3rd (bit 4), first_touch_at the 8th (bit 128).
    const headers = ['id', 'created_at', 'mql_at', 'first_touch_at'];
    const n = normalizer('leads', headers, []);
    expect(record(n, ['L1', '2026-10-05', '2026-10-06 10:00', '06/10/2026'])).toMatchObject({ day_dates: 1 | 128 });
    expect(record(n, ['L2', '2026-10-05T09:00:00Z', '2026-10-06', ''])).toMatchObject({ day_dates: 4 });
    // An Excel serial: a whole number is a day, a fraction has its time.
    expect(record(n, ['L3', '46300', '46300.5', ''])).toMatchObject({ day_dates: 1 });
    // A --set constant written as a day is a day where it applies.
    const withConstant = normalizer('leads', ['id', 'created_at'], [], { constants: { mql_at: '2026-10-06' } });
    expect(record(withConstant, ['L4', '2026-10-05 09:00'])).toMatchObject({ day_dates: 4 });
  });

  it('keys a lead without an id by its lowercase email', () => {
    const n = normalizer('leads', ['id', 'email'], []);
    expect(record(n, ['', 'Bea@X.es'])).toMatchObject({ id: 'bea@x.es', email: 'bea@x.es' });
    expect(record(n, ['', ''])).toBe('has no id and no email');
  });

  it('decides the day/month order of a column from a value that settles it', () => {
    const n = normalizer('leads', ['id', 'created_at'], [['1', '05/10/2026'], ['2', '25/10/2026']]);
    expect(record(n, ['1', '05/10/2026'])).toMatchObject({ created_at: '2026-10-05T00:00:00Z' });
    expect(n.verdict()).toEqual({ kind: 'ok' });
  });

  it('gives a column that never settles the order of the other date columns of the file', () => {
    const n = normalizer('leads', ['id', 'created_at', 'mql_at'], [['1', '05/10/2026', '20/10/2026']]);
    expect(record(n, ['1', '05/10/2026', '06/10/2026'])).toMatchObject({ created_at: '2026-10-05T00:00:00Z', mql_at: '2026-10-06T00:00:00Z' });
    expect(n.verdict()).toEqual({ kind: 'ok' });
  });

  it('says when a column never shows its order', () => {
    const n = normalizer('leads', ['id', 'created_at'], [['1', '05/10/2026']]);
    n.normalize(['1', '05/10/2026']);
    expect(n.verdict()).toEqual({ kind: 'ambiguous', columns: ['created_at'], example: '05/10/2026' });
  });

  it('asks for a second pass when a late value contradicts the provisional order', () => {
    const n = normalizer('leads', ['id', 'created_at'], [['1', '05/10/2026']]);
    n.normalize(['1', '05/10/2026']);
    n.normalize(['2', '10/25/2026']);
    expect(n.verdict()).toEqual({ kind: 'reread', decisions: { dayOrder: { 1: 'MDY' }, decimal: {} }, reason: 'column "created_at" turned out to be month-first' });
  });

  it('decides the decimal separator of an amount column and fills the currency from the symbol', () => {
    const n = normalizer('deals', ['id', 'amount'], [['1', '1.234,56'], ['2', '12.000']]);
    expect(record(n, ['2', '12.000'])).toMatchObject({ amount: 12000 });
    expect(record(n, ['3', '€ 1.500'])).toMatchObject({ amount: 1500, currency: 'EUR' });
  });

  it('derives a deal status from the status column, IsWon/IsClosed or the stage', () => {
    const pipedrive = normalizer('deals', ['id', 'status'], []);
    expect(record(pipedrive, ['1', 'Won'])).toMatchObject({ status: 'won' });
    expect(record(pipedrive, ['1', 'perdido'])).toMatchObject({ status: 'lost' });
    const salesforce = normalizer('deals', ['id', 'stage', 'is_won', 'is_closed'], []);
    expect(record(salesforce, ['1', 'Negotiation/Review', 'false', 'false'])).toMatchObject({ status: 'open' });
    expect(record(salesforce, ['1', 'Closed Won', 'true', 'true'])).toMatchObject({ status: 'won' });
    expect(record(salesforce, ['1', 'Closed Lost', 'false', 'true'])).toMatchObject({ status: 'lost' });
    const hubspot = normalizer('deals', ['id', 'stage'], []);
    expect(record(hubspot, ['1', 'closedwon'])).toMatchObject({ status: 'won' });
    expect(record(hubspot, ['1', 'contractsent'])).toMatchObject({ status: 'open' });
    // Zoho CRM's default stages include a second lost one.
    expect(record(hubspot, ['1', 'Closed-Lost to Competition'])).toMatchObject({ status: 'lost' });
  });

  it('gives constants to every row and lets a cell win over them', () => {
    const n = normalizer('leads', ['email', 'source'], [], { constants: { campaign: 'Webinar Nov' } });
    expect(record(n, ['a@x.es', 'Eventi'])).toMatchObject({ campaign: 'Webinar Nov', source: 'Eventi' });
  });

  it('names the column and the value of a bad cell', () => {
    const n = normalizer('leads', ['id', 'created_at', 'score'], [['1', '2026-10-05', '1']]);
    expect(record(n, ['1', '2026-02-31', '1'])).toBe('column "created_at": "2026-02-31" is not a date (no February 31)');
    expect(record(n, ['1', '2026-02-03', 'high'])).toBe('column "score": "high" is not a number');
    expect(record(n, ['1', '2026-02-03'])).toBe('has 2 cells where the header has 3');
  });
});

describe('day_dates', () => {
  it('keeps each date field on the bit databases already store it on', () => {
    // Stored in every database: a field added or moved among the date fields needs a migration that
    // moves the stored bits, so this order is pinned.
    expect(dateFieldsOf('leads').map((f) => [f, dayBit('leads', f)])).toEqual([
      ['created_at', 1], ['lead_at', 2], ['mql_at', 4], ['sal_at', 8], ['sql_at', 16], ['opportunity_at', 32], ['customer_at', 64], ['first_touch_at', 128], ['rejected_at', 256],
    ]);
    expect(dateFieldsOf('deals').map((f) => [f, dayBit('deals', f)])).toEqual([['created_at', 1], ['closed_at', 2]]);
  });
});
