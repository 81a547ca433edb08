/** `smk init` through its flags: files written, database created, nothing overwritten by surprise. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { smk, tempDir } from '../helpers.ts';
import { smkHere } from '../in-process.ts';

/** In this process the default database, ./smarketing.db, is in the test's directory, not `cwd`: these runs name it. */
const dbIn = (dir: string) => ['--db', path.join(dir, 'smarketing.db')];

describe('smk init', () => {
  // On the built smk: the database is made at the default path, in the directory the process runs in.
  it('with --yes writes both files with the defaults and creates the database', async () => {
    const dir = tempDir();
    const run = smk(['init', '--yes', '--timezone', 'Europe/Madrid'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`wrote ${dir}/glossary.yaml (en) and ${dir}/sla.yaml`);
    const sla = parse(fs.readFileSync(path.join(dir, 'sla.yaml'), 'utf8'));
    expect(sla).toMatchObject({
      timezone: 'Europe/Madrid',
      working_hours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '18:00' },
      marketing: { mql_per_week: { target: 120, level: 'fail' } },
      sales: { first_touch: { within: '4 working hours' }, decision: { within: '2 working days' } },
    });
    expect(fs.readFileSync(path.join(dir, 'glossary.yaml'), 'utf8').split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*schema\/glossary\.schema\.json$/);
    expect(fs.readFileSync(path.join(dir, 'sla.yaml'), 'utf8').split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*schema\/sla\.schema\.json$/);
    expect(fs.statSync(path.join(dir, 'smarketing.db')).mode & 0o777).toBe(0o600);
    // What init writes passes its own check.
    expect((await smkHere(['config', 'check'], { cwd: dir })).code).toBe(0);
  });

  it('takes every answer from its flag', async () => {
    const dir = tempDir();
    const run = await smkHere([...dbIn(dir), 'init', '--yes', '--crm', 'salesforce', '--lang', 'it', '--timezone', 'Europe/Rome', '--working-hours', '8:30-17:30',
      '--first-touch', '2 working hours', '--decide', '1 working day', '--mql-target', '45'], { cwd: dir });
    expect(run.code).toBe(0);
    const text = fs.readFileSync(path.join(dir, 'sla.yaml'), 'utf8');
    expect(text).toContain('# CRM: salesforce');
    expect(parse(text)).toMatchObject({
      timezone: 'Europe/Rome',
      working_hours: { start: '08:30', end: '17:30' },
      marketing: { mql_per_week: { target: 45 } },
      sales: { first_touch: { within: '2 working hours' }, decision: { within: '1 working day' } },
    });
    expect(parse(fs.readFileSync(path.join(dir, 'glossary.yaml'), 'utf8')).language).toBe('it');
  });

  // On the built smk: its standard input and output are really not a terminal.
  it('without a terminal and without --yes, names the flags, exit 2', () => {
    const dir = tempDir();
    const run = smk(['init'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('pass --yes to accept the defaults, with any of --crm, --lang, --timezone, --working-hours, --first-touch, --decide, --mql-target');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('refuses bad answers before writing anything', async () => {
    const dir = tempDir();
    expect((await smkHere([...dbIn(dir), 'init', '--yes', '--timezone', 'Mars/Olympus'], { cwd: dir })).stderr).toContain('--timezone Mars/Olympus: unknown time zone "Mars/Olympus"');
    expect((await smkHere([...dbIn(dir), 'init', '--yes', '--working-hours', '18:00-09:00'], { cwd: dir })).stderr).toContain('--working-hours 18:00-09:00: working hours end 09:00 is not after their start 18:00');
    expect((await smkHere([...dbIn(dir), 'init', '--yes', '--first-touch', 'soon'], { cwd: dir })).stderr).toContain('--first-touch soon: "soon" is not a duration');
    expect((await smkHere([...dbIn(dir), 'init', '--yes', '--mql-target', 'many'], { cwd: dir })).code).toBe(2);
    expect((await smkHere([...dbIn(dir), 'init', '--yes', '--lang', 'fr'], { cwd: dir })).code).toBe(2);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('never overwrites an existing file without --force', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'sla.yaml'), '# ours\n');
    const run = await smkHere([...dbIn(dir), 'init', '--yes'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${dir}/sla.yaml exists; pass --force to overwrite it`);
    expect(fs.readFileSync(path.join(dir, 'sla.yaml'), 'utf8')).toBe('# ours\n');
    expect((await smkHere([...dbIn(dir), 'init', '--yes', '--force'], { cwd: dir })).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'sla.yaml'), 'utf8')).toContain('working_hours:');
  });
});
