/** The statistics of docs/metrics.md, on lists small enough to sort by eye. */
import { describe, expect, it } from 'vitest';
import { change, mean, median, percentile, rate } from '../../src/domain/metrics/stats.ts';

describe('statistics', () => {
  it('median: the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5); // sorted 1 2 3 4 → (2 + 3) / 2
    expect(median([])).toBeNull();
  });
  it('90th percentile by nearest rank: position ceil(0.9 n)', () => {
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9); // ceil(9) = 9th
    expect(percentile([10, 30, 20], 0.9)).toBe(30); // ceil(2.7) = 3rd
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([], 0.9)).toBeNull();
  });
  it('a rate over nothing is unknown, not 0 %', () => {
    expect(rate(1, 4)).toBe(0.25);
    expect(rate(0, 0)).toBeNull();
  });
  it('mean and change', () => {
    expect(mean([50, 75, 100])).toBe(75);
    expect(mean([])).toBeNull();
    expect(change(0.5, 0.25)).toBe(0.25);
    expect(change(3, null)).toBeNull();
  });
});
