// Deterministic HubSpot-style contacts and deals exports, for `npm run bench` and for the tests
// that pin the reports' output on a generated store (test/e2e/pinned-outputs.test.ts).
//
// Shapes (`SHAPES`):
// - `bench`: one year of leads from 2025-11-17, every email its own, every value one the default
//   glossary knows, 90% of MQLs touched. The bench's file since the start: kept byte-identical.
// - `messy`: the shape of CRMs that do not deduplicate and of teams that do not clean: two years
//   of leads, a third of them sharing their email with another lead, sources and statuses the
//   glossary does not know, and half of the MQLs never touched.
// - `years`: the bench's shape over `years` years with the same number of leads a week, so a
//   store four times as large holds the same weeks.
import fs from 'node:fs';

/** mulberry32: a small seeded PRNG, so every run generates the same files. */
export function random(seed) {
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
/** Values a default glossary does not know, as hand-typed CRMs hold them. */
const UNKNOWN_SOURCES = ['LinkedIn Ads', 'webinar', 'Partner portal', 'Trade show 2025', 'chatbot'];
const UNKNOWN_STATUSES = ['Nurturing', 'callback', 'Duplicate?'];
const OWNERS = ['Lucía Fernández', 'Marco Bianchi', 'Javier Ortega', 'Giulia Romano'];
const PERSONAS = ['Head of Marketing', 'RevOps', 'Founder', ''];
const COUNTRIES = ['Spain', 'Italy', 'Portugal', 'France'];
const REASONS = ['No budget', 'Wrong persona', 'Competitor', 'Student'];
const DEAL_STAGES = ['appointmentscheduled', 'qualifiedtobuy', 'presentationscheduled', 'decisionmakerboughtin', 'contractsent', 'closedwon', 'closedlost'];
/** The bench's year ends on 2026-11-16: its reports look at 2026-W40. */
const END = Date.UTC(2026, 10, 16);
const YEAR_MS = 364 * 86_400_000;

export const CONTACTS_HEADER =
  'Record ID,First Name,Last Name,Email,Phone Number,Company Name,Job Title,Contact owner,Lifecycle Stage,Lead Status,Create Date,Original Source,Original Source Drill-Down 1,Original Source Drill-Down 2,HubSpot Score,Persona,Country/Region,Became a Lead Date,Became a Marketing Qualified Lead Date,Became a Sales Qualified Lead Date,Became an Opportunity Date,Became a Customer Date,First Engagement Date,Rejection Reason,Rejection Date';
export const DEALS_HEADER = 'Record ID,Deal Name,Deal Stage,Pipeline,Amount,Deal Currency Code,Close Date,Create Date,Deal owner,Closed Lost Reason,Associated Contact IDs';

/** How each shape differs from the bench's. */
export const SHAPES = {
  bench: { years: 1, sharedEmails: 0, unknownValues: 0, touched: 0.9 },
  messy: { years: 2, sharedEmails: 1 / 3, unknownValues: 0.15, touched: 0.5 },
  years: { years: 4, sharedEmails: 0, unknownValues: 0, touched: 0.9 },
};

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

function contactLine(rand, shape, count) {
  const span = shape.years * YEAR_MS;
  const start = END - span;
  const extra = random(1234); // the shape's own draws: the bench's sequence is untouched
  return (i) => {
    let r = rand();
    let stage = 0;
    while (stage < STAGES.length - 1 && r > STAGE_WEIGHTS[stage]) r -= STAGE_WEIGHTS[stage++];
    const created = start + Math.floor(rand() * span);
    const dates = [];
    let t = created;
    for (let s = 1; s <= 5; s++) {
      if (s <= stage) {
        t += Math.floor(rand() * 5 * 86_400_000);
        dates.push(local(t));
      } else dates.push('');
    }
    const mql = stage >= 2 ? dates[1] : '';
    const touch = mql && rand() < shape.touched ? local(Date.parse(mql.replace(' ', 'T') + 'Z') + Math.floor(rand() * 8 * 3_600_000)) : '';
    const rejected = rand() < 0.05;
    // A shared email is the one of a lead a little earlier in the file (another record of the same person).
    const emailOf = shape.sharedEmails && i > 0 && extra() < shape.sharedEmails ? Math.max(0, i - 1 - Math.floor(extra() * 50)) : i;
    // The bench's draws in the bench's order (the file stays byte-identical); the shape's own from `extra`.
    const first = pick(rand, FIRST);
    const last = pick(rand, LAST);
    const company = pick(rand, COMPANIES);
    const owner = pick(rand, OWNERS);
    let status = rejected ? 'UNQUALIFIED' : pick(rand, STATUSES);
    let source = pick(rand, SOURCES);
    if (shape.unknownValues && extra() < shape.unknownValues) source = pick(extra, UNKNOWN_SOURCES);
    if (shape.unknownValues && !rejected && extra() < shape.unknownValues) status = pick(extra, UNKNOWN_STATUSES);
    return [
      1_000_000 + i, first, last, `contact${emailOf}@example${emailOf % 997}.com`, `+34 6${String(i).padStart(8, '0')}`,
      company, 'Head of Marketing', owner, STAGES[stage], status,
      local(created), source, 'google', `Campaign ${i % 40}`, Math.floor(rand() * 101), pick(rand, PERSONAS), pick(rand, COUNTRIES),
      ...dates.slice(0, 1).map(() => local(created)), ...dates.slice(1), touch, rejected ? pick(rand, REASONS) : '', rejected ? local(created + 86_400_000) : '',
    ].join(',');
  };
}

function dealLine(rand, shape, leads) {
  const span = shape.years * YEAR_MS;
  const start = END - span;
  return (i) => {
    const stage = pick(rand, DEAL_STAGES);
    const created = start + Math.floor(rand() * span);
    return [
      9_000_000 + i, `Deal ${i}`, stage, 'default', (Math.floor(rand() * 5000000) / 100).toFixed(2), 'EUR', local(created + 30 * 86_400_000), local(created),
      pick(rand, OWNERS), stage === 'closedlost' ? 'Price' : '', 1_000_000 + Math.floor(rand() * leads),
    ].join(',');
  };
}

/** Writes `count` contacts of `shape` (a name of SHAPES) to `file`. */
export function writeContacts(file, count, { shape = 'bench', seed = 42 } = {}) {
  return writeLines(file, CONTACTS_HEADER, count, contactLine(random(seed), SHAPES[shape], count));
}

/** Writes `count` deals of `shape`, each associated with one of the `leads` contacts. */
export function writeDeals(file, count, leads, { shape = 'bench', seed = 7 } = {}) {
  return writeLines(file, DEALS_HEADER, count, dealLine(random(seed), SHAPES[shape], leads));
}
