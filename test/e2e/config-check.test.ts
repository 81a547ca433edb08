/** `smk config check`: both files validated, every problem at once, nothing else touched. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { smk, tempDir } from '../helpers.ts';

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

  it('takes --glossary/--sla, else SMK_GLOSSARY/SMK_SLA, and says which with --verbose', () => {
    const dir = project();
    const elsewhere = tempDir();
    const byFlag = smk(['--verbose', '--glossary', path.join(dir, 'glossary.yaml'), '--sla', path.join(dir, 'sla.yaml'), 'config', 'check'], { cwd: elsewhere });
    expect(byFlag.code).toBe(0);
    expect(byFlag.stderr).toBe(`smk: glossary: ${dir}/glossary.yaml (flag)\nsmk: sla: ${dir}/sla.yaml (flag)\n`);
    const byEnv = smk(['-v', 'config', 'check'], { cwd: elsewhere, env: { SMK_GLOSSARY: path.join(dir, 'glossary.yaml'), SMK_SLA: path.join(dir, 'sla.yaml') } });
    expect(byEnv.code).toBe(0);
    expect(byEnv.stderr).toContain('(environment)');
  });

  it('without the files, says how to get them, exit 2', () => {
    const dir = tempDir();
    const run = smk(['config', 'check'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`smk: no glossary.yaml in ${dir}: run smk init to write one, or pass --glossary FILE (or set SMK_GLOSSARY)`);
    expect(run.stderr).toContain('smk: no sla.yaml in');
  });

  it('reports the problems of both files together, each with file:line:column', () => {
    const dir = project(GLOSSARY.replace('owner: marketing, definition: Interested.', 'owner: marketting, definition: Interested.'), SLA.replace('end: "18:00"', 'end: "18:00", lunch: "14:00"'));
    const run = smk(['config', 'check'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      `smk: ${dir}/glossary.yaml:2:36  stages.0.owner: "marketting" is not allowed (did you mean "marketing"?); allowed: marketing, sales`,
      `smk: ${dir}/sla.yaml:2:81  working_hours.lunch: unknown key; allowed: days, start, end`,
    ]);
  });

  it('checks that the SLA names terms the glossary has', () => {
    const dir = project(GLOSSARY, SLA.replace('by_segment: { founder: 10 }', 'by_segment: { founders: 10 }'));
    const run = smk(['config', 'check'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`smk: ${dir}/sla.yaml:4:45  marketing.mql_per_week.by_segment.founders: "founders" is not a segment id of the glossary (did you mean "founder"?); known: founder\n`);
  });
});
