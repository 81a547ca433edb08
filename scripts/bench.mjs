// `npm run bench`: import figures on generated exports. A measurement, not a test: it never fails on a missed target.
//
//   node scripts/bench.mjs [--leads N] [--deals N] [--keep] [--json]
//
// Generates (deterministically) a HubSpot-style contacts export and a deals export in a temporary
// folder, then times, each as a child process with its peak RSS: sqlite3's own `.import` of the
// contacts file (raw text, the reference), smk's full import of it, the unchanged re-import, the
// deals import, a 100k-row weekly file, and `smk --version`; then, on the imported year, `smk review`
// and each `smk report … --by source` for one week (best of three, warm cache).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const LEADS = option('--leads', 1_000_000);
const DEALS = option('--deals', 200_000);
const WEEKLY = Math.min(100_000, LEADS);
const log = (message) => process.stderr.write(`${message}\n`);

/** mulberry32: a small seeded PRNG, so every run generates the same files. */
function random(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['José', 'María', 'Lucía', 'Javier', 'Niccolò', 'Giulia', 'Marco', 'Begoña', 'Íñigo', 'Chiara', 'Andrea', 'Sofía'];
const LAST = ['Martínez', 'García', 'Núñez', 'Rossi', 'Bianchi', 'Añón', 'Esposito', 'Fernández', 'Romano', 'Colombo'];
const COMPANIES = ['Acme', '"Acme, S.L."', 'Datalia', '"Rossi, Bassi e Associati"', 'Lumen', '"Caffè ""Il Moro"""', 'Grupo Norte'];
const STAGES = ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer'];
const STAGE_WEIGHTS = [0.15, 0.35, 0.25, 0.12, 0.08, 0.05];
const STATUSES = ['NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING'];
const SOURCES = ['ORGANIC_SEARCH', 'PAID_SEARCH', 'EMAIL_MARKETING', 'SOCIAL_MEDIA', 'REFERRALS', 'OTHER_CAMPAIGNS', 'DIRECT_TRAFFIC', 'OFFLINE', 'PAID_SOCIAL'];
const OWNERS = ['Lucía Fernández', 'Marco Bianchi', 'Javier Ortega', 'Giulia Romano'];
const PERSONAS = ['Head of Marketing', 'RevOps', 'Founder', ''];
const COUNTRIES = ['Spain', 'Italy', 'Portugal', 'France'];
const REASONS = ['No budget', 'Wrong persona', 'Competitor', 'Student'];
const DEAL_STAGES = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost'];
const START = Date.UTC(2025, 10, 17); // 2025-11-17
const YEAR_MS = 364 * 86_400_000;

const pick = (rand, list) => list[Math.floor(rand() * list.length)];
const local = (ms) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

async function writeLines(file, header, count, line) {
  const out = fs.createWriteStream(file);
  const write = (text) => (out.write(text) ? undefined : new Promise((r) => out.once('drain', r)));
  await write(header + '\n');
  let chunk = '';
  for (let i = 0; i < count; i++) {
    chunk += line(i) + '\n';
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise((r) => out.end(r));
}

function contactLine(rand) {
  return (i) => {
    let r = rand();
    let stage = 0;
    while (stage < STAGES.length - 1 && r > STAGE_WEIGHTS[stage]) r -= STAGE_WEIGHTS[stage++];
    const created = START + Math.floor(rand() * YEAR_MS);
    const dates = [];
    let t = created;
    for (let s = 1; s <= 5; s++) {
      if (s <= stage) {
        t += Math.floor(rand() * 5 * 86_400_000);
        dates.push(local(t));
      } else dates.push('');
    }
    const mql = stage >= 2 ? dates[1] : '';
    const touch = mql && rand() < 0.9 ? local(Date.parse(mql.replace(' ', 'T') + 'Z') + Math.floor(rand() * 8 * 3_600_000)) : '';
    const rejected = rand() < 0.05;
    return [
      1_000_000 + i, pick(rand, FIRST), pick(rand, LAST), `contact${i}@example${i % 997}.com`, `+34 6${String(i).padStart(8, '0')}`,
      pick(rand, COMPANIES), 'Head of Marketing', pick(rand, OWNERS), STAGES[stage], rejected ? 'UNQUALIFIED' : pick(rand, STATUSES),
      local(created), pick(rand, SOURCES), 'google', `Campaign ${i % 40}`, Math.floor(rand() * 101), pick(rand, PERSONAS), pick(rand, COUNTRIES),
      ...dates.slice(0, 1).map(() => local(created)), ...dates.slice(1), touch, rejected ? pick(rand, REASONS) : '', rejected ? local(created + 86_400_000) : '',
    ].join(',');
  };
}

function dealLine(rand, leads) {
  return (i) => {
    const stage = pick(rand, DEAL_STAGES);
    const created = START + Math.floor(rand() * YEAR_MS);
    return [
      9_000_000 + i, `Deal ${i}`, stage, 'default', (Math.floor(rand() * 5000000) / 100).toFixed(2), 'EUR', local(created + 30 * 86_400_000), local(created),
      pick(rand, OWNERS), stage === 'closedlost' ? 'Price' : '', 1_000_000 + Math.floor(rand() * leads),
    ].join(',');
  };
}

const CONTACTS_HEADER = 'Record ID,First Name,Last Name,Email,Phone Number,Company Name,Job Title,Contact owner,Lifecycle Stage,Lead Status,Create Date,Original Source,Original Source Drill-Down 1,Original Source Drill-Down 2,HubSpot Score,Persona,Country/Region,Became a Lead Date,Became a Marketing Qualified Lead Date,Became a Sales Qualified Lead Date,Became an Opportunity Date,Became a Customer Date,First Engagement Date,Rejection Reason,Rejection Date';
const DEALS_HEADER = 'Record ID,Deal Name,Deal Stage,Pipeline,Amount,Deal Currency Code,Close Date,Create Date,Deal owner,Closed Lost Reason,Associated Contact IDs';

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
  await writeLines(contacts, CONTACTS_HEADER, LEADS, contactLine(random(42)));
  await writeLines(weekly, CONTACTS_HEADER, WEEKLY, contactLine(random(42)));
  await writeLines(deals, DEALS_HEADER, DEALS, dealLine(random(7), LEADS));
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
  const reportRuns = [
    ['smk review', ['review']],
    ['smk report funnel --by source', ['report', 'funnel', '--by', 'source']],
    ['smk report quality --by source', ['report', 'quality', '--by', 'source']],
    ['smk report sla --by source', ['report', 'sla', '--by', 'source', '--no-exit-code']],
  ].map(([leg, reportArgs]) => {
    log(`${leg}…`);
    const runs = Array.from({ length: 3 }, () => smk('--db', db, '--glossary', glossary, '--sla', sla, ...reportArgs, ...REPORT_WEEK, '--format', 'json'));
    const best = runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    return { leg: `${leg} (${REPORT_WEEK[1]})`, seconds: best.seconds, rssMb: best.rssMb };
  });

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
  const smkRss = Math.max(full.rssMb, again.rssMb, dealsRun.rssMb, week.rssMb);
  const targets = [
    ['contacts import ≥ 50,000 rows/s', LEADS / full.seconds >= 50_000, `${Math.round(LEADS / full.seconds).toLocaleString('en')} rows/s`],
    ['contacts import ≤ 3× sqlite3 .import', ratio <= 3, `×${ratio.toFixed(2)}`],
    ['100k weekly file < 2.5 s', week.seconds < 2.5, `${week.seconds.toFixed(2)} s`],
    ['peak RSS < 300 MB (every smk leg)', smkRss < 300, `${smkRss.toFixed(0)} MB`],
    ['unchanged re-import < 2 s', again.seconds < 2, `${again.seconds.toFixed(2)} s`],
    ['smk --version < 150 ms', versionMs < 150, `${versionMs.toFixed(0)} ms`],
    ...reportRuns.map((r) => [`${r.leg.replace(/ \(.*/, '')} < 1 s`, r.seconds < 1, `${r.seconds.toFixed(2)} s`]),
  ];

  if (args.includes('--json')) {
    console.log(JSON.stringify({ leads: LEADS, deals: DEALS, legs: legs.map(({ stdout, ...l }) => l), reports: reportRuns, ratio, versionMs, summaries, targets }, null, 2));
  } else {
    console.log(`${'leg'.padEnd(40)} ${'rows'.padStart(9)} ${'seconds'.padStart(8)} ${'rows/s'.padStart(9)} ${'peak RSS'.padStart(9)}`);
    for (const l of legs) {
      console.log(`${l.leg.padEnd(40)} ${String(l.rows).padStart(9)} ${l.seconds.toFixed(2).padStart(8)} ${Math.round(l.rows / l.seconds).toString().padStart(9)} ${(l.rssMb.toFixed(0) + ' MB').padStart(9)}`);
    }
    console.log(`${'smk --version (best of 5)'.padEnd(40)} ${''.padStart(9)} ${(versionMs / 1000).toFixed(3).padStart(8)}`);
    console.log(`\nreports on ${LEADS} leads and ${DEALS} deals, best of 3:`);
    for (const r of reportRuns) console.log(`${r.leg.padEnd(50)} ${r.seconds.toFixed(2).padStart(8)} s ${(r.rssMb.toFixed(0) + ' MB').padStart(9)}`);
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
