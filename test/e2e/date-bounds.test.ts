/**
 * Dates far outside any sane period, on every command that takes one: a usage error naming the
 * flag and the years accepted, or a prompt answer; never a search that runs for ever.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { smkHere } from '../in-process.ts';
import { fixture, tempDir } from '../helpers.ts';

const COMMANDS = [['report', 'funnel'], ['review'], ['check']];
let dir: string;
let flags: (sla?: string) => string[];

beforeAll(async () => {
  dir = tempDir();
  const db = path.join(dir, 'smarketing.db');
  flags = (sla = fixture('review', 'sla.yaml')) => ['--db', db, '--glossary', fixture('review', 'glossary.yaml'), '--sla', sla];
  expect((await smkHere([...flags(), 'import', 'leads', fixture('review', 'leads.csv'), '-q'])).code).toBe(0);
  expect((await smkHere([...flags(), 'import', 'deals', fixture('review', 'deals.csv'), '-q'])).code).toBe(0);
});

describe.each(COMMANDS.map((command) => ({ name: command.join(' '), command })))('smk $name', ({ command }) => {
  const run = (args: string[], sla?: string) => smkHere([...flags(sla), ...command, ...args]);

  it('refuses a week or dates outside 1900–2200, naming the flag and the years, exit 2', async () => {
    expect(await run(['--week', '0050-W01'])).toEqual({ code: 2, stdout: '', stderr: 'smk: --week/--from/--to: 0050-W01: the year must be between 1900 and 2200\n' });
    expect(await run(['--from', '0050-01-01', '--to', '0050-01-07'])).toEqual({ code: 2, stdout: '', stderr: 'smk: --week/--from/--to: --from 0050-01-01: the year must be between 1900 and 2200\n' });
    expect(await run(['--from', '2026-11-16', '--to', '9999-12-31'])).toEqual({ code: 2, stdout: '', stderr: 'smk: --week/--from/--to: --to 9999-12-31: the year must be between 1900 and 2200\n' });
    for (const asOf of ['0050-01-01', '9999-12-31']) {
      const refused = await run(['--as-of', asOf]);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toBe(`smk: --as-of ${asOf}: the year must be between 1900 and 2200\n`);
    }
  });

  it('the last complete week as of the end of 2200 is 2200-W52; as of the first days of 1900, there is none', async () => {
    // The week holding the as-of, 2201-W01, was refused: "--week/--from/--to: 2201-W01: the year must be between 1900 and 2200".
    const end = await run(['--as-of', '2200-12-31', '--format', 'json']);
    expect(end.stderr).toBe('');
    expect([0, 1]).toContain(end.code);
    expect(JSON.stringify(JSON.parse(end.stdout))).toContain('"label":"2200-W52"');
    expect(await run(['--as-of', '1900-01-03'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'smk: --as-of: the last complete week before the as-of 1900-01-03 is 1899-W52: the year must be between 1900 and 2200; give --week or --from/--to\n',
    });
  });

  it('answers a period of three centuries at once', async () => {
    const started = performance.now();
    const long = await run(['--from', '1900-01-01', '--to', '2199-12-31', '--as-of', '2200-12-31', '--format', 'json']);
    expect(long.stderr).toBe('');
    expect([0, 1]).toContain(long.code);
    expect(performance.now() - started).toBeLessThan(5000);
  }, 20_000);

  it('refuses holidays outside 1900–2200 in sla.yaml, where they are written', async () => {
    const sla = path.join(dir, `sla-${command.join('-')}.yaml`);
    fs.writeFileSync(sla, fs.readFileSync(fixture('review', 'sla.yaml'), 'utf8').replace(/^timezone: .*$/m, '$&\nholidays: ["0050-01-01", "2026-12-25", "9999-01-01"]'));
    const refused = await run(['--week', '2026-W47'], sla);
    expect([refused.code, refused.stdout]).toEqual([2, '']);
    // One problem a line (\`smk config check\` prefixes each with "smk: ", the other commands only the first).
    expect(refused.stderr.replace(/^smk: /gm, '').split('\n')).toEqual([
      `${sla}:2:12  holidays.0: "0050-01-01" is out of range: the year must be between 1900 and 2200`,
      `${sla}:2:40  holidays.2: "9999-01-01" is out of range: the year must be between 1900 and 2200`,
      '',
    ]);
  });
});
