/** The questions asked on a terminal, answered by a script that types when each question appears. */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askForColumns } from '../../src/ui/prompts.ts';
import type { Io } from '../../src/ui/io.ts';

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
  it('asks which column holds the missing field and where to save the mapping', async () => {
    const t = terminal();
    const answers = askForColumns(t.io, 'deals', ['id'], ['Name', 'Phone', 'City'], 'list.csv');
    await t.answer('Which column holds the id?', DOWN, '\r');
    await t.answer('Save these answers as a mapping file?', 'y', '\r');
    await t.answer('Mapping file name', 'phones.yaml', '\r');
    // The typed name follows the offered default, which the user would erase first.
    expect(await answers).toEqual({ columns: { id: 'Phone' }, saveTo: expect.stringMatching(/phones\.yaml$/) });
    expect(t.screen()).toContain('list.csv: no column was recognised for id.');
  });

  it('asks a lead for its email (an id is then not needed) and may not save', async () => {
    const t = terminal();
    const answers = askForColumns(t.io, 'leads', ['id', 'email'], ['Nome', 'Posta'], 'evento.csv');
    await t.answer('Which column holds the email?', DOWN, '\r');
    await t.answer('Save these answers as a mapping file?', 'n', '\r');
    expect(await answers).toEqual({ columns: { email: 'Posta' } });
  });

  it('gives up when the answer is "none of them"', async () => {
    const t = terminal();
    const answers = askForColumns(t.io, 'deals', ['id'], ['Name'], 'x.csv');
    await t.answer('Which column holds the id?', DOWN, '\r');
    expect(await answers).toBeUndefined();
  });
});
