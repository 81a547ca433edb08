import { describe, expect, it } from 'vitest';
import { decimalEvidence, parseAmount, type DecimalSeparator } from '../../src/domain/amounts.ts';

describe('parseAmount', () => {
  it.each([
    ['1234.5', '.', 1234.5, null],
    ['1,234.56', '.', 1234.56, null],
    ['1.234,56', ',', 1234.56, null],
    ['€ 1.234', ',', 1234, 'EUR'],
    ['1 234,56 EUR', ',', 1234.56, 'EUR'],
    ['1.234,56 €', ',', 1234.56, 'EUR'],
    ['1\u00a0234,56\u00a0€', ',', 1234.56, 'EUR'],
    ['$1,234.56', '.', 1234.56, 'USD'],
    ['£99', '.', 99, 'GBP'],
    ['-1.234,56', ',', -1234.56, null],
    ['(1,234.56)', '.', -1234.56, null],
    ["1'234.50", '.', 1234.5, null],
    ['EUR 12.000', ',', 12000, 'EUR'],
    ['12.000', ',', 12000, null],
    ['12.000', '.', 12, null],
    ['72,5', ',', 72.5, null],
    ['22000.0', '.', 22000, null],
    ['0', '.', 0, null],
    ['1.234.567', ',', 1234567, null],
    ['usd 5', '.', 'problem', null],
  ] as const)('%s with decimal %s → %s %s', (value, decimal, amount, currency) => {
    const result = parseAmount(value, decimal as DecimalSeparator);
    if (amount === 'problem') {
      expect(result.ok).toBe(false);
      return;
    }
    expect(result).toEqual({ ok: true, amount, currency });
  });

  it.each(['abc', '12abc', '1.2.3,4,5', '1.23,4', '€', '', '--5'])('%j is not a number', (value) => {
    expect(parseAmount(value, ',')).toEqual({ ok: false, problem: 'is not a number' });
  });
});

describe('decimalEvidence', () => {
  it.each([
    ['1.234,56', ','],
    ['1,234.56', '.'],
    ['1.234.567', ','],
    ['1,234,567', '.'],
    ['12.000', 'either'],
    ['1,234', 'either'],
    ['1,5', ','],
    ['12.34', '.'],
    ['0,125', ','],
    ['1234.567', '.'],
    ['€ 1.234', 'either'],
    ['12500', 'none'],
    ['', 'none'],
  ])('%s → %s', (value, expected) => {
    expect(decimalEvidence(value)).toBe(expected);
  });
});
