/**
 * Faults of the user, the files and the machine around the database and the output: each gets
 * one sentence and exit 2, and never costs data. Each case asserts the exit code, the message and
 * the database afterwards (integrity check, counts, file mode).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import Sqlite from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.ts';
import { SCHEMA_VERSION } from '../../src/db/database.ts';
import { BIN, downgradeSchema, fixture, query, scalar, smk, tempDir } from '../helpers.ts';
import { smkHere } from '../in-process.ts';

const CONFIG = ['--glossary', fixture('check', 'glossary.yaml'), '--sla', fixture('check', 'sla.yaml')];
const W47 = ['--week', '2026-W47', '--as-of', '2026-11-23'];

/** A database with the check fixture's 10 leads and 5 deals, in a folder of its own. */
async function importedDb(name = 'smarketing.db'): Promise<string> {
  const db = path.join(tempDir(), name);
  expect((await smkHere(['--db', db, ...CONFIG, 'import', 'leads', fixture('check', 'leads.csv'), '-q'])).code).toBe(0);
  expect((await smkHere(['--db', db, ...CONFIG, 'import', 'deals', fixture('check', 'deals.csv'), '-q'])).code).toBe(0);
  return db;
}

function state(db: string) {
  return {
    integrity: scalar(db, 'PRAGMA integrity_check'),
    leads: scalar(db, 'SELECT count(*) FROM leads'),
    deals: scalar(db, 'SELECT count(*) FROM deals'),
    batches: scalar(db, 'SELECT count(*) FROM import_batches'),
  };
}
const IMPORTED = { integrity: 'ok', leads: 10, deals: 5, batches: 2 };

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('-o never replaces a file smk is using', () => {
  let db: string;
  beforeAll(async () => {
    db = await importedDb('victim.db');
  });

  it('refuses the database itself, and leaves it as it was', async () => {
    const run = await smkHere(['--db', db, ...CONFIG, 'report', 'funnel', ...W47, '-o', db]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`smk: -o ${db}: that is the database (${db}); write the output to another file\n`);
    expect(state(db)).toEqual(IMPORTED);
  });

  it('refuses the database under another name (a relative path, a link)', async () => {
    const dir = path.dirname(db);
    const link = path.join(dir, 'alias.db');
    fs.symlinkSync(db, link);
    // The built smk, in the folder: relative paths are the process's own.
    const run = smk(['--db', db, ...CONFIG, 'review', ...W47, '-o', 'alias.db'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`smk: -o alias.db: that is the database (${db}); write the output to another file\n`);
    const relative = smk(['--db', 'victim.db', ...CONFIG, 'check', ...W47, '-o', `./${path.basename(db)}`], { cwd: dir });
    expect(relative.code).toBe(2);
    expect(relative.stderr).toBe(`smk: -o ./victim.db: that is the database (victim.db); write the output to another file\n`);
    expect(state(db)).toEqual(IMPORTED);
  });

  it('refuses the database\'s -wal and -shm files, even before they exist', async () => {
    for (const suffix of ['-wal', '-shm']) {
      const run = await smkHere(['--db', db, ...CONFIG, 'report', 'sla', ...W47, '-o', db + suffix]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`smk: -o ${db}${suffix}: that is the database's ${suffix} file (${db}${suffix}); write the output to another file\n`);
    }
    expect(state(db)).toEqual(IMPORTED);
  });

  it('refuses the glossary and the SLA in use', async () => {
    const glossary = fixture('check', 'glossary.yaml');
    const before = fs.readFileSync(glossary, 'utf8');
    const run = await smkHere(['--db', db, ...CONFIG, 'report', 'quality', ...W47, '-o', glossary]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`smk: -o ${glossary}: that is the glossary (${glossary}); write the output to another file\n`);
    const sla = fixture('check', 'sla.yaml');
    const onSla = await smkHere(['--db', db, ...CONFIG, 'check', ...W47, '-o', sla]);
    expect(onSla.stderr).toBe(`smk: -o ${sla}: that is the SLA (${sla}); write the output to another file\n`);
    expect(fs.readFileSync(glossary, 'utf8')).toBe(before);
  });

  it('writes into a folder that does not exist: a sentence naming the folder', async () => {
    const missing = path.join(tempDir(), 'reports', 'w47');
    const run = await smkHere(['--db', db, ...CONFIG, 'report', 'funnel', ...W47, '-o', path.join(missing, 'funnel.txt')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`smk: -o ${path.join(missing, 'funnel.txt')}: the folder ${missing} does not exist; create it first or write elsewhere\n`);
  });

  it('replaces an output file whole; one naming leads is 0600 unless redacted', async () => {
    const dir = tempDir();
    const out = (name: string) => path.join(dir, name);
    fs.writeFileSync(out('sla.txt'), 'last week\n', { mode: 0o644 });
    fs.chmodSync(out('sla.txt'), 0o644);
    expect((await smkHere(['--db', db, ...CONFIG, 'report', 'sla', ...W47, '-o', out('sla.txt')])).code).toBe(1);
    expect(fs.readFileSync(out('sla.txt'), 'utf8')).toContain('First touch');
    expect(mode(out('sla.txt'))).toBe(0o600);
    expect((await smkHere(['--db', db, ...CONFIG, 'review', ...W47, '-o', out('review.md')])).code).toBe(0);
    expect(mode(out('review.md'))).toBe(0o600);
    expect((await smkHere(['--db', db, ...CONFIG, 'check', ...W47, '--fail-on', 'never', '-o', out('check.txt')])).code).toBe(0);
    expect(mode(out('check.txt'))).toBe(0o600);
    // A funnel names no lead; a redacted review neither: they keep the mode a new file gets, or the file's own.
    fs.writeFileSync(out('funnel.txt'), '');
    fs.chmodSync(out('funnel.txt'), 0o640);
    expect((await smkHere(['--db', db, ...CONFIG, 'report', 'funnel', ...W47, '-o', out('funnel.txt')])).code).toBe(0);
    expect(mode(out('funnel.txt'))).toBe(0o640);
    expect((await smkHere(['--db', db, ...CONFIG, 'review', ...W47, '--redact', '-o', out('redacted.md')])).code).toBe(0);
    expect(mode(out('redacted.md'))).toBe(0o666 & ~process.umask());
    expect((await smkHere(['--db', db, ...CONFIG, 'check', ...W47, '--fail-on', 'never', '--redact', '-o', out('check-redacted.txt')])).code).toBe(0);
    expect(mode(out('check-redacted.txt'))).toBe(0o666 & ~process.umask());
    expect(fs.readdirSync(dir).sort()).toEqual(['check-redacted.txt', 'check.txt', 'funnel.txt', 'redacted.md', 'review.md', 'sla.txt']);
  });
});

describe('the database path', () => {
  it('refuses --db :memory:, a file: URI and an empty path before importing anything', async () => {
    const dir = tempDir();
    for (const [args, env, message] of [
      [['--db', ':memory:'], {}, '--db ":memory:" is not a file: smk keeps its data in a database file; give a file\'s path, e.g. --db ./smarketing.db'],
      [['--db', 'file:smk.db?mode=memory'], {}, '--db "file:smk.db?mode=memory" is not a file: smk keeps its data in a database file; give a file\'s path, e.g. --db ./smarketing.db'],
      [[], { SMK_DB: ':memory:' }, 'SMK_DB ":memory:" is not a file: smk keeps its data in a database file; give a file\'s path, e.g. --db ./smarketing.db'],
      [['--db', ''], {}, "--db is empty: give the database file's path, e.g. --db ./smarketing.db"],
    ] as const) {
      const run = await smkHere([...args, ...CONFIG, 'import', 'leads', fixture('check', 'leads.csv')], { cwd: dir, env });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`smk: ${message}\n`);
      expect(run.stdout).toBe('');
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('read commands never create a database: a typo in a cron job fails', async () => {
    const dir = tempDir();
    const db = path.join(dir, 'smarketing-typo.db');
    for (const args of [['review', ...W47], ['report', 'funnel', ...W47], ['report', 'sla', ...W47], ['check', ...W47], ['import', '--rejected']]) {
      const run = await smkHere(['--db', db, ...CONFIG, ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toBe(`smk: no database at ${db}; run smk init or smk import (or pass --db with the right path)\n`);
      expect(run.stdout).toBe('');
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('creates the database 0600 through a dangling link, -wal and -shm too', async () => {
    const dir = tempDir();
    const target = path.join(dir, 'data', 'smk.db');
    fs.mkdirSync(path.dirname(target));
    fs.symlinkSync(target, path.join(dir, 'link.db'));
    const link = path.join(dir, 'link.db');
    // Kept open by a reader so that the -wal and -shm files stay to be looked at.
    expect((await smkHere(['--db', link, ...CONFIG, 'import', 'leads', fixture('check', 'leads.csv'), '-q'])).code).toBe(0);
    expect(mode(target)).toBe(0o600);
    const reader = new Sqlite(target);
    try {
      reader.prepare('SELECT count(*) FROM leads').get();
      expect((await smkHere(['--db', link, ...CONFIG, 'import', 'deals', fixture('check', 'deals.csv'), '-q'])).code).toBe(0);
      expect(mode(`${target}-wal`)).toBe(0o600);
      expect(mode(`${target}-shm`)).toBe(0o600);
    } finally {
      reader.close();
    }
    expect(state(target)).toEqual(IMPORTED);
  });

  it('warns once when the database is readable by other users', async () => {
    const db = await importedDb();
    fs.chmodSync(db, 0o644);
    const run = await smkHere(['--db', db, ...CONFIG, 'review', ...W47]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`smk: warning: ${db} is readable by other users (mode 0644) and holds personal data; chmod 600 ${db}\n`);
    fs.chmodSync(db, 0o600);
    expect((await smkHere(['--db', db, ...CONFIG, 'review', ...W47])).stderr).toBe('');
  });
});

describe('a database smk did not make, or that was changed by hand', () => {
  const refusal = (db: string, problem: string) =>
    `smk: ${db}: ${problem}: it was changed outside smk. Restore it from a backup, or import your exports into a new database (--db new.db)\n`;

  it.each([
    ['a dropped table', 'DROP TABLE deals', 'the table deals is missing'],
    ['a dropped column', 'DROP INDEX leads_email; ALTER TABLE leads DROP COLUMN email', 'the table leads has no column email'],
    ['a renamed table', 'ALTER TABLE stage_changes RENAME TO stage_changes_old', 'the table stage_changes is missing'],
    ['a dropped trigger', 'DROP TRIGGER leads_term_values_updated', 'the trigger leads_term_values_updated is missing'],
  ])('%s: every command says which, and nothing is written', async (_, sql, problem) => {
    const db = await importedDb();
    const conn = new Sqlite(db);
    conn.exec(sql);
    conn.close();
    const schema = query(db, 'SELECT type, name, sql FROM sqlite_schema ORDER BY name');
    for (const args of [['review', ...W47], ['report', 'sla', ...W47], ['check', ...W47], ['import', 'leads', fixture('check', 'leads.csv')]]) {
      const run = await smkHere(['--db', db, ...CONFIG, ...args]);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr).toBe(refusal(db, problem));
    }
    expect(query(db, 'SELECT type, name, sql FROM sqlite_schema ORDER BY name')).toEqual(schema);
    expect(scalar(db, 'SELECT count(*) FROM import_batches')).toBe(2);
  });

  it('another program\'s SQLite database is left alone', async () => {
    const db = path.join(tempDir(), 'crm.sqlite');
    const conn = new Sqlite(db);
    conn.exec('CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT); INSERT INTO contacts (email) VALUES (\'ana@example.com\')');
    conn.close();
    const run = await smkHere(['--db', db, ...CONFIG, 'import', 'leads', fixture('check', 'leads.csv')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`smk: ${db}: a SQLite database of another program (tables contacts), not smk's: pass --db with a new file's path\n`);
    expect(query(db, "SELECT name FROM sqlite_schema WHERE type = 'table'")).toEqual([{ name: 'contacts' }]);
  });

  it('a file that is not SQLite', async () => {
    const db = path.join(tempDir(), 'leads.csv');
    fs.copyFileSync(fixture('check', 'leads.csv'), db);
    const before = fs.readFileSync(db);
    const run = await smkHere(['--db', db, ...CONFIG, 'report', 'funnel', ...W47]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`smk: ${db}: not a database smk can read: the file is not SQLite, or it is damaged (file is not a database)\n`);
    expect((await smkHere(['--db', db, ...CONFIG, 'import', 'leads', fixture('check', 'leads.csv')])).code).toBe(2);
    expect(fs.readFileSync(db)).toEqual(before);
  });
});

/** Runs `work` with `dir` mounted read-only (root), or made read-only by its mode (others). */
function readOnlyFolder(dir: string, work: () => Promise<void>): Promise<void> {
  if (process.getuid?.() !== 0) {
    fs.chmodSync(dir, 0o555);
    return work().finally(() => fs.chmodSync(dir, 0o755));
  }
  execFileSync('mount', ['--bind', dir, dir]);
  execFileSync('mount', ['-o', 'remount,bind,ro', dir]);
  return work().finally(() => execFileSync('umount', [dir]));
}

/** Whether `readOnlyFolder` can work here: a user's folder mode, or a bind mount that root may make (not in every container). */
const canMount = (() => {
  if (process.getuid?.() !== 0) return true;
  const dir = tempDir();
  if (spawnSync('mount', ['--bind', dir, dir]).status !== 0) return false;
  const readOnly = spawnSync('mount', ['-o', 'remount,bind,ro', dir]).status === 0;
  spawnSync('umount', [dir]);
  return readOnly;
})();

describe.skipIf(!canMount)('a database in a read-only folder (skipped where root may not mount)', () => {
  it('reports and the review read it; an import says why it cannot write', async () => {
    const db = await importedDb();
    const dir = path.dirname(db);
    const written = await smkHere(['--db', db, ...CONFIG, 'report', 'sla', ...W47, '--format', 'json']);
    await readOnlyFolder(dir, async () => {
      const report = await smkHere(['--db', db, ...CONFIG, 'report', 'sla', ...W47, '--format', 'json']);
      expect(report.stderr).toBe('');
      expect(report.code).toBe(1); // the fixture's SLA is broken: the report's own verdict
      expect(report.stdout).toBe(written.stdout);
      const review = await smkHere(['--db', db, ...CONFIG, 'review', ...W47]);
      expect(review.code).toBe(0);
      expect(review.stdout).toContain('# Weekly review 2026-W47');
      const check = await smkHere(['--db', db, ...CONFIG, 'check', ...W47, '--fail-on', 'never']);
      expect(check.code).toBe(0);
      const write = await smkHere(['--db', db, ...CONFIG, 'import', 'deals', fixture('review', 'deals.csv')]);
      expect(write.code).toBe(2);
      expect(write.stderr).toBe(`smk: ${db}: cannot write the database: the file, its folder or its mount is read-only for this user\n`);
      expect(fs.readdirSync(dir)).toEqual([path.basename(db)]);
    });
    expect(state(db)).toEqual(IMPORTED);
  });

  it('an older database there cannot be upgraded: it says so', async () => {
    const db = await importedDb();
    downgradeSchema(db, 3);
    await readOnlyFolder(path.dirname(db), async () => {
      const run = await smkHere(['--db', db, ...CONFIG, 'report', 'funnel', ...W47]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `smk: ${db}: made by an older smk (schema version 3 of ${SCHEMA_VERSION}), it must be upgraded, which needs write access: run smk once where the file and its folder are writable\n`,
      );
    });
    // Where it can write, a report upgrades it and reads it.
    expect((await smkHere(['--db', db, ...CONFIG, 'report', 'funnel', ...W47])).code).toBe(0);
    expect(scalar(db, 'PRAGMA user_version')).toBe(SCHEMA_VERSION);
  });
});

describe('standard output that fails', () => {
  /** A standard output whose every write fails with `code`. */
  function failingStdout(code: string): Writable {
    return new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error(`${code}: write failed`), { code }));
      },
    });
  }
  const runWith = async (stdout: Writable, args: string[]) => {
    let stderr = '';
    const err = new PassThrough().on('data', (d) => (stderr += d));
    const code = await main(args, {
      stdout, stderr: err, stdin: Readable.from([]), stdoutIsTTY: false, stderrIsTTY: false, stdinIsTTY: false, env: { NO_COLOR: '1' }, cwd: process.cwd(),
    });
    return { code, stderr };
  };

  it('a failed write is one sentence and exit 2 for every command; a closed pipe (EPIPE) is not a failure', async () => {
    const db = await importedDb();
    for (const args of [['review', ...W47], ['report', 'funnel', ...W47], ['check', ...W47], ['import', '--rejected', '--json']]) {
      const run = await runWith(failingStdout('EIO'), ['--db', db, ...CONFIG, ...args]);
      expect(run, args.join(' ')).toEqual({ code: 2, stderr: 'smk: cannot write to standard output: the disk failed to write (EIO)\n' });
    }
    expect(await runWith(failingStdout('EPIPE'), ['--db', db, ...CONFIG, 'review', ...W47])).toEqual({ code: 0, stderr: '' });
  });

  it('the built smk, with standard output on /dev/full or -o /dev/full: exit 2, no stack trace', async () => {
    const db = await importedDb();
    const full = fs.openSync('/dev/full', 'w');
    try {
      for (const args of [['report', 'funnel'], ['check'], ['review']]) {
        const run = spawnSync(process.execPath, [BIN, '--db', db, ...CONFIG, ...args, ...W47], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
        expect(run.status, args.join(' ')).toBe(2);
        expect(run.stderr).toBe('smk: cannot write to standard output: the disk is full (ENOSPC)\n');
        const toFile = spawnSync(process.execPath, [BIN, '--db', db, ...CONFIG, ...args, ...W47, '-o', '/dev/full'], { encoding: 'utf8' });
        expect(toFile.status, args.join(' ')).toBe(2);
        expect(toFile.stderr).toBe('smk: -o /dev/full: cannot write: the disk is full (ENOSPC)\n');
      }
    } finally {
      fs.closeSync(full);
    }
  });
});

/** A tmpfs of `size` mounted for the test (root only: CI runs as root); undefined elsewhere. */
function smallDisk(size: string): { dir: string; unmount: () => void } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const dir = tempDir();
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  if (mounted.status !== 0) return undefined;
  return { dir, unmount: () => execFileSync('umount', [dir]) };
}

/** Writes `file` until the disk is full. */
function fill(file: string): void {
  const fd = fs.openSync(file, 'w');
  try {
    for (;;) fs.writeSync(fd, Buffer.alloc(1024));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  } finally {
    fs.closeSync(fd);
  }
}

const canMountTmpfs = (() => {
  const disk = smallDisk('64k');
  disk?.unmount();
  return disk !== undefined;
})();

describe.skipIf(!canMountTmpfs)('a full disk (a small tmpfs; skipped unless run as root, as CI is)', () => {
  it('an import that fills the disk: exit 2, the disk is full, the database as before', async () => {
    const disk = smallDisk('1m')!;
    try {
      const db = path.join(disk.dir, 'smk.db');
      fs.copyFileSync(await importedDb(), db);
      fs.chmodSync(db, 0o600);
      // Rows of 2 KB each: far more than the 1 MB disk holds.
      const big = path.join(tempDir(), 'big.csv');
      const rows = Array.from({ length: 3000 }, (_, i) => `B${i},b${i}@example.com,${'x'.repeat(2000)},2026-11-1${i % 10}`);
      fs.writeFileSync(big, `id,email,company,created_at\n${rows.join('\n')}\n`);
      const run = await smkHere(['--db', db, ...CONFIG, 'import', 'leads', big, '-q']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^smk: ${db.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the disk is full \\(.+\\); free some space and run again\\. Nothing was written: the database is as it was\\n$`));
      expect(state(db)).toEqual(IMPORTED);
    } finally {
      disk.unmount();
    }
  });

  it('creating a database on a full disk: exit 2, no file left behind', async () => {
    const disk = smallDisk('64k')!;
    try {
      fill(path.join(disk.dir, 'filler'));
      const db = path.join(disk.dir, 'new.db');
      const run = await smkHere(['--db', db, ...CONFIG, 'import', 'leads', fixture('check', 'leads.csv'), '-q']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/the disk is full/);
      expect(run.stderr.split('\n').length).toBe(2);
      expect(fs.readdirSync(disk.dir)).toEqual(['filler']);
    } finally {
      disk.unmount();
    }
  });

  it('-o on a full disk leaves the old file', async () => {
    const db = await importedDb();
    const disk = smallDisk('64k')!;
    try {
      const out = path.join(disk.dir, 'review.md');
      fs.writeFileSync(out, 'last week\n');
      fill(path.join(disk.dir, 'filler'));
      const run = await smkHere(['--db', db, ...CONFIG, 'review', ...W47, '-o', out]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`smk: -o ${out}: cannot write: the disk is full (ENOSPC); ${out} is as it was\n`);
      expect(fs.readFileSync(out, 'utf8')).toBe('last week\n');
      expect(fs.readdirSync(disk.dir).sort()).toEqual(['filler', 'review.md']);
    } finally {
      disk.unmount();
    }
  });
});

describe('messages quote files, never obey them', () => {
  it('a header with terminal escapes, quoted by the mapping error, is shown escaped', async () => {
    const file = path.join(tempDir(), 'evil.csv');
    fs.writeFileSync(file, '\u001b]0;pwned\u0007Nombre,\u001b[2JEmpresa\nAna,Acme\n');
    const run = await smkHere(['--db', path.join(tempDir(), 'smk.db'), ...CONFIG, 'import', 'leads', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(run.stderr).toContain('\\x1B]0;pwned\\x07Nombre');
  });
});
