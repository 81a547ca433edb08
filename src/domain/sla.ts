/**
 * The agreement: what marketing promises (MQL volume, MQL quality) and what sales promises
 * (touch every MQL in time, decide in time, give a reason for every rejection), each with a
 * level (`fail` breaks `smk check`, `warn` only reports) and a tolerance (`at_least`).
 */
import type { Duration, WorkingCalendar } from './working-time.ts';
import type { MoneyPolicy } from './money.ts';

export type Level = 'fail' | 'warn';

export interface Tolerance {
  level: Level;
  /** The share (0–1) of records that must keep the promise. */
  atLeast: number;
}

export interface VolumePromise {
  target: number;
  level: Level;
  /** Term id → weekly target. */
  bySegment: Record<string, number>;
  bySource: Record<string, number>;
}

export interface DeadlinePromise extends Tolerance {
  within: Duration;
}

export interface Sla {
  calendar: WorkingCalendar;
  marketing: {
    mqlPerWeek?: VolumePromise;
    pipelinePerWeek?: { target: number; currency?: string; level: Level };
    mqlRequirements?: Tolerance;
  };
  sales: {
    firstTouch?: DeadlinePromise;
    decision?: DeadlinePromise;
    rejectionReason?: Tolerance;
  };
  staleAfter: Duration;
  /** How amounts are shown: per currency, or converted into the team's (`money:`). */
  money: MoneyPolicy;
}

/** `90%` or `0.9` → 0.9. */
export function parseShare(value: string | number | undefined, fallback = 1): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return value;
  return Number(value.trim().replace('%', '')) / 100;
}
