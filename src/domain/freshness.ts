/**
 * How fresh the data is at the as-of: the age of the newest export of each kind, measured from
 * when the export was taken (its snapshot), not from when it was imported. An export taken after
 * the as-of does not exist yet for a report of that as-of. The review's freshness table and
 * `smk check`'s `stale-data` read this one answer.
 */
import type { RecordKind } from './fields.ts';

/** An import of an export, as the store records it (`import_batches`). */
export interface ExportSeen {
  /** When the export was taken (UTC ISO). */
  snapshotAt: string;
  /** When it was imported (UTC ISO). */
  importedAt: string;
}

/** Per kind: the newest export taken by the as-of, and the first taken after it (to say why there is none). */
export interface LatestExports {
  leads: { byAsOf: ExportSeen | null; after: ExportSeen | null };
  deals: { byAsOf: ExportSeen | null; after: ExportSeen | null };
}

export interface Freshness {
  kind: RecordKind;
  /** When the newest export taken by the as-of was taken, or null when there is none. */
  snapshotAt: string | null;
  /** When that export was imported. */
  lastImport: string | null;
  /** Days from its snapshot to the as-of. */
  ageDays: number | null;
  stale: boolean;
  /** Why it is stale or absent, in one sentence. */
  note: string;
}

const DAY = 86_400_000;

export function freshnessOf(latest: LatestExports, asOf: number, staleAfter: { minutes: number; text: string }): Freshness[] {
  return (['leads', 'deals'] as const).map((kind) => {
    const { byAsOf, after } = latest[kind];
    if (byAsOf === null) {
      const note = after === null ? `no ${kind} were ever imported` : `no ${kind} export taken by the as-of (the first was taken ${after.snapshotAt}, after it)`;
      return { kind, snapshotAt: null, lastImport: null, ageDays: null, stale: true, note };
    }
    const age = (asOf - Date.parse(byAsOf.snapshotAt)) / DAY;
    const stale = age * 1440 > staleAfter.minutes;
    const note = `the newest ${kind} export was taken ${age.toFixed(1)} days before the as-of${stale ? ` (limit ${staleAfter.text})` : ''}`;
    return { kind, snapshotAt: byAsOf.snapshotAt, lastImport: byAsOf.importedAt, ageDays: age, stale, note };
  });
}
