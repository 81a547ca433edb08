// `npm run bench`: import figures on generated exports. A measurement, not a test: it never fails on a missed target.
//
//   node scripts/bench.mjs [--leads N] [--deals N] [--keep] [--json]
//
// Generates (deterministically) a HubSpot-style contacts export and a deals export in a temporary
// folder, then times, each as a child process with its peak RSS: sqlite3's own `.import` of the
// contacts file (raw text, the reference), smk's full import of it, the unchanged re-import, the
// deals import, a 100k-row weekly file, and `smk --version`; then, on the imported year, `smk review`
// and each `smk report … --by source` for one week (best of three, warm cache). Then the same on
// stores of other shapes (scripts/generate-exports.mjs): `messy` (two years, a third of the emails
// shared, values the glossary does not know, half the MQLs never touched), its import against its
// own `sqlite3 .import`; and `years` (the bench's weekly volume over four years), whose review
// should cost what the one-year store's does. `--shapes bench` skips them.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeContacts, writeDeals } from './generate-exports.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const LEADS = option('--leads', 1_000_000);
const DEALS = option('--deals', 200_000);
const WEEKLY = Math.min(100_000, LEADS);
const shapesArg = args.indexOf('--shapes');
const SHAPES_RUN = shapesArg >= 0 ? args[shapesArg + 1].split(',') : ['bench', 'messy', 'years'];
const log = (message) => process.stderr.write(`${message}\n`);

/** Runs a command, returning wall seconds, peak RSS (MB, from GNU time) and stdout. */
function measure(command, commandArgs, input) {
  const rssFile = path.join(os.tmpdir(), `smk-bench-rss-${process.pid}`);
  // Each leg starts with no writes pending: the files just generated and the databases the
  // previous legs wrote would otherwise be flushed to disk while this leg is timed.
  spawnSync('sync');
  const hasTime = fs.existsSync('/usr/bin/time');
  const [bin, binArgs] = hasTime ? ['/usr/bin/time', ['-f', '%M', '-o', rssFile, command, ...commandArgs]] : [command, commandArgs];
  const started = performance.now();
  const result = spawnSync(bin, binArgs, { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) {
    log(`failed: ${command} ${commandArgs.join(' ')}\n${result.stderr}`);
    process.exit(1);
  }
  const rss = hasTime ? Number(fs.readFileSync(rssFile, 'utf8').trim().split('\n').pop()) / 1024 : NaN;
  if (hasTime) fs.rmSync(rssFile, { force: true });
  return { seconds, rssMb: rss, stdout: result.stdout };
}

const smk = (...smkArgs) => measure(process.execPath, [path.join(root, 'bin', 'smk.js'), ...smkArgs]);
const REPORT_WEEK = ['--week', '2026-W40', '--as-of', '2026-10-05'];

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smk-bench-'));
  const contacts = path.join(dir, 'contacts.csv');
  const weekly = path.join(dir, 'contacts-100k.csv');
  const deals = path.join(dir, 'deals.csv');
  log(`generating ${LEADS} contacts and ${DEALS} deals in ${dir}…`);
  await writeContacts(contacts, LEADS);
  await writeContacts(weekly, WEEKLY);
  await writeDeals(deals, DEALS, LEADS);
  const mb = (file) => (fs.statSync(file).size / 1e6).toFixed(0);
  log(`contacts.csv ${mb(contacts)} MB, deals.csv ${mb(deals)} MB`);

  const db = path.join(dir, 'smk.db');
  log('sqlite3 .import…');
  const raw = measure('sqlite3', [path.join(dir, 'raw.db'), '-cmd', '.mode csv', `.import ${contacts} contacts`]);
  log('smk import leads (full)…');
  const full = smk('--db', db, 'import', 'leads', contacts, '--json', '--quiet', '--tz', 'Europe/Madrid', '--snapshot-date', '2026-11-16');
  log('smk import leads (unchanged re-import)…');
  const again = smk('--db', db, 'import', 'leads', contacts, '--json', '--quiet', '--tz', 'Europe/Madrid', '--snapshot-date', '2026-11-16');
  log('smk import deals…');
  const dealsRun = smk('--db', db, 'import', 'deals', deals, '--json', '--quiet', '--tz', 'Europe/Madrid');
  log('smk import leads (100k weekly file)…');
  const week = smk('--db', path.join(dir, 'weekly.db'), 'import', 'leads', weekly, '--json', '--quiet', '--tz', 'Europe/Madrid');
  const versions = Array.from({ length: 5 }, () => smk('--version').seconds);

  // The default glossary and SLA of `smk init`, written in the bench folder.
  const glossary = path.join(dir, 'glossary.yaml');
  const sla = path.join(dir, 'sla.yaml');
  const init = spawnSync(process.execPath, [path.join(root, 'bin', 'smk.js'), '--db', path.join(dir, 'init.db'), 'init', '--yes', '--timezone', 'Europe/Madrid'], { cwd: dir, encoding: 'utf8' });
  if (init.status !== 0) {
    log(`failed: smk init\n${init.stderr}`);
    process.exit(1);
  }
  /** Best of three runs of a report on `store`, warm cache. */
  const bestOf3 = (store, leg, reportArgs) => {
    log(`${leg}…`);
    const runs = Array.from({ length: 3 }, () => smk('--db', store, '--glossary', glossary, '--sla', sla, ...reportArgs, ...REPORT_WEEK, '--format', 'json'));
    const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    return { leg: `${leg} (${REPORT_WEEK[1]})`, seconds: best.seconds, rssMb: best.rssMb };
  };
  const reportRuns = [
    ['smk review', ['review']],
    ['smk report funnel --by source', ['report', 'funnel', '--by', 'source']],
    ['smk report quality --by source', ['report', 'quality', '--by', 'source']],
    ['smk report sla --by source', ['report', 'sla', '--by', 'source', '--no-exit-code']],
    ['smk check', ['check', '--fail-on', 'never']],
  ].map(([leg, reportArgs]) => bestOf3(db, leg, reportArgs));

  // Other shapes: each store's review against its own export's sqlite3 .import, in the same run.
  const shapeRuns = [];
  for (const shape of SHAPES_RUN.filter((s) => s !== 'bench')) {
    const scale = shape === 'years' ? 4 : 1;
    const file = path.join(dir, `contacts-${shape}.csv`);
    const dealsFile = path.join(dir, `deals-${shape}.csv`);
    log(`generating ${LEADS * scale} contacts of shape ${shape}…`);
    await writeContacts(file, LEADS * scale, { shape });
    await writeDeals(dealsFile, DEALS * scale, LEADS * scale, { shape });
    const store = path.join(dir, `smk-${shape}.db`);
    log(`${shape}: sqlite3 .import…`);
    const shapeRaw = measure('sqlite3', [path.join(dir, `raw-${shape}.db`), '-cmd', '.mode csv', `.import ${file} contacts`]);
    log(`${shape}: smk import leads…`);
    const shapeFull = smk('--db', store, 'import', 'leads', file, '--json', '--quiet', '--tz', 'Europe/Madrid', '--snapshot-date', '2026-11-16');
    smk('--db', store, 'import', 'deals', dealsFile, '--json', '--quiet', '--tz', 'Europe/Madrid', '--snapshot-date', '2026-11-16');
    const review = bestOf3(store, `smk review, ${shape} store`, ['review']);
    const check = bestOf3(store, `smk check, ${shape} store`, ['check', '--fail-on', 'never']);
    shapeRuns.push({ shape, leads: LEADS * scale, raw: shapeRaw, full: shapeFull, review, check });
    for (const f of [file, dealsFile, path.join(dir, `raw-${shape}.db`)]) fs.rmSync(f, { force: true });
  }

  const legs = [
    { leg: 'sqlite3 .import contacts (raw text)', rows: LEADS, ...raw },
    { leg: `smk import leads (${LEADS / 1000}k, full)`, rows: LEADS, ...full },
    { leg: 'smk import leads (unchanged again)', rows: LEADS, ...again },
    { leg: 'smk import deals', rows: DEALS, ...dealsRun },
    { leg: 'smk import leads (100k weekly)', rows: WEEKLY, ...week },
  ];
  const ratio = full.seconds / raw.seconds;
  const versionMs = Math.min(...versions) * 1000;
  const summaries = { full: JSON.parse(full.stdout)[0], again: JSON.parse(again.stdout)[0], deals: JSON.parse(dealsRun.stdout)[0] };
  const smkRss = Math.max(full.rssMb, again.rssMb, dealsRun.rssMb, week.rssMb, ...shapeRuns.map((r) => Math.max(r.full.rssMb, r.review.rssMb)));
  const review = reportRuns[0];
  const messy = shapeRuns.find((r) => r.shape === 'messy');
  const years = shapeRuns.find((r) => r.shape === 'years');
  const targets = [
    ['contacts import ≥ 50,000 rows/s', LEADS / full.seconds >= 50_000, `${Math.round(LEADS / full.seconds).toLocaleString('en')} rows/s`],
    ['contacts import ≤ 2.5× sqlite3 .import', ratio <= 2.5, `×${ratio.toFixed(2)}`],
    ['review ≤ ¼ of sqlite3 .import', review.seconds <= raw.seconds / 4, `${review.seconds.toFixed(2)} s, ×${(review.seconds / raw.seconds).toFixed(2)}`],
    ...(messy
      ? [
          ['messy: import ≤ 2.5× its sqlite3 .import', messy.full.seconds <= 2.5 * messy.raw.seconds, `×${(messy.full.seconds / messy.raw.seconds).toFixed(2)}`],
          ['messy: review ≤ ¼ of its sqlite3 .import', messy.review.seconds <= messy.raw.seconds / 4, `${messy.review.seconds.toFixed(2)} s, ×${(messy.review.seconds / messy.raw.seconds).toFixed(2)}`],
        ]
      : []),
    ...(years ? [['4-year store: review ≤ 1.25× the 1-year one', years.review.seconds <= 1.25 * review.seconds, `${years.review.seconds.toFixed(2)} s, ×${(years.review.seconds / review.seconds).toFixed(2)}`]] : []),
    ['100k weekly file < 2.5 s', week.seconds < 2.5, `${week.seconds.toFixed(2)} s`],
    ['peak RSS < 300 MB (every smk leg)', smkRss < 300, `${smkRss.toFixed(0)} MB`],
    ['unchanged re-import < 2 s', again.seconds < 2, `${again.seconds.toFixed(2)} s`],
    ['smk --version < 150 ms', versionMs < 150, `${versionMs.toFixed(0)} ms`],
    ...reportRuns.map((r) => [`${r.leg.replace(/ \(.*/, '')} < 1 s`, r.seconds < 1, `${r.seconds.toFixed(2)} s`]),
  ];

  if (args.includes('--json')) {
    const shapes = shapeRuns.map(({ full, raw, ...r }) => ({ ...r, raw: { seconds: raw.seconds, rssMb: raw.rssMb }, full: { seconds: full.seconds, rssMb: full.rssMb } }));
    console.log(JSON.stringify({ leads: LEADS, deals: DEALS, legs: legs.map(({ stdout, ...l }) => l), reports: reportRuns, shapes, ratio, versionMs, summaries, targets }, null, 2));
  } else {
    console.log(`${'leg'.padEnd(40)} ${'rows'.padStart(9)} ${'seconds'.padStart(8)} ${'rows/s'.padStart(9)} ${'peak RSS'.padStart(9)}`);
    for (const l of legs) {
      console.log(`${l.leg.padEnd(40)} ${String(l.rows).padStart(9)} ${l.seconds.toFixed(2).padStart(8)} ${Math.round(l.rows / l.seconds).toString().padStart(9)} ${(l.rssMb.toFixed(0) + ' MB').padStart(9)}`);
    }
    console.log(`${'smk --version (best of 5)'.padEnd(40)} ${''.padStart(9)} ${(versionMs / 1000).toFixed(3).padStart(8)}`);
    console.log(`\nreports on ${LEADS} leads and ${DEALS} deals, best of 3:`);
    for (const r of reportRuns) console.log(`${r.leg.padEnd(50)} ${r.seconds.toFixed(2).padStart(8)} s ${(r.rssMb.toFixed(0) + ' MB').padStart(9)}`);
    for (const r of shapeRuns) {
      console.log(`\nshape ${r.shape}: ${r.leads} leads`);
      console.log(`${'sqlite3 .import'.padEnd(50)} ${r.raw.seconds.toFixed(2).padStart(8)} s`);
      console.log(`${'smk import leads'.padEnd(50)} ${r.full.seconds.toFixed(2).padStart(8)} s ${(r.full.rssMb.toFixed(0) + ' MB').padStart(9)}  ×${(r.full.seconds / r.raw.seconds).toFixed(2)}`);
      for (const leg of [r.review, r.check]) console.log(`${leg.leg.padEnd(50)} ${leg.seconds.toFixed(2).padStart(8)} s ${(leg.rssMb.toFixed(0) + ' MB').padStart(9)}`);
    }
    console.log(`\nsmk full import: ×${ratio.toFixed(2)} of sqlite3 .import`);
    for (const [name, s] of Object.entries(summaries)) {
      console.log(`${name.padEnd(6)} rows ${s.rows}, inserted ${s.inserted}, updated ${s.updated}, unchanged ${s.unchanged}, rejected ${s.rejected}, unlinked ${s.unlinked}${s.sameAsBatch ? ` (same file as batch ${s.sameAsBatch})` : ''}`);
    }
    console.log('\ntargets:');
    for (const [name, ok, value] of targets) console.log(`  ${ok ? 'PASS' : 'MISS'}  ${name.padEnd(38)} ${value}`);
  }
  if (!args.includes('--keep')) fs.rmSync(dir, { recursive: true, force: true });
}

await main();
