/** Money: sums per currency, never across; conversion only with declared rates (docs/metrics.md, "Money"). */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSla } from '../../src/config/sla-file.ts';
import { ConfigError } from '../../src/errors.ts';
import { amountsOf, currenciesOf, inCurrency, moneyChange, perUnit, PER_CURRENCY, policyNote, totalOf, type MoneyPolicy } from '../../src/domain/money.ts';
import { tempDir } from '../helpers.ts';

const WON = [
  { currency: 'USD', amount: 1000 }, { currency: 'MXN', amount: 35000 }, { currency: 'COP', amount: 4_200_000 },
  { currency: 'PEN', amount: 3700 }, { currency: 'USD', amount: 500 }, { currency: null, amount: 20 },
];
const USD: MoneyPolicy = { currency: 'USD', rates: { MXN: 0.05, PEN: 0.27 }, ratesDate: '2021-02-26' };

describe('money', () => {
  it('shows money in another currency through the team\'s rates (a target in MXN for a team in USD)', () => {
    // One USD is 1 / 0.05 = 20 MXN; one PEN is 0.27 / 0.05 = 5.4 MXN; COP has no rate; 20 with no currency is USD: 400 MXN.
    // 1,500 USD = 30,000 + 35,000 + 3,700 × 5.4 = 19,980 + 400 = 85,380 MXN.
    expect(totalOf(amountsOf(WON.map((a) => ({ ...a })), USD), inCurrency(USD, 'MXN'))).toEqual([{ currency: 'MXN', amount: 85_380 }, { currency: 'COP', amount: 4_200_000 }]);
    expect(inCurrency(USD, 'USD')).toBe(USD);
    // No rate into the target's currency: nothing converts into it.
    expect(totalOf([{ currency: 'USD', amount: 5 }, { currency: 'EUR', amount: 7 }], inCurrency(USD, 'EUR'))).toEqual([{ currency: 'EUR', amount: 7 }, { currency: 'USD', amount: 5 }]);
    // No team currency: an amount with none is taken to be in the target's.
    expect(totalOf([{ currency: null, amount: 3 }, { currency: 'EUR', amount: 4 }], inCurrency(PER_CURRENCY, 'EUR'))).toEqual([{ currency: 'EUR', amount: 7 }]);
  });

  it('sums per currency without a policy: the unknown currency last, the others by code', () => {
    expect(totalOf(WON, PER_CURRENCY)).toEqual([
      { currency: 'COP', amount: 4_200_000 }, { currency: 'MXN', amount: 35000 }, { currency: 'PEN', amount: 3700 },
      { currency: 'USD', amount: 1500 }, { currency: null, amount: 20 },
    ]);
    expect(totalOf([], PER_CURRENCY)).toEqual([]);
  });

  it('converts what has a rate into the team currency, takes no currency as the team\'s, and keeps the rest apart', () => {
    // 1,000 + 500 + 20 (no currency: the team's) + 35,000 × 0.05 + 3,700 × 0.27 = 1,520 + 1,750 + 999 = 4,269 USD; COP apart.
    expect(totalOf(WON, USD)).toEqual([{ currency: 'USD', amount: 4269 }, { currency: 'COP', amount: 4_200_000 }]);
    // Rounded once, to the cent: 3 × 0.1 EUR at 1.1 = 0.33.
    expect(totalOf([{ currency: 'EUR', amount: 0.1 }, { currency: 'EUR', amount: 0.1 }, { currency: 'EUR', amount: 0.1 }], { currency: 'USD', rates: { EUR: 1.1 } }))
      .toEqual([{ currency: 'USD', amount: 0.33 }]);
  });

  it('divides per unit to the cent, null for none; changes per currency over both sides', () => {
    expect(perUnit([{ currency: 'EUR', amount: 15000 }], 7)).toEqual([{ currency: 'EUR', amount: 2142.86 }]);
    expect(perUnit([{ currency: 'EUR', amount: 15000 }], 0)).toBeNull();
    expect(perUnit([], 3)).toEqual([]);
    expect(moneyChange([{ currency: 'EUR', amount: 100 }], [{ currency: 'USD', amount: 40 }, { currency: 'EUR', amount: 30 }], PER_CURRENCY))
      .toEqual([{ currency: 'EUR', amount: 70 }, { currency: 'USD', amount: -40 }]);
  });

  it('lists the currencies of a table, the team\'s first; one column when there is no money at all', () => {
    expect(currenciesOf([[{ currency: 'MXN', amount: 1 }], undefined, [{ currency: 'USD', amount: 1 }, { currency: 'COP', amount: 1 }]], USD)).toEqual(['USD', 'COP', 'MXN']);
    expect(currenciesOf([[], []], USD)).toEqual(['USD']);
    expect(currenciesOf([[], []], PER_CURRENCY)).toEqual([null]);
  });

  it('says how amounts were treated', () => {
    expect(policyNote(PER_CURRENCY, ['EUR'])).toBe('amounts in EUR');
    expect(policyNote(PER_CURRENCY, [null])).toBeUndefined();
    expect(policyNote(PER_CURRENCY, ['COP', 'USD', null])).toBe('amounts in COP, USD, no currency given are shown apart, never added: declare money.currency and money.rates in sla.yaml for one figure');
    expect(policyNote(USD, ['USD', 'COP'])).toBe('amounts in USD; MXN, PEN converted at the rates of 2021-02-26 in sla.yaml; no rate for COP, shown apart');
  });
});

describe('money: in sla.yaml', () => {
  const sla = (money: string) => {
    const file = path.join(tempDir(), 'sla.yaml');
    fs.writeFileSync(file, `timezone: Europe/Madrid\nworking_hours: { days: [mon], start: "09:00", end: "18:00" }\n${money}`);
    return file;
  };

  it('reads the currency, the rates and their date; none means per currency', () => {
    expect(loadSla(sla('money:\n  currency: EUR\n  rates: { USD: 0.92 }\n  rates_date: 2026-11-30\n')).money).toEqual({ currency: 'EUR', rates: { USD: 0.92 }, ratesDate: '2026-11-30' });
    expect(loadSla(sla('')).money).toEqual({ rates: {} });
  });

  it('refuses rates without a currency to convert into, and a rate that is not a positive number, naming the line', () => {
    const file = sla('money:\n  rates: { USD: 0.92 }\n');
    expect(() => loadSla(file)).toThrow(ConfigError);
    expect(() => loadSla(file)).toThrow(/sla\.yaml:4:\d+ .*add money\.currency/);
    expect(() => loadSla(sla('money:\n  currency: EUR\n  rates: { USD: -1 }\n'))).toThrow(/sla\.yaml:5:/);
    expect(() => loadSla(sla('money:\n  currency: euro\n'))).toThrow(/sla\.yaml:4:/);
  });
});
