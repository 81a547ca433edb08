/**
 * Values from a CRM are data (issue 18, hostile values): terminal escape sequences in names,
 * owners, sources, campaigns, reasons and ids reach no terminal, and Markdown shows HTML and link
 * syntax as literal text. See src/render/sanitize.ts for the escapes and README ("Values are
 * shown, never obeyed").
 *
 * The leads, in 2026-W47 (fixtures/check's glossary and SLA, as of 2026-11-23):
 *   H1         hostile names, owner, source and campaign; MQL Mon 10:00, never touched: a breach
 *   H2<OSC>    an id with a window-title sequence; MQL Tue, touched in time, rejected with a hostile reason
 *   H3         an MQL date holding a clear-screen sequence: a rejected row
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, tempDir } from '../helpers.ts';
import { smkHere } from '../in-process.ts';

const CONFIG = ['--glossary', fixture('check', 'glossary.yaml'), '--sla', fixture('check', 'sla.yaml')];
const W47 = ['--week', '2026-W47', '--as-of', '2026-11-23'];

const CLEAR = '\u001b[2J';
const TITLE = '\u001b]0;pwned\u0007';
const CLIPBOARD = '\u001b]52;c;cm0gLXJmIC8K\u0007';
const RED = '\u001b[31m';
const C1_CSI = '\u009b31m';
const RLO = '\u202e';

const FIRST = `Eve${CLEAR}`;
const LAST = `${TITLE}Mallory`;
const OWNER = `Olga${CLIPBOARD} Owner`;
const SOURCE = `${RED}Red source\u001b[0m`;
const CAMPAIGN = '<img src=x onerror=alert(1)> [click](https://evil) `code` *bold* _it_ | pipe';
const REASON = `${RLO}evil${'\u202c'} reason ${C1_CSI}\ttabbed`;
const ID = `H2${TITLE}`;

const HEADER = 'id,email,first_name,last_name,company,source,campaign,owner,score,segment,stage,status,created_at,mql_at,first_touch_at,rejected_at,rejection_reason';
const CSV = [
  HEADER,
  `H1,eve@example.com,${FIRST},${LAST},Evil Corp,${SOURCE},${CAMPAIGN},${OWNER},70,founder,marketingqualifiedlead,,2026-11-16T08:00:00Z,2026-11-16T09:00:00Z,,,`,
  `${ID},olga@example.com,Olga,Lead,Evil Corp,PAID_SEARCH,${CAMPAIGN},${OWNER},60,founder,marketingqualifiedlead,UNQUALIFIED,2026-11-17T08:00:00Z,2026-11-17T09:00:00Z,2026-11-17T10:00:00Z,2026-11-17T11:00:00Z,${REASON}`,
  `H3,mal@example.com,Mal,Row,Evil Corp,PAID_SEARCH,,${OWNER},60,founder,marketingqualifiedlead,,2026-11-17T08:00:00Z,2026-11-1${CLEAR}7,,,`,
].join('\n') + '\n';

// Every character that acts on a terminal instead of showing: C0 but the line feed, DEL, C1, the bidirectional controls.
const ACTING = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

let db: string;
let file: string;

beforeAll(async () => {
  const dir = tempDir();
  file = path.join(dir, 'hostile.csv');
  fs.writeFileSync(file, CSV);
  db = path.join(dir, 'smk.db');
  expect((await smkHere(['--db', db, ...CONFIG, 'import', 'leads', file, '--snapshot-date', '2026-11-23', '--max-rejected', '100%', '-q'])).code).toBe(0);
});

async function smkOk(args: string[]): Promise<string> {
  const run = await smkHere(['--db', db, ...CONFIG, ...args]);
  expect(run.stderr).not.toMatch(ACTING);
  expect(run.stdout).not.toMatch(ACTING);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
}

describe('hostile values', () => {
  it('the import says which rows it rejected and why, with the sequence in the value made visible', async () => {
    const other = path.join(tempDir(), 'smk.db');
    // 1 of 3 rows is over the default limit of 10%: the file is not imported, and the error quotes the value.
    const refused = await smkHere(['--db', other, ...CONFIG, 'import', 'leads', file, '--snapshot-date', '2026-11-23']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).not.toMatch(ACTING);
    expect(refused.stderr).toContain('"2026-11-1\\x1B[2J7"');

    const run = await smkHere(['--db', other, ...CONFIG, 'import', 'leads', file, '--snapshot-date', '2026-11-23', '--max-rejected', '100%']);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(ACTING);
    expect(run.stderr).toMatch(/:4: column "mql_at": "2026-11-1\\x1B\[2J7"/);
  });

  const reports: Array<[string, string[]]> = [
    ['report sla', ['report', 'sla', '--no-exit-code']],
    ['report sla --by owner', ['report', 'sla', '--no-exit-code', '--by', 'owner']],
    ['report quality', ['report', 'quality']],
    ['report quality --by campaign', ['report', 'quality', '--by', 'campaign']],
    ['report funnel --by campaign', ['report', 'funnel', '--by', 'campaign']],
    ['review', ['review']],
  ];

  describe.each(reports)('%s', (_name, args) => {
    it.each(['table', 'text', 'markdown'])('--format %s: no character reaches the terminal to act on it', async (format) => {
      const out = await smkOk([...args, ...W47, '--format', format]);
      expect(out).not.toContain('pwned\u0007');
      if (format === 'markdown') {
        expect(out).not.toContain('<img');
        // `\[click\](https://evil)`: brackets escaped are no link (CommonMark, GitHub, Markdown.pl).
        expect(out).not.toMatch(/(?<!\\)\]\(https:\/\/evil\)/);
        if (args.includes('campaign')) {
          expect(out).toContain('&lt;img src=x onerror=alert(1)&gt; \\[click\\](https://evil) \\`code\\` \\*bold\\* \\_it\\_ \\| pipe');
        }
      } else if (args.includes('campaign')) {
        // The terminal table wraps the cell: its words are there, one line or another.
        expect(out).toContain('<img');
      }
    });

    it('--format json keeps every value, escaped: the same text parsed back', async () => {
      const out = await smkOk([...args, ...W47, '--format', 'json']);
      const strings = JSON.stringify(JSON.parse(out));
      if (args.includes('owner')) expect(strings).toContain(JSON.stringify(OWNER));
      if (args.includes('campaign')) expect(strings).toContain(JSON.stringify(CAMPAIGN));
    });

    it('--format csv keeps the values as they are (data for a spreadsheet)', async () => {
      const run = await smkHere(['--db', db, ...CONFIG, ...args, ...W47, '--format', 'csv']);
      expect(run.code).toBe(0);
      if (args.includes('owner')) expect(run.stdout).toContain(OWNER);
      if (args.includes('campaign')) expect(run.stdout).toContain(CAMPAIGN);
    });
  });

  it('shows the values escaped where people read them: names, owner, source, reason, id', async () => {
    const sla = await smkOk(['report', 'sla', '--no-exit-code', ...W47, '--format', 'text']);
    expect(sla).toContain('Eve\\x1B[2J \\x1B]0;pwned\\x07Mallory');
    expect(sla).toContain('Olga\\x1B]52;c;cm0gLXJmIC8K\\x07 Owner');
    const quality = await smkOk(['report', 'quality', ...W47, '--format', 'text']);
    expect(quality).toContain('\\x1B[31mRed source\\x1B[0m');
    expect(quality).toContain('\\u202Eevil\\u202C reason \\x9B31m tabbed');
    const check = await smkOk(['check', ...W47, '--fail-on', 'never', '--format', 'table']);
    expect(check).toContain('H2\\x1B]0;pwned\\x07');
    expect(check).toContain('"\\x1B[31mRed'); // the table wraps the cell at the space
  });

  it.each(['table', 'markdown', 'json'])('smk check --format %s: no character reaches the terminal to act on it', async (format) => {
    const out = await smkOk(['check', ...W47, '--fail-on', 'never', '--format', format]);
    if (format === 'json') expect(JSON.parse(out).findings.find((f: { code: string }) => f.code === 'unknown-source').message).toContain(SOURCE);
    if (format === 'markdown') expect(out).toContain('"\\\\x1B\\[31mRed source\\\\x1B\\[0m"');
  });
});
