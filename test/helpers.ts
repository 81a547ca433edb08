/** Runs the built `smk` as a child process, as users and scripts do. */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';

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

/** What undoes each migration, by the schema version it made. */
const UNDO_MIGRATION: Record<number, string> = {
  2: `DROP TRIGGER leads_term_values_inserted; DROP TRIGGER leads_term_values_updated;
      DROP TRIGGER deals_term_values_inserted; DROP TRIGGER deals_term_values_updated; DROP TABLE term_values;`,
  3: 'DROP TRIGGER leads_latest_at_inserted; DROP TRIGGER leads_latest_at_updated; ALTER TABLE leads DROP COLUMN latest_at;',
  4: `ALTER TABLE leads DROP COLUMN snapshot_at; ALTER TABLE deals DROP COLUMN snapshot_at; ALTER TABLE leads DROP COLUMN day_dates;
      ALTER TABLE deals DROP COLUMN day_dates; ALTER TABLE import_batches DROP COLUMN older_kept;`,
};

/** Takes a database this smk made back to an older schema version, as an earlier smk left it, to test the migrations from there. */
export function downgradeSchema(db: string, version: number): void {
  const conn = new Database(db);
  try {
    for (let current = conn.pragma('user_version', { simple: true }) as number; current > version; current--) {
      conn.exec(`${UNDO_MIGRATION[current]!} PRAGMA user_version = ${current - 1};`);
    }
  } finally {
    conn.close();
  }
}
