/** Runs the built `smk` as a child process, as users and scripts do. */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { MIGRATIONS } from '../src/db/schema.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'bin', 'smk.js');
export const FIXTURES = path.join(ROOT, 'fixtures');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A test may choose how imports read files (see import.test.ts); nothing else of the test's environment reaches smk. */
function passedThrough(): Record<string, string> {
  return process.env.SMK_IMPORT_WORKER ? { SMK_IMPORT_WORKER: process.env.SMK_IMPORT_WORKER } : {};
}

export function smk(args: string[], options: { input?: string | Buffer; env?: Record<string, string>; cwd?: string } = {}): Run {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    input: options.input,
    cwd: options.cwd ?? ROOT,
    env: { PATH: process.env.PATH, NO_COLOR: '1', TZ: 'UTC', ...passedThrough(), ...options.env },
    encoding: 'utf8',
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function smkAsync(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { PATH: process.env.PATH, NO_COLOR: '1', ...passedThrough(), ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'smk-test-'));
}

export function tempDb(): string {
  return path.join(tempDir(), 'smarketing.db');
}

export function fixture(...parts: string[]): string {
  return path.join(FIXTURES, ...parts);
}

export function query<T = Record<string, unknown>>(db: string, sql: string, ...params: unknown[]): T[] {
  const conn = new Database(db, { readonly: true });
  try {
    return conn.prepare(sql).all(...params) as T[];
  } finally {
    conn.close();
  }
}

export function scalar(db: string, sql: string, ...params: unknown[]): unknown {
  const row = query(db, sql, ...params)[0];
  return row ? Object.values(row)[0] : undefined;
}

export function json<T = unknown>(run: Run): T {
  try {
    return JSON.parse(run.stdout) as T;
  } catch {
    throw new Error(`stdout is not JSON (exit ${run.code}):\n${run.stdout}\nstderr:\n${run.stderr}`);
  }
}

/**
 * Version 5 made latest_at a generated column, in a new leads table: undone by moving the leads
 * back into the table version 4 had, with its index and triggers, as running the migrations up to
 * version 4 on an empty database makes them.
 */
function undoGeneratedLatestAt(conn: Database.Database): void {
  const v4 = new Database(':memory:');
  for (const migration of MIGRATIONS.slice(0, 4)) v4.exec(migration);
  const objects = v4.prepare("SELECT type, name, sql FROM sqlite_schema WHERE tbl_name = 'leads' AND sql IS NOT NULL").all() as Array<{ type: string; name: string; sql: string }>;
  const columns = (v4.prepare("SELECT name FROM pragma_table_info('leads')").pluck().all() as string[]).filter((c) => c !== 'latest_at');
  v4.close();
  conn.exec('ALTER TABLE leads RENAME TO leads_v5');
  // Its index and triggers went with it, under the names the v4 ones have.
  for (const o of objects.filter((o) => o.type !== 'table')) conn.exec(`DROP ${o.type.toUpperCase()} IF EXISTS ${o.name}`);
  conn.exec(objects.find((o) => o.type === 'table')!.sql);
  // The v4 triggers keep latest_at as the rows go in.
  for (const o of objects.filter((o) => o.type !== 'table')) conn.exec(o.sql);
  conn.exec(`INSERT INTO leads (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM leads_v5; DROP TABLE leads_v5;`);
}

/** What undoes each migration, by the schema version it made. */
const UNDO_MIGRATION: Record<number, string | ((conn: Database.Database) => void)> = {
  2: `DROP TRIGGER leads_term_values_inserted; DROP TRIGGER leads_term_values_updated;
      DROP TRIGGER deals_term_values_inserted; DROP TRIGGER deals_term_values_updated; DROP TABLE term_values;`,
  3: 'DROP TRIGGER leads_latest_at_inserted; DROP TRIGGER leads_latest_at_updated; ALTER TABLE leads DROP COLUMN latest_at;',
  4: `ALTER TABLE leads DROP COLUMN snapshot_at; ALTER TABLE deals DROP COLUMN snapshot_at; ALTER TABLE leads DROP COLUMN day_dates;
      ALTER TABLE deals DROP COLUMN day_dates; ALTER TABLE import_batches DROP COLUMN older_kept;`,
  5: undoGeneratedLatestAt,
};

/** Takes a database this smk made back to an older schema version, as an earlier smk left it, to test the migrations from there. */
export function downgradeSchema(db: string, version: number): void {
  const conn = new Database(db);
  try {
    for (let current = conn.pragma('user_version', { simple: true }) as number; current > version; current--) {
      const undo = UNDO_MIGRATION[current]!;
      if (typeof undo === 'string') conn.exec(undo);
      else undo(conn);
      conn.pragma(`user_version = ${current - 1}`);
    }
  } finally {
    conn.close();
  }
}
