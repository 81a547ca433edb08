/**
 * The JSON of the review, the reports and `smk check`, pinned byte for byte (but for the store's
 * folder and the wall-clock time of its imports) on the fixtures and
 * on generated stores of two shapes (scripts/generate-exports.mjs), so that moving the store and
 * the reports around (issue 19) cannot change a figure unnoticed. A pin proves no figure right:
 * the hand-computed tests do that (fixtures/review, fixtures/figures, fixtures/check). A change
 * that alters a figure on purpose rewrites the pins with
 *
 *   SMK_UPDATE_PINS=1 npx vitest run test/e2e/pinned-outputs.test.ts
 *
 * and the diff of test/pinned/ goes into that commit, explained.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixture, ROOT, tempDir } from '../helpers.ts';
import { smkHere } from '../in-process.ts';
// @ts-expect-error: a plain ES module of the bench, without types
import { writeContacts, writeDeals } from '../../scripts/generate-exports.mjs';

const PINS = path.join(ROOT, 'test', 'pinned');
const UPDATE = process.env.SMK_UPDATE_PINS === '1';

/** The outputs of one store: each command's JSON, with the store's folder written as <dir>. */
interface Store {
  name: string;
  db: string;
  dir: string;
  config: string[];
  period: string[];
}

const COMMANDS: Array<[string, string[]]> = [
  ['review', ['review', '--format', 'json']],
  ['funnel', ['report', 'funnel', '--format', 'json']],
  ['funnel-created-by-source', ['report', 'funnel', '--cohort', 'created', '--by', 'source', '--format', 'json']],
  ['quality', ['report', 'quality', '--format', 'json']],
  ['quality-by-owner', ['report', 'quality', '--by', 'owner', '--format', 'json']],
  ['sla', ['report', 'sla', '--format', 'json', '--limit', '100']],
  ['check', ['check', '--format', 'json', '--fail-on', 'never']],
];

function pinned(store: Store) {
  describe(store.name, () => {
    for (const [name, args] of COMMANDS) {
      it(`${name} is as pinned`, async () => {
        const run = await smkHere(['--db', store.db, ...store.config, ...args, ...store.period]);
        expect(run.stderr).toBe('');
        // The store's folder and the wall-clock times of its imports (the only instants with milliseconds) vary from run to run.
        const text = run.stdout.split(store.dir).join('<dir>').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<import time>');
        const file = path.join(PINS, `${store.name}.${name}.json`);
        if (UPDATE) fs.writeFileSync(file, text);
        expect(text).toBe(fs.readFileSync(file, 'utf8'));
      });
    }
  });
}

async function imported(name: string, steps: string[][], config: string[], period: string[]): Promise<Store> {
  const dir = tempDir();
  const db = path.join(dir, 'smk.db');
  for (const step of steps) {
    const run = await smkHere(['--db', db, ...config, 'import', ...step.map((a) => a.replace('<dir>', dir)), '-q']);
    expect(run.code, `${step.join(' ')}: ${run.stderr}`).toBe(0);
  }
  return { name, db, dir, config, period };
}

const stores: Store[] = [];

beforeAll(async () => {
  if (UPDATE) fs.mkdirSync(PINS, { recursive: true });
  const review = ['--glossary', fixture('review', 'glossary.yaml'), '--sla', fixture('review', 'sla.yaml')];
  stores.push(
    await imported(
      'review',
      [
        ['leads', fixture('review', 'leads-2026-11-16.csv'), '--snapshot-date', '2026-11-16', '--tz', 'Europe/Madrid'],
        ['leads', fixture('review', 'leads.csv'), '--snapshot-date', '2026-11-20', '--tz', 'Europe/Madrid'],
        ['deals', fixture('review', 'deals.csv'), '--tz', 'Europe/Madrid', '--snapshot-date', '2026-11-20'],
      ],
      review,
      ['--week', '2026-W47', '--as-of', '2026-11-23'],
    ),
  );
  const check = ['--glossary', fixture('check', 'glossary.yaml'), '--sla', fixture('check', 'sla.yaml')];
  // Every import says when its export was taken: else it is the day the test runs, and freshness moves with it.
  const taken = ['--snapshot-date', '2026-11-22'];
  stores.push(await imported('check', [['leads', fixture('check', 'leads.csv'), ...taken], ['deals', fixture('check', 'deals.csv'), ...taken]], check, ['--week', '2026-W47', '--as-of', '2026-11-23']));
  // The generated stores read with what `smk init` writes: the English glossary, and an SLA in Madrid.
  const generated = ['--glossary', path.join(ROOT, 'templates', 'glossary.en.yaml'), '--sla', fixture('review', 'sla.yaml')];
  for (const shape of ['bench', 'messy']) {
    const dir = tempDir();
    await writeContacts(path.join(dir, 'contacts.csv'), 3000, { shape });
    await writeDeals(path.join(dir, 'deals.csv'), 600, 3000, { shape });
    stores.push(
      await imported(
        shape,
        [
          ['leads', path.join(dir, 'contacts.csv'), '--tz', 'Europe/Madrid', '--snapshot-date', '2026-11-16'],
          ['deals', path.join(dir, 'deals.csv'), '--tz', 'Europe/Madrid', '--snapshot-date', '2026-11-16'],
        ],
        generated,
        ['--week', '2026-W40', '--as-of', '2026-10-05'],
      ),
    );
  }
}, 60_000);

describe('pinned outputs', () => {
  // The stores exist once beforeAll has run: the tests find theirs by name.
  for (const name of ['review', 'check', 'bench', 'messy']) {
    pinned({
      name,
      get db() { return stores.find((s) => s.name === name)!.db; },
      get dir() { return path.dirname(stores.find((s) => s.name === name)!.db); },
      get config() { return stores.find((s) => s.name === name)!.config; },
      get period() { return stores.find((s) => s.name === name)!.period; },
    } as Store);
  }
});
