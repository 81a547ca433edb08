/** What the import writes: its batches, rejected rows and the record writer's batching. */
import type { RecordKind } from '../domain/fields.ts';

/**
 * Records per upsert statement in an import (`recordWriter`). Within an import's transaction SQLite
 * keeps, for each statement, a copy of every page the statement changes, to undo that statement
 * alone (the leads' stage-change trigger makes it ask for one): 32 rows share those copies, which
 * with 16 KB pages makes the import faster than one row a statement (docs/performance.md). About 900
 * parameters a statement, well under SQLite's limit of 32,766.
 */
export const ROWS_PER_UPSERT = 32;

export interface BatchStart {
  kind: RecordKind;
  fileName: string;
  fileSize: number | null;
  fileSha256: string | null;
  profile: string;
  mapping: unknown;
  encoding: string;
  delimiter: string;
  snapshotAt: string;
  startedAt: string;
}

export interface BatchCounts {
  rowsRead: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  unlinked: number;
  /** Rows whose record was stored from a newer export: kept as it was (the file only filled what it lacked). */
  olderKept: number;
}

export interface BatchRow extends BatchCounts {
  id: number;
  kind: RecordKind;
  fileName: string;
  fileSize: number | null;
  fileSha256: string | null;
  profile: string;
  encoding: string;
  delimiter: string;
  snapshotAt: string;
  startedAt: string;
  finishedAt: string | null;
}

export interface RejectedRow {
  batchId: number;
  fileName: string;
  line: number;
  raw: string;
  reason: string;
}

/**
 * Writes the records of an import, one per `write` call, its values in the order of the `fields`
 * given to `recordWriter`. Records go to the database ROWS_PER_UPSERT at a time; `flush` writes the rest.
 */
export interface RecordWriter {
  /**
   * Takes the record whose values start at `values[offset]` (a batch holds many records in one
   * array). Returns how many records this call wrote that were inserted or changed (not already
   * stored as is, and not kept from a newer export): 0 while it only holds the record for the next statement.
   */
  write(values: readonly unknown[], extraJson: string, offset?: number): number;
  /** Writes the records held back; like `write`, returns how many were inserted or changed. */
  flush(): number;
  /** Rows written so far whose record was stored from a newer export: its values were kept. */
  olderKept: number;
}

export function tableOf(kind: RecordKind): 'leads' | 'deals' {
  return kind;
}

export function toBatchRow(row: Record<string, unknown>): BatchRow {
  return {
    id: row.id as number,
    kind: row.kind as RecordKind,
    fileName: row.file_name as string,
    fileSize: row.file_size as number | null,
    fileSha256: row.file_sha256 as string | null,
    profile: row.profile as string,
    encoding: row.encoding as string,
    delimiter: row.delimiter as string,
    snapshotAt: row.snapshot_at as string,
    startedAt: row.started_at as string,
    finishedAt: row.finished_at as string | null,
    rowsRead: row.rows_read as number,
    inserted: row.inserted as number,
    updated: row.updated as number,
    unchanged: row.unchanged as number,
    rejected: row.rejected as number,
    unlinked: row.unlinked as number,
    olderKept: (row.older_kept as number | undefined) ?? 0,
  };
}
