/** `smk config check`: both files validated, every problem at once, nothing else touched. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { smk, tempDir } from '../helpers.ts';
import { smkHere } from '../in-process.ts';

const GLOSSARY = `stages:
  - { id: lead, name: Lead, owner: marketing, definition: Interested. }
  - { id: mql, name: MQL, owner: marketing, definition: Vouched for by marketing. }
outcomes:
  - { id: rejected, name: Rejected, kind: rejected }
segments:
  - { id: founder, name: Founder }
`;
const SLA = `timezone: Europe/Madrid
working_hours: { days: [mon, tue, wed, thu, fri], start: "09:00", end: "18:00" }
marketing:
  mql_per_week: { target: 30, by_segment: { founder: 10 } }
sales:
  first_touch: { within: 4 working hours }
`;

function project(glossary = GLOSSARY, sla = SLA): string {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'glossary.yaml'), glossary);
  fs.writeFileSync(path.join(dir, 'sla.yaml'), sla);
  return dir;
}

describe('smk config check', () => {
  // On the built smk: that no database is made is seen in the process's own directory.
  it('finds glossary.yaml and sla.yaml in the current directory and says they are fine', () => {
    const dir = project();
    const run = smk(['config', 'check'], { cwd: dir });
    expect(run).toEqual({
      code: 0,
      stdout: `${dir}/glossary.yaml: ok (2 stages: lead → mql; 1 outcome; 0 sources; 1 segment)\n${dir}/sla.yaml: ok (Europe/Madrid; 30 MQLs a week, first touch within 4 working hours)\n`,
      stderr: '',
    });
    expect(fs.existsSync(path.join(dir, 'smarketing.db'))).toBe(false);
  });

  it('takes --glossary/--sla, else SMK_GLOSSARY/SMK_SLA, and says which with --verbose', async () => {
    const dir = project();
    const elsewhere = tempDir();
    const byFlag = await smkHere(['--verbose', '--glossary', path.join(dir, 'glossary.yaml'), '--sla', path.join(dir, 'sla.yaml'), 'config', 'check'], { cwd: elsewhere });
    expect(byFlag.code).toBe(0);
    expect(byFlag.stderr).toBe(`smk: glossary: ${dir}/glossary.yaml (flag)\nsmk: sla: ${dir}/sla.yaml (flag)\n`);
    const byEnv = await smkHere(['-v', 'config', 'check'], { cwd: elsewhere, env: { SMK_GLOSSARY: path.join(dir, 'glossary.yaml'), SMK_SLA: path.join(dir, 'sla.yaml') } });
    expect(byEnv.code).toBe(0);
    expect(byEnv.stderr).toContain('(environment)');
  });

  it('without the files, says how to get them, exit 2', async () => {
    const dir = tempDir();
    const run = await smkHere(['config', 'check'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`smk: no glossary.yaml in ${dir}: run smk init to write one, or pass --glossary FILE (or set SMK_GLOSSARY)`);
    expect(run.stderr).toContain('smk: no sla.yaml in');
  });

  it('reports the problems of both files together, each with file:line:column', async () => {
    const dir = project(GLOSSARY.replace('owner: marketing, definition: Interested.', 'owner: marketting, definition: Interested.'), SLA.replace('end: "18:00"', 'end: "18:00", lunch: "14:00"'));
    const run = await smkHere(['config', 'check'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      `smk: ${dir}/glossary.yaml:2:36  stages.0.owner: "marketting" is not allowed (did you mean "marketing"?); allowed: marketing, sales`,
      `smk: ${dir}/sla.yaml:2:81  working_hours.lunch: unknown key; allowed: days, start, end`,
    ]);
  });

  it('reports every bad holiday at once, those of the schema and of the calendar, in the order they are written', async () => {
    const dir = project(GLOSSARY, SLA.replace('timezone: Europe/Madrid\n', 'timezone: Europe/Madrid\nholidays: ["2026-13-01", "2026-02-30", "not a date", "2026-12-25x"]\n'));
    const run = await smkHere(['config', 'check'], { cwd: dir });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        `smk: ${dir}/sla.yaml:2:12  holidays.0: "2026-13-01" is not a date\n` +
        `smk: ${dir}/sla.yaml:2:26  holidays.1: "2026-02-30" is not a date\n` +
        `smk: ${dir}/sla.yaml:2:40  holidays.2: "not a date" is not valid; it must be a date, YYYY-MM-DD\n` +
        `smk: ${dir}/sla.yaml:2:54  holidays.3: "2026-12-25x" is not valid; it must be a date, YYYY-MM-DD\n`,
    });
  });

  it('reports a bad zone, working hours, holidays, rates and duration together, one line each', async () => {
    const sla = `timezone: Europe/Madird
working_hours: { days: [mon, tue, wed, thu, fri], start: "18:00", end: "09:00" }
holidays: ["2026-02-30", "0050-01-01", "2026-12-25x"]
money: { rates: { USD: 0.92 } }
sales:
  first_touch: { within: 4 workng hours }
`;
    const run = await smkHere(['config', 'check'], { cwd: project(GLOSSARY, sla) });
    expect(run.code).toBe(2);
    expect(run.stderr.replace(/\/tmp\/smk-test-\w+\//g, '')).toBe(
      'smk: sla.yaml:1:11  timezone: unknown time zone "Europe/Madird"\n' +
        'smk: sla.yaml:2:72  working_hours.end: working hours end 09:00 is not after their start 18:00\n' +
        'smk: sla.yaml:3:12  holidays.0: "2026-02-30" is not a date\n' +
        'smk: sla.yaml:3:26  holidays.1: "0050-01-01" is out of range: the year must be between 1900 and 2200\n' +
        'smk: sla.yaml:3:40  holidays.2: "2026-12-25x" is not valid; it must be a date, YYYY-MM-DD\n' +
        'smk: sla.yaml:4:17  money.rates: rates convert into the team\'s currency: add money.currency (e.g. currency: EUR)\n' +
        'smk: sla.yaml:6:26  sales.first_touch.within: "4 workng hours" is not valid; it must be a duration such as 30m, 4h, 2d, 4 working hours or 2 working days\n',
    );
  });

  it('checks the terms the SLA names even when it has other problems, in the order they are written', async () => {
    const sla = SLA.replace('timezone: Europe/Madrid', 'timezone: Europe/Madird').replace('by_segment: { founder: 10 }', 'by_segment: { founders: 10 }, level: failed');
    const run = await smkHere(['config', 'check'], { cwd: project(GLOSSARY, sla) });
    expect(run.code).toBe(2);
    expect(run.stderr.replace(/\/tmp\/smk-test-\w+\//g, '')).toBe(
      'smk: sla.yaml:1:11  timezone: unknown time zone "Europe/Madird"\n' +
        'smk: sla.yaml:4:45  marketing.mql_per_week.by_segment.founders: "founders" is not a segment id of the glossary (did you mean "founder"?); known: founder\n' +
        'smk: sla.yaml:4:68  marketing.mql_per_week.level: "failed" is not allowed (did you mean "fail"?); allowed: fail, warn\n',
    );
  });

  it('checks that the SLA names terms the glossary has', async () => {
    const dir = project(GLOSSARY, SLA.replace('by_segment: { founder: 10 }', 'by_segment: { founders: 10 }'));
    const run = await smkHere(['config', 'check'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`smk: ${dir}/sla.yaml:4:45  marketing.mql_per_week.by_segment.founders: "founders" is not a segment id of the glossary (did you mean "founder"?); known: founder\n`);
  });
});
