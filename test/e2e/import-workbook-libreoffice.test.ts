/**
 * A workbook saved by a real spreadsheet program: fixtures/spreadsheet-es.xlsx, a Spanish lead list
 * and its deals written by LibreOffice Calc 7.4 (scripts/fixtures/spreadsheet-es-xlsx.mjs; see
 * fixtures/README.md). LibreOffice writes what exceljs does not: number formats with a locale
 * prefix (`[$-C0A]dd/mm/yyyy\ hh:mm`), times as 10-digit fractions of a day, no <row> for an
 * empty row, no <c> for an empty cell, and the sheets before the shared strings in the zip.
 * In process.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { fixture, query, tempDir } from '../helpers.ts';
import { smkHere } from '../in-process.ts';

const WORKBOOK = fixture('spreadsheet-es.xlsx');
const importAs = (db: string, kind: string, ...args: string[]) =>
  smkHere(['--db', db, 'import', kind, WORKBOOK, '--tz', 'Europe/Madrid', '--snapshot-date', '2026-11-23', ...args]);

/**
 * The temporary copies of sheets exceljs made in this process (this test file runs in its own
 * process): LibreOffice puts the sheets before the shared strings, so exceljs copies them to
 * `tmp-<pid>-…` files, which must be gone once the import is over, not at the process's exit
 * (before the fix, the copy of each sheet from the one read on stayed until then).
 */
const sheetCopies = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`tmp-${process.pid}-`));
/** exceljs deletes a copy asynchronously once its sheet was read through: wait for it (at most a second). */
const noSheetCopiesLeft = () => vi.waitFor(() => expect(sheetCopies()).toEqual([]));

const LEAD_COLUMNS = ['id', 'email', 'first_name', 'last_name', 'company', 'source', 'campaign', 'owner', 'score', 'segment', 'country', 'stage', 'status',
  'created_at', 'lead_at', 'mql_at', 'sal_at', 'sql_at', 'opportunity_at', 'customer_at', 'first_touch_at', 'rejected_at', 'rejection_reason', 'day_dates', 'extra'];
const DEAL_COLUMNS = ['id', 'lead_id', 'lead_email', 'linked_lead_id', 'name', 'amount', 'currency', 'pipeline', 'stage', 'status',
  'created_at', 'closed_at', 'lost_reason', 'owner', 'source', 'day_dates', 'extra'];

/** A stored row: every column null but those given. */
const row = (columns: string[], given: Record<string, unknown>) => Object.fromEntries(columns.map((c) => [c, c in given ? given[c] : null]));

/**
 * One lead per row of sheet "Leads" (row 7 is empty), keyed by its email: the sheet has no id.
 * Fecha de creación is a date cell in Madrid wall-clock time: CEST (UTC+2) up to Sun 25/10/2026,
 * CET (UTC+1) after. A date-only cell is the day's local midnight, with day_dates bit 1 (created_at).
 */
const lead = (email: string, first_name: string, last_name: string, company: string, source: string, campaign: string | null,
  owner: string, stage: string, created_at: string, day_dates: number, score: number | null, notas?: string) =>
  row(LEAD_COLUMNS, { id: email, email, first_name, last_name, company, source, campaign, owner, score, stage, created_at, day_dates,
    extra: notas === undefined ? '{}' : JSON.stringify({ Notas: notas }) });

const LEADS = [
  lead('ana.garcia@example.es', 'Ana', 'Garcia Lopez', 'Ejemplo Datos S.L.', 'Búsqueda de pago', 'Google Ads ES Q4', 'Javier Ortega', 'Lead cualificado',
    '2026-10-14T08:30:00Z', 0, 72.5, 'Pidió una demo'), // 14/10/2026 10:30 CEST
  // Puntuación is the formula =J2+10: its result, 72.5 + 10.
  lead('begona.munoz@example.es', 'Begoña', 'Muñoz Sáez', 'Muñoz Sáez Asesores', 'Email marketing', 'Webinar Oct 2026', 'Lucía Fernández', 'Oportunidad',
    '2026-10-22T17:05:00Z', 0, 82.5, 'Vino al webinar'), // 22/10/2026 19:05 CEST
  lead('carlos.martin@example.es', 'Carlos', 'Martin Vega', 'Transportes Vega', 'Referido', null, 'Lucía Fernández', 'Lead',
    '2026-10-19T22:00:00Z', 1, 64.25), // 20/10/2026, midnight CEST
  lead('chiara.galli@example.it', 'Chiara', 'Galli', 'Galli Moda S.p.A.', 'Búsqueda de pago', 'Google Ads IT Q4', 'Giulia Romano', 'Lead',
    '2026-11-02T23:00:00Z', 1, 47.75), // 03/11/2026, midnight CET
  lead('david.ortiz@example.es', 'David', 'Ortiz', 'Ortiz Hermanos S.L.', 'Directo', null, 'Lucía Fernández', 'Lead',
    '2026-11-15T23:00:00Z', 1, null), // 16/11/2026, midnight CET; no score
  lead('elena.sanz@example.es', 'Elena', 'Sanz', 'Sanz Abogados', 'Email marketing', 'Newsletter Nov', 'Javier Ortega', 'Lead cualificado',
    '2026-11-20T15:40:00Z', 0, 58.5, 'Llamar el lunes'), // 20/11/2026 16:40 CET
  lead('laura.romero@example.es', 'Laura', 'Romero', 'Estudio Romero', 'Redes sociales', null, 'Lucía Fernández', 'Descartado',
    '2026-10-27T08:15:30Z', 0, 15, 'Estudiante'), // 27/10/2026 09:15:30 CET: seconds the cell's format does not show
  lead('luca.ferri@example.it', 'Luca', 'Ferri', 'Ferri Automazione S.r.l.', 'Eventos', 'SaaStr Milan', 'Marco Bianchi', 'Lead cualificado',
    '2026-10-21T16:45:00Z', 0, 68), // 21/10/2026 18:45 CEST (sheet row 8, after the empty row)
  lead('marta.diaz@example.es', 'Marta', 'Diaz Prieto', 'Prieto Reformas', 'Búsqueda orgánica', null, 'Javier Ortega', 'Cliente',
    '2026-11-05T11:00:00Z', 0, 91), // 05/11/2026 12:00 CET
  lead('pablo.serrano@example.es', 'Pablo', 'Serrano', 'Serrano Consultores', 'Eventos', 'Meetup SaaS Madrid', 'Javier Ortega', 'Lead',
    '2026-10-24T22:00:00Z', 1, 55), // 25/10/2026, the day summer time ends: its midnight is still CEST
];

/**
 * Sheet "Oportunidades". day_dates: bit 1 created_at, bit 2 closed_at. A lead is linked by its
 * email, compared without case (OP-003's `Marta.Diaz@Example.es`); OP-005's is nobody's.
 */
const deal = (id: string, name: string, lead_email: string, linked: boolean, amount: number, status: string,
  created_at: string, closed_at: string | null, day_dates: number) =>
  row(DEAL_COLUMNS, { id, name, lead_email, linked_lead_id: linked ? lead_email : null, amount, currency: 'EUR', status, created_at, closed_at, day_dates, extra: '{}' });

const DEALS = [
  deal('OP-001', 'Ejemplo Datos - Plan Pro', 'ana.garcia@example.es', true, 12500, 'open', '2026-10-20T07:30:00Z', null, 0), // Abierta; 20/10 09:30 CEST
  deal('OP-002', 'Muñoz Sáez - Anual', 'begona.munoz@example.es', true, 24750.5, 'won', '2026-10-27T23:00:00Z', '2026-11-11T23:00:00Z', 3), // Ganada; 28/10 and 12/11, days
  deal('OP-003', 'Prieto Reformas - Plan Básico', 'marta.diaz@example.es', true, 8400, 'won', '2026-11-09T16:20:00Z', '2026-11-17T23:00:00Z', 2), // 09/11 17:20 CET; 18/11
  deal('OP-004', 'Ferri Automazione', 'luca.ferri@example.it', true, 9900, 'lost', '2026-10-23T10:00:00Z', '2026-11-05T23:00:00Z', 2), // Perdida; 23/10 12:00 CEST; 06/11
  deal('OP-005', 'Consultora sin contacto', 'compras@example.es', false, 5000, 'open', '2026-11-18T09:00:00Z', null, 0), // 18/11 10:00 CET
];

describe('importing a workbook saved by LibreOffice Calc (fixtures/spreadsheet-es.xlsx)', () => {
  it('reads its first sheet with the Spanish headers, dates from date cells in Madrid time, numbers and a formula\'s result', async () => {
    const db = path.join(tempDir(), 'smk.db');
    const run = await importAs(db, 'leads');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('spreadsheet-es.xlsx: leads, profile generic');
    expect(run.stderr).toContain('Excel workbook, sheet "Leads"');
    // 10 people: the empty row 7 is no row at all, neither read nor rejected.
    expect(run.stderr).toContain('10 rows: 10 inserted, 0 updated, 0 unchanged, 0 rejected');
    expect(run.stderr).toContain('kept only in extra (1 column): "Notas"');
    await noSheetCopiesLeft(); // the import needed sheet 1 only; the copy of sheet 2 is gone too
    expect(query(db, 'SELECT profile, encoding, rows_read, inserted, rejected FROM import_batches')).toEqual([
      { profile: 'generic', encoding: 'xlsx', rows_read: 10, inserted: 10, rejected: 0 },
    ]);
    expect(query(db, `SELECT ${LEAD_COLUMNS.join(', ')} FROM leads ORDER BY id`)).toEqual(LEADS);
    // The figures in fixtures/README.md: 9 scores summing to 554.5, 4 of the 10 creation dates days.
    expect(query(db, 'SELECT count(score) AS scored, sum(score) AS total, sum(day_dates & 1) AS days FROM leads')).toEqual([{ scored: 9, total: 554.5, days: 4 }]);
  });

  it('reads the deals in sheet "Oportunidades" with --sheet, linked to the leads by email', async () => {
    const db = path.join(tempDir(), 'smk.db');
    expect((await importAs(db, 'leads')).code).toBe(0);
    const run = await importAs(db, 'deals', '--sheet', 'Oportunidades');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('spreadsheet-es.xlsx: deals, profile generic');
    expect(run.stderr).toContain('Excel workbook, sheet "Oportunidades"');
    expect(run.stderr).toContain('5 rows: 5 inserted, 0 updated, 0 unchanged, 0 rejected, 1 unlinked');
    await noSheetCopiesLeft();
    // A workbook that stops the import (no such sheet) leaves no copy either.
    expect((await importAs(db, 'deals', '--sheet', 'Nope')).code).toBe(2);
    await noSheetCopiesLeft();
    expect(query(db, `SELECT ${DEAL_COLUMNS.join(', ')} FROM deals ORDER BY id`)).toEqual(DEALS);
    // The figures in fixtures/README.md: won 24 750.50 + 8 400 = 33 150.50, lost 9 900, open 12 500 + 5 000 = 17 500.
    expect(query(db, 'SELECT status, count(*) AS n, sum(amount) AS amount FROM deals GROUP BY status ORDER BY status')).toEqual([
      { status: 'lost', n: 1, amount: 9900 },
      { status: 'open', n: 2, amount: 17500 },
      { status: 'won', n: 2, amount: 33150.5 },
    ]);
  });
});
