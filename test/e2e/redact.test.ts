/**
 * `--redact` (issue 18, personal data): no lead name and no email address in any output of the
 * reports, the review or `smk check`, in every format, whether the export had an id column (ids
 * are the CRM's and stay) or not (leads are keyed by their email, shown as `lead-` + 10 hex
 * digits of its SHA-256). Fake people only.
 *
 * The leads, in 2026-W47 (Europe/Madrid, as of 2026-11-23; fixtures/check's glossary and SLA):
 *   51234            Anaïs Quenby, MQL Mon 10:00, never touched: an open breach
 *   00Q5g00000AbCdE  Bruno Vexley, MQL Tue 10:00, touched Wed 16:00: late; owner an email address
 *   51236            Carla Wendholt, MQL Wed 10:00, touched 11:00, source an unknown value that holds an email
 *   51237            Dario Yarrowby, MQL Thu 09:30, rejected without a reason
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers.ts';
import { smkHere } from '../in-process.ts';

const CONFIG = ['--glossary', fixture('check', 'glossary.yaml'), '--sla', fixture('check', 'sla.yaml')];
const W47 = ['--week', '2026-W47', '--as-of', '2026-11-23'];

const HEADER = 'id,email,first_name,last_name,company,source,owner,score,segment,stage,status,created_at,mql_at,sal_at,sql_at,first_touch_at,rejected_at,rejection_reason';
const LEADS = [
  '51234,anais.quenby@example.com,Anaïs,Quenby,Quenby SL,PAID_SEARCH,Lucía Fernández,70,founder,marketingqualifiedlead,,2026-11-16T08:00:00Z,2026-11-16T09:00:00Z,,,,,',
  '00Q5g00000AbCdE,Bruno.Vexley@Example.com,Bruno,Vexley,Vexley srl,PAID_SEARCH,sam.owner@example.org,60,founder,marketingqualifiedlead,,2026-11-17T08:00:00Z,2026-11-17T09:00:00Z,,,2026-11-18T15:00:00Z,,',
  '51236,carla.wendholt@example.com,Carla,Wendholt,Wendholt,Referral from ref.person@example.net,Lucía Fernández,55,founder,marketingqualifiedlead,,2026-11-18T08:00:00Z,2026-11-18T09:00:00Z,,,2026-11-18T10:00:00Z,,',
  '51237,dario.yarrowby@example.com,Dario,Yarrowby,Yarrowby,PAID_SEARCH,Javier Ortega,30,founder,marketingqualifiedlead,UNQUALIFIED,2026-11-19T08:00:00Z,2026-11-19T08:30:00Z,,,2026-11-19T09:00:00Z,2026-11-19T11:00:00Z,',
];
const NAMES = ['Anaïs', 'Quenby', 'Bruno', 'Vexley', 'Carla', 'Wendholt', 'Dario', 'Yarrowby'];
const CRM_IDS = ['51234', '00Q5g00000AbCdE'];
const EMAILS = ['anais.quenby@example.com', 'bruno.vexley@example.com'];
const pseudonym = (email: string) => `lead-${createHash('sha256').update(email).digest('hex').slice(0, 10)}`;

/** The same leads with an id column, and as an export without one (the email is then the id). */
const withIds = [HEADER, ...LEADS].join('\n') + '\n';
const emailOnly = [HEADER.replace(/^id,/, ''), ...LEADS.map((line) => line.replace(/^[^,]*,/, ''))].join('\n') + '\n';

const dbs: Record<'ids' | 'emails', string> = { ids: '', emails: '' };

beforeAll(async () => {
  const dir = tempDir();
  for (const [key, text] of [['ids', withIds], ['emails', emailOnly]] as const) {
    const file = path.join(dir, `${key}.csv`);
    fs.writeFileSync(file, text);
    dbs[key] = path.join(dir, `${key}.db`);
    const run = await smkHere(['--db', dbs[key], ...CONFIG, 'import', 'leads', file, '--snapshot-date', '2026-11-23', '-q']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  }
});

const REPORT_FORMATS = ['table', 'text', 'markdown', 'json', 'csv'];
const commands: Array<{ name: string; args: string[]; formats: string[] }> = [
  { name: 'report sla', args: ['report', 'sla', '--no-exit-code'], formats: REPORT_FORMATS },
  { name: 'report sla --by owner', args: ['report', 'sla', '--no-exit-code', '--by', 'owner'], formats: REPORT_FORMATS },
  { name: 'report quality', args: ['report', 'quality'], formats: REPORT_FORMATS },
  { name: 'report funnel', args: ['report', 'funnel'], formats: REPORT_FORMATS },
  { name: 'review', args: ['review'], formats: REPORT_FORMATS },
  { name: 'check', args: ['check', '--fail-on', 'never'], formats: ['table', 'markdown', 'json'] },
];

async function run(key: keyof typeof dbs, args: string[], format: string, redact: boolean): Promise<string> {
  const result = await smkHere(['--db', dbs[key], ...CONFIG, ...args, ...W47, '--format', format, ...(redact ? ['--redact'] : [])]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

function expectNothingPersonal(out: string): void {
  expect(out).not.toMatch(/[^\s"'<>()[\]|,;:`\\]+@[^\s"'<>()[\]|,;:`\\]+/);
  expect(out).not.toContain('@');
  for (const name of NAMES) expect(out).not.toContain(name);
}

describe.each(['ids', 'emails'] as const)('--redact, leads keyed by %s', (key) => {
  for (const command of commands) {
    it.each(command.formats)(`${command.name} --format %s shows no lead name and no email address`, async (format) => {
      const out = await run(key, command.args, format, true);
      expectNothingPersonal(out);
      if (format === 'json') JSON.parse(out);
    });
  }

  it('shows the breaches and the examples by CRM id, or by the pseudonym of the email', async () => {
    const ids = key === 'ids' ? CRM_IDS : EMAILS.map(pseudonym);
    // Not the terminal table: at 100 columns it cuts a long word in a narrowed text column (`lead-37b17…`).
    for (const format of REPORT_FORMATS.filter((f) => f !== 'table')) {
      const sla = await run(key, ['report', 'sla', '--no-exit-code'], format, true);
      for (const id of ids) expect(sla).toContain(id);
      const review = await run(key, ['review'], format, true);
      for (const id of ids) expect(review).toContain(id);
    }
    const check = JSON.parse(await run(key, ['check', '--fail-on', 'never'], 'json', true)) as { findings: Array<{ code: string; examples: string[]; message: string }> };
    const examples = (code: string) => check.findings.find((f) => f.code === code)?.examples;
    expect(examples('first-touch-overdue')).toEqual([ids[0]]);
    expect(examples('first-touch-late')).toEqual([ids[1]]);
    // The email quoted by the unknown source's message is hidden too, the same way each time.
    const unknown = check.findings.find((f) => f.code === 'unknown-source')!.message;
    const hidden = `email-${createHash('sha256').update('ref.person@example.net').digest('hex').slice(0, 10)}`;
    expect(unknown).toContain(`"Referral from ${hidden}"`);
    // The SLA's owners keep their names; an owner that is an email address is hidden like any other.
    const owners = await run(key, ['report', 'sla', '--no-exit-code', '--by', 'owner'], 'text', true);
    expect(owners).toContain('Lucía Fernández');
    expect(owners).toContain(`email-${createHash('sha256').update('sam.owner@example.org').digest('hex').slice(0, 10)}`);
  });

  it('without --redact, names the leads as before', async () => {
    const sla = await run(key, ['report', 'sla', '--no-exit-code'], 'text', false);
    expect(sla).toContain('Anaïs Quenby');
    expect(sla).toContain('anais.quenby@example.com');
    const check = await run(key, ['check', '--fail-on', 'never'], 'json', false);
    expect(check).toContain(key === 'ids' ? '"51234"' : '"anais.quenby@example.com"');
  });
});
