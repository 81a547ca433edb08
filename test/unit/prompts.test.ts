/** The questions asked on a terminal, answered by a script that types when each question appears. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askForColumns, askInitAnswers, askWhereToSave } from '../../src/ui/prompts.ts';
import { SLA_DEFAULTS } from '../../src/domain/setup.ts';
import type { Io } from '../../src/ui/io.ts';
import { main } from '../../src/cli.ts';

function terminal() {
  const stdin = new PassThrough();
  const stderr = new PassThrough();
  // Like process.stderr, the terminal is never closed by the prompts that pipe into it.
  stderr.end = (() => stderr) as typeof stderr.end;
  let screen = '';
  stderr.on('data', (d) => (screen += String(d)));
  const io: Io = { stdin, stderr, stdout: new PassThrough(), stdinIsTTY: true, stderrIsTTY: true, stdoutIsTTY: true, env: {}, cwd: '/tmp' };
  let seen = 0;
  /** Waits for `text` to appear on the screen after what was already answered, then types `keys`. */
  const answer = async (text: string, ...keys: string[]) => {
    for (let i = 0; i < 500; i++) {
      const at = screen.indexOf(text, seen);
      if (at >= 0) {
        seen = at + text.length;
        // Let the prompt finish rendering and start listening; type one key at a time, as a person does.
        for (const key of keys) {
          await new Promise((r) => setTimeout(r, 30));
          stdin.write(key);
        }
        return;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`"${text}" never appeared; screen:\n${screen}`);
  };
  return { io, answer, screen: () => screen };
}

const DOWN = '\x1b[B';

describe('askForColumns', () => {
  it('asks which column holds the missing field', async () => {
    const t = terminal();
    const answers = askForColumns(t.io, 'deals', ['id'], ['Name', 'Phone', 'City'], 'list.csv');
    await t.answer('Which column holds the id?', DOWN, '\r');
    expect(await answers).toEqual({ id: 'Phone' });
    expect(t.screen()).toContain('list.csv: no column was recognised for id.');
  });

  it('asks a lead for its id first, then for its email when it has none (an id is then not needed)', async () => {
    const t = terminal();
    const answers = askForColumns(t.io, 'leads', ['id', 'email'], ['Nome', 'Posta'], 'evento.csv');
    await t.answer('Which column holds the id?', DOWN, DOWN, '\r'); // (none of them)
    await t.answer('Which column holds the email?', DOWN, '\r');
    expect(await answers).toEqual({ email: 'Posta' });
  });

  it('asks for the fields the reports need too, each of which may have no column', async () => {
    const t = terminal();
    const answers = askForColumns(t.io, 'leads', [], ['Correo', 'Alta', 'Canal'], 'lista.csv', ['created_at', 'source']);
    await t.answer('Which column holds the created_at?', DOWN, '\r');
    await t.answer('Which column holds the source?', DOWN, DOWN, DOWN, '\r'); // (none of them)
    expect(await answers).toEqual({ created_at: 'Alta' });
    expect(t.screen()).toContain('lista.csv: the reports also need created_at, source, and no column was recognised for them.');
  });

  it('gives up when the answer is "none of them"', async () => {
    const t = terminal();
    const answers = askForColumns(t.io, 'deals', ['id'], ['Name'], 'x.csv');
    await t.answer('Which column holds the id?', DOWN, '\r');
    expect(await answers).toBeUndefined();
  });
});

describe('askWhereToSave', () => {
  it('asks whether to save the answers and under which name', async () => {
    const t = terminal();
    const saveTo = askWhereToSave(t.io, 'deals');
    await t.answer('Save these answers as a mapping file?', 'y', '\r');
    await t.answer('Mapping file name', 'phones.yaml', '\r');
    // The typed name follows the offered default, which the user would erase first.
    expect(await saveTo).toMatch(/phones\.yaml$/);
  });

  it('saves nothing when told not to', async () => {
    const t = terminal();
    const saveTo = askWhereToSave(t.io, 'leads');
    await t.answer('Save these answers as a mapping file?', 'n', '\r');
    expect(await saveTo).toBeUndefined();
  });
});

describe('askInitAnswers', () => {
  const defaults = { ...SLA_DEFAULTS, lang: 'en', timezone: 'Europe/Madrid' };

  it('asks every question a flag did not answer, with the defaults offered', async () => {
    const t = terminal();
    const answers = askInitAnswers(t.io, {}, defaults);
    await t.answer('Where do your exports come from?', DOWN, '\r'); // HubSpot → Salesforce
    await t.answer('Language of the glossary', DOWN, '\r'); // English → Español
    await t.answer('Time zone of the SLA clock', '\r'); // the default
    await t.answer('Working hours (Monday to Friday)', '\r');
    await t.answer('Sales touches a new MQL within', '\r');
    await t.answer('Sales accepts or rejects an MQL within', '\r');
    await t.answer('MQLs marketing delivers per week', '\r');
    expect(await answers).toEqual({ crm: 'salesforce', lang: 'es', timezone: 'Europe/Madrid', workingHours: '09:00-18:00', firstTouch: '4 working hours', decide: '2 working days', mqlTarget: 120 });
  });

  it('skips what the flags answered and refuses an invalid answer until it is fixed', async () => {
    const t = terminal();
    const answers = askInitAnswers(t.io, { crm: 'pipedrive', lang: 'it', timezone: 'Europe/Rome', workingHours: '09:00-17:00', decide: '1 working day', mqlTarget: 40 }, defaults);
    // Clear the offered default (Backspace is not needed: typing replaces a default in inquirer's input).
    await t.answer('Sales touches a new MQL within', 'soon', '\r');
    await t.answer('is not a duration', '\x7f\x7f\x7f\x7f', '2h', '\r');
    expect(await answers).toEqual({ crm: 'pipedrive', lang: 'it', timezone: 'Europe/Rome', workingHours: '09:00-17:00', firstTouch: '2h', decide: '1 working day', mqlTarget: 40 });
    expect(t.screen()).not.toContain('Where do your exports come from?');
  });
});

describe('Ctrl-C at a question', () => {
  it('smk init ends with one line and exit 130, and writes nothing', async () => {
    const t = terminal();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smk-init-'));
    const code = main(['--db', path.join(dir, 'smk.db'), 'init'], { ...t.io, cwd: dir });
    await t.answer('Where do your exports come from?', '\x03');
    expect(await code).toBe(130);
    expect(t.screen().endsWith('smk: interrupted: nothing was written\n')).toBe(true);
    expect(t.screen()).not.toContain('internal error');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
