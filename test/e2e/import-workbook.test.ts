/**
 * Excel workbooks (.xlsx) imported as they are: the first sheet or --sheet, cells read as a CSV
 * export of them would hold them (dates from date cells, numbers, rich text, formulas' results).
 * The workbooks are written here by exceljs itself. In process.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { query, tempDir } from '../helpers.ts';
import { smkHere } from '../in-process.ts';

let workbook: string;

beforeAll(async () => {
  const wb = new ExcelJS.Workbook();
  const contacts = wb.addWorksheet('Contacts');
  contacts.addRow(['Record ID', 'First Name', 'Email', 'Lifecycle Stage', 'Create Date', 'Contact owner', 'Original Source', 'HubSpot Score', 'Notes']);
  // Excel keeps wall-clock times: exceljs writes a Date's UTC fields as that time.
  contacts.addRow(['1001', 'Lucía', 'lucia@example.es', 'marketingqualifiedlead', new Date(Date.UTC(2026, 10, 16, 9, 30)), 'Ana Ruiz', 'PAID_SEARCH', 72.5, 'web form']);
  contacts.getCell('E2').numFmt = 'dd/mm/yyyy hh:mm';
  contacts.addRow([]); // an empty row is skipped
  contacts.addRow([
    1002, { richText: [{ text: 'Ni' }, { text: 'ccolò' }] }, { text: 'nico@example.it', hyperlink: 'mailto:nico@example.it' }, 'lead',
    new Date(Date.UTC(2026, 10, 17)), 'Marco Bianchi', { formula: 'UPPER("organic_search")', result: 'ORGANIC_SEARCH' }, { formula: '40+4', result: 44 },
  ]);
  contacts.getCell('E4').numFmt = 'dd/mm/yyyy';
  const deals = wb.addWorksheet('Deals');
  deals.addRow(['id', 'lead_id', 'amount', 'currency', 'status', 'closed_at']);
  deals.addRow(['D1', '1001', 1234.56, 'EUR', 'won', new Date(Date.UTC(2026, 10, 20))]);
  deals.getCell('F2').numFmt = 'yyyy-mm-dd';
  workbook = path.join(tempDir(), 'export.xlsx');
  await wb.xlsx.writeFile(workbook);
});

const importAs = (db: string, kind: string, ...args: string[]) => smkHere(['--db', db, 'import', kind, workbook, '--tz', 'Europe/Madrid', '--snapshot-date', '2026-11-23', ...args]);

describe('importing an Excel workbook', () => {
  it('reads its first sheet, detects the export, and takes dates from date cells in the team\'s zone', async () => {
    const db = path.join(tempDir(), 'smk.db');
    const run = await importAs(db, 'leads');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('export.xlsx: leads, profile hubspot (detected), Excel workbook, sheet "Contacts"');
    expect(run.stderr).toContain('2 rows: 2 inserted, 0 updated, 0 unchanged, 0 rejected');
    // 09:30 in Madrid (CET) is 08:30 UTC; a date cell at midnight is a day (day_dates bit 1: created_at).
    expect(query(db, 'SELECT id, first_name, email, stage, created_at, owner, source, score, day_dates, extra FROM leads ORDER BY id')).toEqual([
      { id: '1001', first_name: 'Lucía', email: 'lucia@example.es', stage: 'marketingqualifiedlead', created_at: '2026-11-16T08:30:00Z', owner: 'Ana Ruiz', source: 'PAID_SEARCH', score: 72.5, day_dates: 0, extra: '{"Notes":"web form"}' },
      { id: '1002', first_name: 'Niccolò', email: 'nico@example.it', stage: 'lead', created_at: '2026-11-16T23:00:00Z', owner: 'Marco Bianchi', source: 'ORGANIC_SEARCH', score: 44, day_dates: 1, extra: '{}' },
    ]);
  });

  it('reads the sheet --sheet names, and says which sheets there are when there is no such sheet', async () => {
    const db = path.join(tempDir(), 'smk.db');
    const run = await importAs(db, 'deals', '--sheet', 'Deals');
    expect(run.code, run.stderr).toBe(0);
    expect(query(db, 'SELECT id, amount, currency, status, closed_at FROM deals')).toEqual([{ id: 'D1', amount: 1234.56, currency: 'EUR', status: 'won', closed_at: '2026-11-19T23:00:00Z' }]);
    const missing = await importAs(db, 'deals', '--sheet', 'Opportunities');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('export.xlsx: no sheet named "Opportunities"; the sheets are: Contacts, Deals');
    // A saved mapping may name the sheet, so a recurring workbook is imported with --mapping alone.
    const mapping = path.join(tempDir(), 'deals.mapping.yaml');
    fs.writeFileSync(mapping, 'kind: deals\nsheet: Deals\ncolumns: {}\n');
    const saved = await smkHere(['--db', path.join(tempDir(), 'smk.db'), 'import', 'deals', workbook, '--mapping', mapping, '--json']);
    expect(saved.code, saved.stderr).toBe(0);
    expect(JSON.parse(saved.stdout)[0]).toMatchObject({ sheet: 'Deals', inserted: 1 });
  });

  it('recognises the same file imported again, and refuses options that only a text file has', async () => {
    const db = path.join(tempDir(), 'smk.db');
    await importAs(db, 'leads');
    const again = await importAs(db, 'leads');
    expect(again.stderr).toContain('unchanged, the same file was already imported as batch 1');
    const delimiter = await importAs(db, 'leads', '--delimiter', ';');
    expect(delimiter.code).toBe(2);
    expect(delimiter.stderr).toContain('an Excel workbook has no delimiter to give: leave out --delimiter');
  });

  it('names the fix for a workbook it cannot read: piped in, the old .xls format', async () => {
    const db = path.join(tempDir(), 'smk.db');
    const piped = await smkHere(['--db', db, 'import', 'leads', '-'], { input: fs.readFileSync(workbook) });
    expect(piped.code).toBe(2);
    expect(piped.stderr).toContain('<stdin>: this is an Excel workbook (.xlsx) or another zip archive, not a delimited text export; save it to a file and import that file');
    const xls = path.join(tempDir(), 'old.xls');
    fs.writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    const old = await smkHere(['--db', db, 'import', 'leads', xls]);
    expect(old.code).toBe(2);
    expect(old.stderr).toContain('old.xls: this is an Excel 97-2003 workbook (.xls), not a delimited text export; save it as .xlsx or as CSV (UTF-8) and import that');
  });

  it('reads a formula that gives a date as that date, in a workbook that counts days from 1904 too', async () => {
    for (const date1904 of [false, true]) {
      const wb = new ExcelJS.Workbook();
      wb.properties.date1904 = date1904;
      const sheet = wb.addWorksheet('Leads');
      sheet.addRow(['id', 'email', 'created_at', 'Follow-up', 'Days']);
      // 2026-11-16 is day 46342 counted from 1900 (Excel's 1900-01-00 with its 1900 leap day), 44880 from 1904.
      const created = date1904 ? 44880 : 46342;
      sheet.addRow(['L1', 'l1@example.com', new Date(Date.UTC(2026, 10, 16, 9, 30)), { formula: 'C2+7', result: created + 7 + 0.25 }, { formula: '7', result: 7 }]);
      sheet.getCell('C2').numFmt = 'dd/mm/yyyy hh:mm';
      sheet.getCell('D2').numFmt = '[$-C0A]dd/mm/yyyy\\ hh:mm'; // as LibreOffice writes a Spanish date format
      sheet.getCell('E2').numFmt = '0" días"'; // quoted text with a d is not a date
      const file = path.join(tempDir(), `formula-${date1904}.xlsx`);
      await wb.xlsx.writeFile(file);
      const db = path.join(tempDir(), 'smk.db');
      const run = await smkHere(['--db', db, 'import', 'leads', file, '--tz', 'UTC']);
      expect(run.code, run.stderr).toBe(0);
      expect(query(db, 'SELECT created_at, extra FROM leads')).toEqual([{ created_at: '2026-11-16T09:30:00Z', extra: '{"Follow-up":"2026-11-23 06:00:00","Days":"7"}' }]);
    }
  });
});
