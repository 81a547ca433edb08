/**
 * Money as the reports show it: amounts in different currencies are never added. A sum is kept
 * per currency; a team that wants one figure declares its currency and the rates to convert
 * with (`money:` in sla.yaml), and then every amount with a rate is converted into it. An amount
 * in a currency without a rate stays beside the converted total, in its own currency.
 * See docs/metrics.md ("Money").
 */

/** An amount in one currency; `currency` is null when the export gave none (and the team declared none). */
export interface Amount {
  currency: string | null;
  amount: number;
}

/**
 * A sum of money: one entry per currency, the team's currency first, then by code, the unknown
 * currency (null) last. Empty when nothing was summed.
 */
export type Money = Amount[];

/** How amounts become figures: `money:` in sla.yaml. */
export interface MoneyPolicy {
  /** The team's currency. An amount without a currency is in it; amounts in other currencies are converted with `rates`. */
  currency?: string;
  /** Currency code → the value of one unit of it in `currency`. */
  rates: Readonly<Record<string, number>>;
  /** The day the rates are from, as written in sla.yaml. */
  ratesDate?: string;
}

/** No currency declared: every currency is shown on its own. */
export const PER_CURRENCY: MoneyPolicy = Object.freeze({ rates: Object.freeze({}) });

/** Cents: a converted sum is rounded once, so that the figure printed is the figure tested. */
const cents = (value: number) => Math.round(value * 100) / 100;

/** Sums amounts per currency; `total` applies the policy. */
class MoneySum {
  private readonly byCurrency = new Map<string | null, number>();

  add(currency: string | null, amount: number): void {
    this.byCurrency.set(currency, (this.byCurrency.get(currency) ?? 0) + amount);
  }

  /** The sum as the policy shows it: converted into the team's currency where a rate allows, else per currency. */
  total(policy: MoneyPolicy): Money {
    const settled = new Map<string | null, number>();
    for (const [currency, amount] of this.byCurrency) {
      const [into, value] = convert(currency, amount, policy);
      settled.set(into, (settled.get(into) ?? 0) + value);
    }
    return sortMoney([...settled].map(([currency, amount]) => ({ currency, amount: cents(amount) })), policy);
  }
}

/** One amount as the policy counts it: [currency, value] after conversion, or as it was when no rate applies. */
function convert(currency: string | null, amount: number, policy: MoneyPolicy): [string | null, number] {
  const team = policy.currency;
  if (team === undefined) return [currency, amount];
  if (currency === null || currency === team) return [team, amount];
  const rate = policy.rates[currency];
  return rate === undefined ? [currency, amount] : [team, amount * rate];
}

function sortMoney(money: Money, policy: MoneyPolicy): Money {
  const rank = (a: Amount) => (a.currency === policy.currency ? 0 : a.currency === null ? 2 : 1);
  return money.sort((a, b) => rank(a) - rank(b) || (a.currency ?? '').localeCompare(b.currency ?? ''));
}

/**
 * The policy that shows money in another currency (a target's), through the team's rates: one unit
 * of `c` is rate(c) / rate(into) of `into`, the team's currency counting 1. A currency without a
 * rate stays apart; without a team currency, amounts with no currency are taken to be in `into`.
 * Amounts with no currency are the team's: give them its code first (`amountsOf`).
 */
export function inCurrency(policy: MoneyPolicy, into: string): MoneyPolicy {
  const team = policy.currency;
  if (team === undefined) return { currency: into, rates: {} };
  if (into === team) return policy;
  const intoRate = policy.rates[into];
  if (intoRate === undefined) return { currency: into, rates: {} };
  const rates: Record<string, number> = { [team]: 1 / intoRate };
  for (const [currency, rate] of Object.entries(policy.rates)) if (currency !== into) rates[currency] = rate / intoRate;
  return { currency: into, rates, ...(policy.ratesDate === undefined ? {} : { ratesDate: policy.ratesDate }) };
}

/** The amounts of some deals or records (those with one), an amount without a currency in the team's. */
export function amountsOf(records: Iterable<{ amount: number | null; currency: string | null }>, policy: MoneyPolicy): Amount[] {
  const amounts: Amount[] = [];
  for (const r of records) if (r.amount !== null) amounts.push({ currency: r.currency ?? policy.currency ?? null, amount: r.amount });
  return amounts;
}

/** The sum of some amounts under a policy. */
export function totalOf(amounts: Iterable<Amount>, policy: MoneyPolicy): Money {
  const sum = new MoneySum();
  for (const a of amounts) sum.add(a.currency, a.amount);
  return sum.total(policy);
}

/** Each currency's amount divided by a count (revenue per lead); null for a zero count, as a rate is, or unknown money. */
export function perUnit(money: Money | null, count: number): Money | null {
  return count === 0 || money === null ? null : money.map(({ currency, amount }) => ({ currency, amount: cents(amount / count) }));
}

/** Per currency, now − before (a currency missing on one side counts 0 there); unknown when either is. */
export function moneyChange(now: Money | null, before: Money | null, policy: MoneyPolicy): Money | null {
  if (now === null || before === null) return null;
  return currenciesOf([now, before], policy)
    .filter((currency) => now.some((a) => a.currency === currency) || before.some((a) => a.currency === currency))
    .map((currency) => ({ currency, amount: cents(amountIn(now, currency) - amountIn(before, currency)) }));
}

/** The currencies of several sums, in the order sums are shown: a table's columns. */
export function currenciesOf(sums: ReadonlyArray<Money | null | undefined>, policy: MoneyPolicy): Array<string | null> {
  const seen = new Map<string | null, Amount>();
  for (const money of sums) for (const a of money ?? []) if (!seen.has(a.currency)) seen.set(a.currency, { currency: a.currency, amount: 0 });
  // A table with no money at all still shows one column: the team's currency, or no currency.
  if (seen.size === 0) return [policy.currency ?? null];
  return sortMoney([...seen.values()], policy).map((a) => a.currency);
}

/** The amount of a sum in one currency: 0 when it has none in it; null when the sum is unknown. */
export function amountIn(money: Money | undefined, currency: string | null): number;
export function amountIn(money: Money | null | undefined, currency: string | null): number | null;
export function amountIn(money: Money | null | undefined, currency: string | null): number | null {
  if (money === null) return null;
  return money?.find((a) => a.currency === currency)?.amount ?? 0;
}

/** How a policy shows money, for the reports' notes: "converted into EUR at the rates of 2026-11-30 (sla.yaml)". */
export function policyNote(policy: MoneyPolicy, shown: ReadonlyArray<string | null>): string | undefined {
  const others = shown.filter((c) => c !== (policy.currency ?? null));
  const name = (c: string | null) => c ?? 'no currency given';
  if (policy.currency !== undefined) {
    const rated = Object.keys(policy.rates);
    const converted = rated.length ? `; ${rated.join(', ')} converted at the rates${policy.ratesDate ? ` of ${policy.ratesDate}` : ''} in sla.yaml` : '';
    const apart = others.length ? `; no rate for ${others.map(name).join(', ')}, shown apart` : '';
    return `amounts in ${policy.currency}${converted}${apart}`;
  }
  if (shown.length > 1) return `amounts in ${shown.map(name).join(', ')} are shown apart, never added: declare money.currency and money.rates in sla.yaml for one figure`;
  return shown[0] ? `amounts in ${shown[0]}` : undefined;
}
