/** The few statistics the reports use, defined in docs/metrics.md ("Common ground"). */

/** numerator / denominator, or null when there is nothing to divide by (never a 0 % that means "no data"). */
export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/** The middle value, or the mean of the two middle ones; null for no values. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = ascending(values);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest-rank percentile: the value at 1-based position ceil(p × n) of the sorted values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = ascending(values);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
}

/** A sorted copy: a typed array sorts numbers natively, without calling a comparator per pair. */
const ascending = (values: readonly number[]): Float64Array => Float64Array.from(values).sort();

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** The change of a figure from the previous period; null when either side is unknown. */
/** A share as a sentence writes it: one decimal, `–` for no share. */
export function percent(share: number | null): string {
  return share === null ? '–' : `${Math.round(share * 1000) / 10}%`;
}

export function change(current: number | null, previous: number | null): number | null {
  return current === null || previous === null ? null : current - previous;
}
