/**
 * The import's summary says what it understood: every field read and its column, what the reports
 * need that no column gave (with the --map that fixes it), the columns kept only in `extra`, the
 * zone of dates without one and when the export was taken. In process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Database } from '../../src/db/database.ts';
import { timeZone } from '../../src/domain/dates.ts';
import { importFile } from '../../src/import/import-file.ts';
import { fixture, query, tempDir } from '../helpers.ts';
import { smkHere } from '../in-process.ts';

describe('the import summary', () => {
  it('names the fields it read, warns of each need no column met, and lists the columns kept only in extra', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'list.csv');
    fs.writeFileSync(file, 'Id,Email,Notes,Website,Nivel\nL1,a@x.es,met at the stand,x.es,alto\n');
    const run = await smkHere(['--db', path.join(dir, 'smk.db'), 'import', 'leads', file, '--tz', 'UTC', '--snapshot-date', '2026-11-23', '--set', 'owner=Ana']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('  fields: id ← Id, email ← Email\n');
    // The owner comes from --set: met. Stage, creation date and source: no column.
    expect(run.stderr).toContain('  warning: no column for a stage or a stage date; if the file has one: --map stage="Column"\n');
    expect(run.stderr).toContain('  warning: no column for the creation date; if the file has one: --map created_at="Column"\n');
    expect(run.stderr).toContain('  warning: no column for the source; if the file has one: --map source="Column"\n');
    expect(run.stderr).not.toContain('no column for the owner');
    expect(run.stderr).toContain('  kept only in extra (3 columns): "Notes", "Website", "Nivel"\n');
    const json = await smkHere(['--db', path.join(dir, 'again.db'), 'import', 'leads', file, '--tz', 'UTC', '--json']);
    expect(JSON.parse(json.stdout)[0].unmet.map((u: { need: string }) => u.need)).toEqual(['a stage or a stage date', 'the creation date', 'the source', 'the owner']);
  });

  it('has nothing to warn of for a HubSpot contacts export', async () => {
    const run = await smkHere(['--db', path.join(tempDir(), 'smk.db'), 'import', 'leads', fixture('hubspot-contacts-2026-11-23.csv'), '--tz', 'Europe/Madrid']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('warning');
    expect(run.stderr).toContain('kept only in extra (3 columns): "Original Source Drill-Down 1", "Phone Number", "Job Title"\n');
  });

  it('on a terminal, asks for the columns of what the reports need in a file no profile recognised, and uses the answers', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'lista.csv');
    // Headers no profile or synonym reads, but the id.
    fs.writeFileSync(file, 'id,Q1,Q2,Q3\nL1,a@x.es,2026-11-20,Webinar\n');
    const db = Database.open(path.join(dir, 'smk.db'));
    const asked: Array<{ missing: string[]; wanted: string[] }> = [];
    const summary = await importFile(db, {
      kind: 'leads', file, read: {}, overrides: {}, constants: {}, datePattern: null, decimal: null, zone: timeZone('UTC'), zoneFrom: '--tz',
      snapshotAt: '2026-11-23T00:00:00Z', onError: 'quarantine',
      askForColumns: async (missing, _headers, _file, wanted) => {
        asked.push({ missing, wanted });
        return { created_at: 'Q2', source: 'Q3' };
      },
    });
    db.close();
    // The id is there: only what the reports need is asked, each need by its first field.
    expect(asked).toEqual([{ missing: [], wanted: ['stage', 'created_at', 'source', 'owner'] }]);
    expect(summary.mapping).toEqual({ id: 'id', created_at: 'Q2', source: 'Q3' });
    expect(summary.unmet.map((u) => u.need)).toEqual(['a stage or a stage date', 'the owner']);
    expect(query(path.join(dir, 'smk.db'), 'SELECT id, created_at, source FROM leads')).toEqual([{ id: 'L1', created_at: '2026-11-20T00:00:00Z', source: 'Webinar' }]);
  });

  it('asks for a missing id and then for what the reports need, and offers once to save every answer', async () => {
    // Before, each round offered to save its own answers under the same name: the second file,
    // without the id's column, replaced the first.
    const dir = tempDir();
    const file = path.join(dir, 'lista.csv');
    fs.writeFileSync(file, 'Codigo,Q1,Q2,Q3\nL1,a@x.es,2026-11-20,Webinar\n');
    const db = Database.open(path.join(dir, 'smk.db'));
    const asked: Array<{ missing: string[]; wanted: string[] }> = [];
    const saved: Array<Record<string, string>> = [];
    await importFile(db, {
      kind: 'leads', file, read: {}, overrides: {}, constants: {}, datePattern: null, decimal: null, zone: timeZone('UTC'), zoneFrom: '--tz',
      snapshotAt: '2026-11-23T00:00:00Z', onError: 'quarantine',
      askForColumns: async (missing, _headers, _file, wanted) => {
        asked.push({ missing, wanted });
        return missing.length ? { id: 'Codigo' } : { created_at: 'Q2' };
      },
      saveAnswers: async (columns) => {
        saved.push(columns);
      },
    });
    db.close();
    expect(asked).toEqual([{ missing: ['id', 'email'], wanted: [] }, { missing: [], wanted: ['stage', 'created_at', 'source', 'owner'] }]);
    expect(saved).toEqual([{ id: 'Codigo', created_at: 'Q2' }]);
  });
});
