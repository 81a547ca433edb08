/**
 * Files as real exports are when something went wrong on the way: two exports joined, a NUL byte in
 * a field, a header longer than the sniff, a named pipe, an encoding mixed into the first bytes, a
 * file that changes while it is read. Nothing garbled, nothing half-imported. In process.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ExportFile } from '../../src/import/read-export.ts';
import { query, tempDir } from '../helpers.ts';
import { smkHere } from '../in-process.ts';

const write = (name: string, content: string | Buffer) => {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return file;
};
const importLeads = (db: string, file: string, ...args: string[]) => smkHere(['--db', db, 'import', 'leads', file, '--tz', 'UTC', '--snapshot-date', '2026-11-23', ...args]);

describe('import robustness', () => {
  it('skips a header repeated inside the file (two exports joined) and says so', async () => {
    const db = path.join(tempDir(), 'smk.db');
    const run = await importLeads(db, write('joined.csv', 'id,email\nL1,a@x.es\nL2,b@x.es\nid,email\nL3,c@x.es\n'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('3 rows: 3 inserted');
    expect(run.stderr).toContain('1 repeated header line skipped (exports joined into one file)');
    expect(query(db, 'SELECT id FROM leads ORDER BY id')).toEqual([{ id: 'L1' }, { id: 'L2' }, { id: 'L3' }]);
  });

  it('quarantines a row with a NUL byte, with its line, wherever it is in the file', async () => {
    const db = path.join(tempDir(), 'smk.db');
    // Line 3 early in the file, and line 1,503 past the first 64 KB.
    const rows = Array.from({ length: 1500 }, (_, i) => `L${i},l${i}@example.com,${'x'.repeat(40)}`);
    rows.splice(1, 0, 'N1,n1@example.com,Jos\u0000e');
    rows.push('N2,n2@example.com,Ana\u0000');
    const run = await importLeads(db, write('nul.csv', `id,email,first_name\n${rows.join('\n')}\n`));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('1502 rows: 1500 inserted, 0 updated, 0 unchanged, 2 rejected');
    expect(run.stderr).toContain('nul.csv:3: column "first_name" holds a NUL byte');
    expect(run.stderr).toContain('nul.csv:1503: column "first_name" holds a NUL byte');
    expect(query(db, "SELECT count(*) AS n FROM leads WHERE id LIKE 'N%'")).toEqual([{ n: 0 }]);
  });

  it('reads a header longer than 64 KB whole', async () => {
    const db = path.join(tempDir(), 'smk.db');
    const extra = Array.from({ length: 3000 }, (_, i) => `Custom property number ${i} ${'with a long name '.repeat(2)}`);
    const header = ['id', 'email', ...extra].join(',');
    expect(header.length).toBeGreaterThan(65_536);
    const row = ['L1', 'a@x.es', ...extra.map((_, i) => String(i))].join(',');
    const run = await importLeads(db, write('wide.csv', `${header}\n${row}\n`));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('1 rows: 1 inserted');
    // Headers are trimmed: the last column's name without its trailing space.
    expect(JSON.parse(query<{ extra: string }>(db, 'SELECT extra FROM leads')[0]!.extra)[extra[2999]!.trim()]).toBe('2999');
  });

  it('reads a named pipe as it reads standard input', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'export.csv');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `printf 'id,email\\nL1,a@x.es\\nL2,b@x.es\\n' > ${fifo}`]);
    const written = new Promise((resolve) => writer.on('close', resolve));
    const db = path.join(dir, 'smk.db');
    const run = await importLeads(db, fifo);
    await written;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('2 rows: 2 inserted');
  });

  it('reads a UTF-8 file with a stray Windows-1252 byte in its first bytes as UTF-8, and stops at that line', async () => {
    const db = path.join(tempDir(), 'smk.db');
    const file = write('mixed.csv', Buffer.concat([Buffer.from('id,first_name\nL1,Núñez\nL2,Jos'), Buffer.from([0xe9]), Buffer.from('\nL3,Zoë\n')]));
    const run = await importLeads(db, file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('mixed.csv:3: this line is not valid UTF-8, though the file\'s other accented letters are: the file mixes encodings');
    expect(query(db, 'SELECT count(*) AS n FROM leads')).toEqual([{ n: 0 }]);
  });

  it('refuses a file that changed while it was read, so that nothing of it is imported', async () => {
    const file = write('growing.csv', 'id,email\nL1,a@x.es\n');
    const exportFile = await ExportFile.open(file);
    fs.appendFileSync(file, 'L2,b@x.es\n'); // the export is still being written
    await expect(exportFile.readRows(() => {})).rejects.toThrow(/growing\.csv: the file changed while it was read \(19 bytes when opened, 29 now\); nothing of it was imported/);
  });

  it('stops a file whose date column no value of which reads (Excel re-saved as DD-MM-YY), instead of importing the rows without dates', async () => {
    // A pipeline export re-saved by Excel: open deals have no dates and would have imported alone.
    const file = write('pipeline.csv', 'opportunity_id,deal_stage,engage_date,close_date,close_value\nO1,Won,20-10-16,01-03-17,1054\nO2,Prospecting,,,\nO3,Lost,25-10-16,07-03-17,0\n');
    const db = path.join(tempDir(), 'smk.db');
    const args = ['--db', db, 'import', 'deals', file, '--tz', 'UTC', '--snapshot-date', '2017-12-31', '--map', 'id=opportunity_id', '--map', 'stage=deal_stage', '--map', 'created_at=engage_date', '--map', 'closed_at=close_date', '--map', 'amount=close_value'];
    const refused = await smkHere(args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('pipeline.csv: column "engage_date": none of its 2 dates could be read ("20-10-16" is not a date (two-digit year: pass --date-format with YY)), so nothing was imported; pass --date-format');
    expect(query(db, 'SELECT count(*) AS n FROM deals')).toEqual([{ n: 0 }]);
    const run = await smkHere([...args, '--date-format', 'DD-MM-YY']);
    expect(run.code, run.stderr).toBe(0);
    expect(query(db, 'SELECT id, status, created_at, closed_at FROM deals ORDER BY id')).toEqual([
      { id: 'O1', status: 'won', created_at: '2016-10-20T00:00:00Z', closed_at: '2017-03-01T00:00:00Z' },
      { id: 'O2', status: 'open', created_at: null, closed_at: null },
      { id: 'O3', status: 'lost', created_at: '2016-10-25T00:00:00Z', closed_at: '2017-03-07T00:00:00Z' },
    ]);
  });
});
