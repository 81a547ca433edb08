/**
 * The read worker's answers are used only when they were read from the same data as the main
 * thread's reads (`Database.dataVersion`, the newest import batch). Here the worker is a stand-in
 * that answers from a copy of the database one import ahead, as a real worker would when an
 * import lands between its read and the main thread's: the review and a report must then read
 * everything again on the main thread and print exactly what they print without a worker.
 * `smk` runs in this process (its `main`), so that `ReadWorker.start` can be replaced; so do the
 * runs without a worker it is compared with (SMK_READ_WORKER=never never starts one).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Database } from '../../src/db/database.ts';
import type { ReadJob } from '../../src/db/read-in-worker.ts';
import type { Glossary } from '../../src/domain/glossary.ts';
import type { DealDatedColumns } from '../../src/domain/metrics/facts.ts';
import { fixture, tempDir } from '../helpers.ts';
import { smkHere } from '../in-process.ts';

/** What the stand-in worker answers from: the path of its database. */
const worker = vi.hoisted(() => ({ dbPath: '', asked: [] as string[] }));

vi.mock('../../src/db/read-in-worker.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/db/read-in-worker.ts')>();
  const { answerReadJob } = await import('../../src/db/read-jobs.ts');
  // Answers as read-worker.ts does, from `worker.dbPath`, whatever database the command opened.
  const standIn = () => {
    const db = Database.openForReading(worker.dbPath);
    const ask = async (job: ReadJob) => {
      worker.asked.push(job.kind);
      return answerReadJob(db, job);
    };
    return {
      survey: (glossary: Glossary, asOf: number, zone: string) => ask({ kind: 'survey', glossary, asOf, zone }),
      windowLeads: (from: string, to: string, rowids: [number, number], dealDated: DealDatedColumns) => ask({ kind: 'window-leads', from, to, rowids, dealDated }),
      stop: () => db.close(),
    };
  };
  // As the real one, no worker for SMK_READ_WORKER=never: the runs it is compared with take none.
  return { ...original, ReadWorker: { start: (_dbPath: string, setting: string) => (setting === 'never' ? undefined : standIn()) } };
});

const CONFIG = ['--glossary', fixture('check', 'glossary.yaml'), '--sla', fixture('check', 'sla.yaml')];
const W47 = ['--week', '2026-W47', '--as-of', '2026-11-23', '--format', 'json'];

/** Three leads more in 2026-W47, one of them an MQL: every figure of the week would move. */
const LATER_EXPORT = [
  'id,email,source,owner,stage,created_at,mql_at',
  'N01,n01@nuevo.es,PAID_SEARCH,Lucía Fernández,marketingqualifiedlead,2026-11-17T09:00:00Z,2026-11-17T10:00:00Z',
  'N02,n02@nuevo.es,PAID_SEARCH,Lucía Fernández,lead,2026-11-18T09:00:00Z,',
  'N03,n03@nuevo.es,ORGANIC_SEARCH,Marco Bianchi,lead,2026-11-19T09:00:00Z,',
].join('\n');

let db: string;
let sameData: string;
let oneImportAhead: string;

beforeAll(async () => {
  const dir = tempDir();
  db = path.join(dir, 'reports.db');
  expect((await smkHere(['--db', db, 'import', 'leads', fixture('check', 'leads.csv'), '-q'])).code).toBe(0);
  expect((await smkHere(['--db', db, 'import', 'deals', fixture('check', 'deals.csv'), '-q'])).code).toBe(0);
  sameData = path.join(dir, 'same.db');
  fs.copyFileSync(db, sameData);
  oneImportAhead = path.join(dir, 'ahead.db');
  fs.copyFileSync(db, oneImportAhead);
  fs.writeFileSync(path.join(dir, 'later.csv'), LATER_EXPORT);
  expect((await smkHere(['--db', oneImportAhead, 'import', 'leads', path.join(dir, 'later.csv'), '-q'])).code).toBe(0);
});

afterEach(() => {
  worker.asked = [];
});

describe('a read worker that saw other data than the main thread', () => {
  // What each command asks the worker, in order, and what it says of each answer (`--verbose`).
  const cases = [
    { name: 'review', command: ['review'], asks: ['window-leads', 'survey'], about: ['leads read', 'check survey'] },
    { name: 'report funnel', command: ['report', 'funnel', '--by', 'source'], asks: ['window-leads'], about: ['leads read'] },
    { name: 'report sla', command: ['report', 'sla', '--by', 'source'], asks: ['window-leads'], about: ['leads read'] },
  ];
  const used = { 'leads read': 'in two halves, one in a worker thread', 'check survey': 'in a worker thread' } as Record<string, string>;

  it.each(cases)('smk $name: its answers are used when it read the same data', async ({ command, asks, about }) => {
    worker.dbPath = sameData;
    const alone = await smkHere(['--db', db, ...CONFIG, ...command, ...W47], { env: { SMK_READ_WORKER: 'never' } });
    const here = await smkHere(['--db', db, ...CONFIG, '--verbose', ...command, ...W47]);
    expect(worker.asked).toEqual(asks);
    for (const what of about) expect(here.stderr).toContain(`smk: ${what}: ${used[what]}\n`);
    expect(here.stdout).toBe(alone.stdout);
    expect(here.code).toBe(alone.code);
  });

  it.each(cases)('smk $name: all is read again on the main thread when it read a newer import', async ({ command, asks, about }) => {
    worker.dbPath = oneImportAhead;
    const alone = await smkHere(['--db', db, ...CONFIG, ...command, ...W47], { env: { SMK_READ_WORKER: 'never' } });
    const ahead = await smkHere(['--db', oneImportAhead, ...CONFIG, ...command, ...W47], { env: { SMK_READ_WORKER: 'never' } });
    expect(ahead.stdout, 'the newer import changes the output').not.toBe(alone.stdout);
    const here = await smkHere(['--db', db, ...CONFIG, '--verbose', ...command, ...W47]);
    expect(worker.asked).toEqual(asks);
    for (const what of about) expect(here.stderr).toContain(`smk: ${what}: on the main thread\n`);
    expect(here.stdout).toBe(alone.stdout);
    expect(here.code).toBe(alone.code);
  });
});
