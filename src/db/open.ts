/**
 * The database file: its connection settings, creating it privately, reading it where it cannot be
 * written, and SQLite's and the file system's failures as one sentence each (`databaseErrorOf`).
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SmkError } from '../errors.ts';

type Sqlite = BetterSqlite3.Database;

/** Long enough for a nightly import of a large file to finish while a report waits. */
export const BUSY_TIMEOUT_MS = 120_000;

/** 16 MB per connection: an import is as fast as with more, and peaks lower (docs/performance.md). */
export const PAGE_CACHE = 'cache_size = -16384';

/** The page size of a new database: see `Database.open`. */
export const PAGE_SIZE = 16384;

/** The database cannot be opened, read or written, or is not one smk can use. */
export class DatabaseError extends SmkError {}

/**
 * The sentence for a failure of SQLite or of the file system on the database, or undefined for any
 * other error (a bug). Every database error a user or the machine can cause ends here.
 */
export function databaseErrorOf(error: unknown, filePath: string): DatabaseError | undefined {
  if (error instanceof DatabaseError) return error;
  const code = String((error as { code?: unknown })?.code ?? '');
  if (!(error instanceof BetterSqlite3.SqliteError) && !/^E[A-Z]+$/.test(code)) return undefined;
  const detail = `${(error as Error).message}`;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return new DatabaseError(`${filePath}: the disk is full (${detail}); free some space and run again. Nothing was written: the database is as it was`);
  }
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_LOCKED')) {
    return new DatabaseError(`${filePath}: the database is busy: another program holds it (waited ${BUSY_TIMEOUT_MS / 1000} s); run again when it is done`);
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || code === 'SQLITE_PERM') {
    return new DatabaseError(`${filePath}: cannot write the database: the file or its folder is read-only or not yours (${detail})`);
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new DatabaseError(`${filePath}: not a database smk can read: the file is not SQLite, or it is damaged (${detail})`);
  }
  if (code.startsWith('SQLITE_CANTOPEN')) return new DatabaseError(`${filePath}: cannot open the database (${detail})`);
  if (code.startsWith('SQLITE_IOERR') || code === 'EIO') return new DatabaseError(`${filePath}: the disk failed to read or write the database (${code}: ${detail})`);
  if (code.startsWith('SQLITE_ERROR') && /^no such (table|column)/.test(detail)) {
    return new DatabaseError(`${filePath}: ${detail}: the database was changed outside smk. Restore it from a backup, or import your exports into a new database (--db new.db)`);
  }
  return undefined;
}

/** Whether this process may write the database file and create files beside it (its -wal and -shm). */
export function canWrite(filePath: string): boolean {
  try {
    fs.accessSync(filePath, fs.constants.W_OK);
    fs.accessSync(path.dirname(path.resolve(filePath)), fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** `databaseErrorOf` for SQLite's own errors only: a file system error elsewhere (an input, an output) is not the database's. */
export function sqliteErrorOf(error: unknown, filePath: string): DatabaseError | undefined {
  return error instanceof BetterSqlite3.SqliteError ? databaseErrorOf(error, filePath) : undefined;
}

/** A database file this open created and could not finish: removed with its journal files. */
export function removeDatabaseFiles(filePath: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(filePath + suffix, { force: true });
}

/**
 * A WAL database in a folder where SQLite cannot create its `-shm` file (a read-only mount or
 * folder) cannot be opened read-only by path: such a database is read from a copy in memory, marked
 * as a rollback-journal database (header bytes 18-19), which SQLite can open from a buffer. Only when
 * no `-wal` file holds changes the copy would miss, and for files up to 2 GB.
 */
export function readOnlyCopy(filePath: string): Sqlite | undefined {
  if (fs.existsSync(`${filePath}-wal`)) return undefined;
  let size: number;
  try {
    size = fs.statSync(filePath).size;
  } catch {
    return undefined;
  }
  if (size > 2 ** 31) return undefined;
  const image = fs.readFileSync(filePath);
  if (image.length >= 20 && image[18] === 2 && image[19] === 2) {
    image[18] = 1;
    image[19] = 1;
  }
  const sqlite = new BetterSqlite3(image, { readonly: true });
  sqlite.pragma(PAGE_CACHE);
  return sqlite;
}

/** The database holds personal data: create it readable by its owner only. */
export function createPrivateFile(filePath: string): boolean {
  // existsSync follows links: a dangling link at the path is created through, 0600 like any new database.
  if (fs.existsSync(filePath)) return false;
  const dir = path.dirname(path.resolve(filePath));
  if (!fs.existsSync(dir)) throw new DatabaseError(`${filePath}: the folder ${dir} does not exist`);
  try {
    const fd = fs.openSync(filePath, fs.constants.O_CREAT | fs.constants.O_WRONLY, 0o600);
    try {
      fs.fchmodSync(fd, 0o600);
    } finally {
      fs.closeSync(fd);
    }
    return true;
  } catch (error) {
    throw databaseErrorOf(error, filePath) ?? new DatabaseError(`${filePath}: cannot create the database: ${(error as Error).message}`);
  }
}
