/**
 * Nothing lost, nothing half-written: a process killed in the middle of an import leaves the
 * database as it was; two imports at once both land.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../../src/db/database.ts';
import { BIN, fixture, query, scalar, smk, smkAsync, tempDir } from '../helpers.ts';

/** A generic leads export large enough to take a few seconds to import. */
function writeLargeExport(file: string, rows: number): void {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, 'id,email,first_name,last_name,company,source,owner,score,stage,created_at,mql_at,notes\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    chunk += `K${i},k${i}@example.com,Ana,García,"Acme, S.L.",PAID_SEARCH,Owner ${i % 7},${i % 100},lead,2026-10-${String((i % 28) + 1).padStart(2, '0')} 09:15,,row ${i}\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}

describe('durability', () => {
  it('a process killed in the middle of an import leaves the database exactly as it was', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'kill.db');
    expect(smk(['--db', db, 'import', 'leads', fixture('hubspot-contacts-2026-11-16.csv'), '-q', '--tz', 'Europe/Madrid']).code).toBe(0);
    const before = {
      leads: query(db, 'SELECT * FROM leads ORDER BY id'),
      batches: scalar(db, 'SELECT count(*) FROM import_batches'),
      changes: scalar(db, 'SELECT count(*) FROM stage_changes'),
    };
    const big = path.join(dir, 'big.csv');
    writeLargeExport(big, 400_000);

    const child = spawn(process.execPath, [BIN, '--db', db, 'import', 'leads', big, '-q', '--tz', 'UTC'], { stdio: 'ignore' });
    // Kill it once it has written part of the file into the WAL, i.e. in the middle of the transaction.
    const wal = `${db}-wal`;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      if (fs.existsSync(wal) && fs.statSync(wal).size > 4 << 20) break;
    }
    expect(child.exitCode).toBeNull(); // still importing
    child.kill('SIGKILL');
    await new Promise((r) => child.on('close', r));

    expect(scalar(db, 'PRAGMA integrity_check')).toBe('ok');
    expect(query(db, 'SELECT * FROM leads ORDER BY id')).toEqual(before.leads);
    expect(scalar(db, 'SELECT count(*) FROM import_batches')).toBe(before.batches);
    expect(scalar(db, 'SELECT count(*) FROM stage_changes')).toBe(before.changes);
    // And the database is still usable: the same import now completes.
    expect(smk(['--db', db, 'import', 'leads', big, '-q', '--tz', 'UTC']).code).toBe(0);
    expect(scalar(db, 'SELECT count(*) FROM leads')).toBe(400_040);
  });

  describe('an import interrupted by a signal', () => {
    /** Imports `files` and sends `signal` once the big one has spilled part of itself into the WAL (past 16 MB of page cache). */
    async function interrupt(db: string, files: string[], signal: 'SIGINT' | 'SIGTERM') {
      const child = spawn(process.execPath, [BIN, '--db', db, 'import', 'leads', ...files, '-q', '--tz', 'UTC'], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { PATH: process.env.PATH, NO_COLOR: '1', ...(process.env.SMK_IMPORT_WORKER ? { SMK_IMPORT_WORKER: process.env.SMK_IMPORT_WORKER } : {}) },
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      const wal = `${db}-wal`;
      const deadline = Date.now() + 30_000;
      const walled = () => fs.existsSync(wal) && fs.statSync(wal).size > 1 << 20;
      while (Date.now() < deadline && !walled()) await new Promise((r) => setTimeout(r, 20));
      expect(child.exitCode).toBeNull(); // still importing
      child.kill(signal);
      return { code: await closed, stderr };
    }

    /** One large export for the three tests: each reads it, none changes it. */
    let bigExport: string | undefined;
    const setUp = () => {
      const dir = tempDir();
      const db = path.join(dir, 'signal.db');
      expect(smk(['--db', db, 'import', 'leads', fixture('hubspot-contacts-2026-11-16.csv'), '-q', '--tz', 'Europe/Madrid']).code).toBe(0);
      if (bigExport === undefined) {
        bigExport = path.join(tempDir(), 'big.csv');
        writeLargeExport(bigExport, 300_000);
      }
      return { dir, db, big: bigExport };
    };
    const state = (db: string) => ({
      leads: scalar(db, 'SELECT count(*) FROM leads'),
      batches: scalar(db, 'SELECT count(*) FROM import_batches'),
      changes: scalar(db, 'SELECT count(*) FROM stage_changes'),
      rejected: scalar(db, 'SELECT count(*) FROM rejected_rows'),
    });

    it.each([
      ['SIGINT', 130],
      ['SIGTERM', 143],
    ] as const)('%s: one line says nothing of the file was imported, exit %i, the database as it was', async (signal, exitCode) => {
      const { db, big } = setUp();
      const before = state(db);
      const run = await interrupt(db, [big], signal);
      expect(run).toEqual({ code: exitCode, stderr: `smk: interrupted: nothing of ${big} was imported\n` });
      expect(scalar(db, 'PRAGMA integrity_check')).toBe('ok');
      expect(state(db)).toEqual(before);
    }, 60_000);

    it('after a file was imported, says which was and which was not', async () => {
      const { dir, db, big } = setUp();
      const before = state(db);
      const first = fixture('hubspot-contacts-2026-11-23.csv');
      const run = await interrupt(db, [first, big, path.join(dir, 'never-started.csv')], 'SIGINT');
      expect(run).toEqual({ code: 130, stderr: `smk: interrupted: ${first} was imported; nothing of ${big} or ${path.join(dir, 'never-started.csv')} was\n` });
      expect(scalar(db, 'PRAGMA integrity_check')).toBe('ok');
      // The first file's batch is in; nothing of the big file.
      expect(scalar(db, 'SELECT count(*) FROM import_batches')).toBe((before.batches as number) + 1);
      expect(scalar(db, "SELECT count(*) FROM leads WHERE id LIKE 'K%'")).toBe(0);
    }, 60_000);
  });

  it('two imports into one database at the same time both land', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'concurrent.db');
    const big = path.join(dir, 'big.csv');
    writeLargeExport(big, 50_000);
    const [a, b] = await Promise.all([
      smkAsync(['--db', db, 'import', 'leads', big, '--json', '--tz', 'UTC']),
      smkAsync(['--db', db, 'import', 'deals', fixture('hubspot-deals.csv'), '--json', '--tz', 'Europe/Madrid']),
    ]);
    expect(a.stderr + b.stderr).toBe('');
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(scalar(db, 'SELECT count(*) FROM leads')).toBe(50_000);
    expect(scalar(db, 'SELECT count(*) FROM deals')).toBe(15);
    expect(scalar(db, 'PRAGMA integrity_check')).toBe('ok');
  });

  describe('page size', () => {
    const CHECK = ['--glossary', fixture('check', 'glossary.yaml'), '--sla', fixture('check', 'sla.yaml')];
    const W47 = ['--week', '2026-W47', '--as-of', '2026-11-23', '--format', 'json'];
    const importAndReport = (db: string) => {
      expect(smk(['--db', db, 'import', 'leads', fixture('check', 'leads.csv'), '-q']).code).toBe(0);
      expect(smk(['--db', db, 'import', 'deals', fixture('check', 'deals.csv'), '-q']).code).toBe(0);
      return smk(['--db', db, ...CHECK, 'report', 'funnel', ...W47]);
    };

    it('a new database has 16 KB pages; one made with 4 KB pages keeps them and gives the same reports', () => {
      const dir = tempDir();
      const fresh = path.join(dir, 'fresh.db');
      const old = path.join(dir, 'old.db');
      // As an smk before 16 KB pages left it: created with SQLite's default page size, in WAL mode.
      const made = new Database(old);
      made.pragma('page_size = 4096');
      made.pragma('journal_mode = WAL');
      made.exec('CREATE TABLE made_before (x); DROP TABLE made_before;');
      made.close();

      const freshReport = importAndReport(fresh);
      const oldReport = importAndReport(old);
      expect(scalar(fresh, 'PRAGMA page_size')).toBe(PAGE_SIZE);
      expect(PAGE_SIZE).toBe(16384);
      expect(scalar(old, 'PRAGMA page_size')).toBe(4096);
      expect(freshReport.code, freshReport.stderr).toBe(0);
      expect(oldReport.stdout).toBe(freshReport.stdout);
      expect(scalar(old, 'PRAGMA integrity_check')).toBe('ok');
    });
  });
});
