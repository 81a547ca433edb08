/**
 * The SQL behind `smk check`'s whole-table rules (Database.leadSurvey, dealSurvey, duplicateEmails),
 * on rows written by hand: the NULL cases of each condition, and examples in the order findings sort them.
 */
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadGlossary } from '../../src/config/glossary-file.ts';
import { loadSla } from '../../src/config/sla-file.ts';
import { Database } from '../../src/db/database.ts';
import type { SurveyAnswer } from '../../src/db/read-in-worker.ts';
import { answerReadJob } from '../../src/db/read-jobs.ts';
import { runChecks, surveyStore, type LeadSurveyRequest } from '../../src/domain/check.ts';
import { GlossaryIndex } from '../../src/domain/glossary.ts';
import { dealDatedColumns, GlossaryLookups, leadFacts } from '../../src/domain/metrics/facts.ts';
import { reportWindow } from '../../src/domain/metrics/review.ts';
import { isoWeek } from '../../src/domain/period.ts';
import { dayBit } from '../../src/domain/fields.ts';
import { FIXTURES, ROOT } from '../helpers.ts';

const LEAD_FIELDS = ['id', 'email', 'owner', 'stage', 'status', 'source', 'lead_at', 'mql_at', 'sal_at', 'sql_at', 'opportunity_at', 'customer_at', 'created_at', 'first_touch_at', 'rejected_at', 'rejection_reason', 'day_dates'] as const;
type Lead = Partial<Record<(typeof LEAD_FIELDS)[number], string | number>> & { id: string };

const DEAL_FIELDS = ['id', 'lead_id', 'stage', 'status', 'amount', 'created_at', 'closed_at', 'lost_reason', 'day_dates'] as const;
type Deal = Partial<Record<(typeof DEAL_FIELDS)[number], string | number>> & { id: string };

let db: Database;
afterEach(() => db.close());

function open(leads: Lead[], deals: Deal[] = []): Database {
  db = Database.open(':memory:');
  const batch = (kind: 'leads' | 'deals') => db.startBatch({
    kind, fileName: `${kind}.csv`, fileSize: null, fileSha256: null, profile: 'generic', mapping: {}, encoding: 'utf-8', delimiter: ',',
    snapshotAt: '2026-01-01T00:00:00Z', startedAt: '2026-01-01T00:00:00Z',
  });
  const leadWriter = db.recordWriter('leads', LEAD_FIELDS, batch('leads'), '2026-01-01T00:00:00Z');
  for (const lead of leads) leadWriter.write(LEAD_FIELDS.map((f) => lead[f] ?? (f === 'day_dates' ? 0 : null)), '{}');
  leadWriter.flush();
  const dealWriter = db.recordWriter('deals', DEAL_FIELDS, batch('deals'), '2026-01-01T00:00:00Z');
  for (const deal of deals) dealWriter.write(DEAL_FIELDS.map((f) => deal[f] ?? (f === 'day_dates' ? 0 : null)), '{}');
  dealWriter.flush();
  db.linkDeals(null);
  return db;
}

const day = (d: number) => `2026-01-${String(d).padStart(2, '0')}T00:00:00Z`;

/** An export of each kind taken at the as-of of the checks below: fresh. */
const FRESH = {
  leads: { byAsOf: { snapshotAt: '2026-11-22T23:00:00Z', importedAt: '2026-11-22T23:00:00Z' }, after: null },
  deals: { byAsOf: { snapshotAt: '2026-11-22T23:00:00Z', importedAt: '2026-11-22T23:00:00Z' }, after: null },
};

const NO_UNKNOWN = { stage: [], status: [], source: [], segment: [], rejection_reason: [] };

/** What says a lead reached MQL here: its dates from MQL on, the stages MQL and SQL, a linked deal. */
const MQL = {
  dates: ['mql_at', 'sal_at', 'sql_at', 'opportunity_at', 'customer_at'] as const,
  stages: ['MQL', 'SQL'], stagedStages: ['Lead', 'MQL', 'SQL'], statuses: [], byDeals: true,
};

function request(overrides: Partial<LeadSurveyRequest> = {}): LeadSurveyRequest {
  return {
    unknown: NO_UNKNOWN,
    mql: MQL,
    rejectedStages: ['Rejected'],
    rejectedStatuses: ['Disqualified'],
    asOf: Date.parse('2026-06-01T00:00:00Z'),
    zone: 'Europe/Madrid',
    ...overrides,
  };
}

describe('lead survey', () => {
  it('stage dates out of order: a date before the latest earlier one, empty dates skipped', () => {
    open([
      { id: 'A', lead_at: day(1), mql_at: day(5), sql_at: day(3) }, // SQL before MQL across an empty SAL: out
      { id: 'B', mql_at: day(5), sql_at: day(6), customer_at: day(7) }, // gaps, in order
      { id: 'C', lead_at: day(10), customer_at: day(9) }, // customer before lead, four empty dates between: out
      { id: 'D' }, // no dates
      { id: 'E', lead_at: day(2), mql_at: day(1) }, // the first pair: out
      { id: 'F', lead_at: day(1), mql_at: day(1), sal_at: day(1) }, // equal dates are in order
      { id: 'G', mql_at: day(5), sal_at: day(4) }, // no lead date, SAL before MQL: out
      { id: 'H', lead_at: day(9), mql_at: day(3), sal_at: day(9) }, // MQL before lead (SAL again later): out
      { id: 'I', sal_at: day(4), opportunity_at: day(8), customer_at: day(8) }, // in order
    ]);
    expect(db.leadSurvey(request()).stageDatesOutOfOrder).toEqual({ count: 5, examples: ['A', 'C', 'E', 'G', 'H'] });
  });

  it('stage dates out of order: a date written as a day is not before an instant of the same local day', () => {
    // Europe/Madrid is UTC+1 in January: the day 01-05 is stored as its local midnight, 2026-01-04T23:00:00Z.
    const salDay = dayBit('leads', 'sal_at');
    open([
      { id: 'J', mql_at: '2026-01-05T10:00:00Z', sal_at: '2026-01-04T23:00:00Z', day_dates: salDay }, // SAL on the MQL's day: in order
      { id: 'K', mql_at: '2026-01-05T10:00:00Z', sal_at: '2026-01-03T23:00:00Z', day_dates: salDay }, // SAL the day before: out
      { id: 'L', mql_at: '2026-01-05T10:00:00Z', sal_at: '2026-01-04T23:00:00Z' }, // the same instant, not a day: out
      { id: 'M', mql_at: '2026-01-04T22:30:00Z', sal_at: '2026-01-04T23:00:00Z', day_dates: salDay }, // MQL 23:30 local the day before: in order
    ]);
    expect(db.leadSurvey(request()).stageDatesOutOfOrder).toEqual({ count: 2, examples: ['K', 'L'] });
  });

  it('future dates: any of the nine dates after the as-of, to the second', () => {
    open([
      { id: 'A', created_at: '2026-01-10T00:00:00Z' }, // half a second before the as-of
      { id: 'B', created_at: '2026-01-10T00:00:01Z' },
      { id: 'C', first_touch_at: '2026-02-01T00:00:00Z' },
      { id: 'D', rejected_at: '2026-02-01T00:00:00Z', lead_at: day(1) },
      { id: 'E', customer_at: '2026-01-09T23:59:59Z' },
    ]);
    expect(db.leadSurvey(request({ asOf: Date.parse('2026-01-10T00:00:00.500Z') })).futureDates).toEqual({ count: 3, examples: ['B', 'C', 'D'] });
  });

  it('rejections and MQLs without an owner: a lead with no stage and no status is not rejected', () => {
    open([
      { id: 'L01', mql_at: day(1) }, // no owner, no stage, no status, no rejection: an MQL without owner
      { id: 'L02', mql_at: day(1), stage: 'Rejected' }, // rejected by its stage, no reason
      { id: 'L03', mql_at: day(1), status: 'Disqualified', rejection_reason: '\u00a0 ' }, // rejected by status, a blank reason
      { id: 'L04', rejected_at: day(2), rejection_reason: 'No budget', owner: 'Ana' }, // rejected with a reason
      { id: 'L05', stage: 'SQL', owner: '' }, // reached MQL by its stage; an empty owner is none
      { id: 'L06', sal_at: day(3) }, // reached MQL by a later date
      { id: 'L07', lead_at: day(1), stage: 'Lead' }, // not an MQL
      { id: 'L08', mql_at: day(1), owner: 'Ana' }, // has an owner
      { id: 'L09', rejected_at: day(2) }, // rejected by its date, no reason
      { id: 'L10', mql_at: day(1), status: 'Open' }, // a status that means nothing here
      { id: 'L11', mql_at: day(1), status: 'Rejected' }, // a rejected stage as a status: the lists say what each column means
    ]);
    const survey = db.leadSurvey(request());
    expect(survey.mqlsWithoutOwner).toEqual({ count: 5, examples: ['L01', 'L05', 'L06', 'L10', 'L11'] });
    expect(survey.rejected).toBe(4); // L02, L03, L04, L09
    expect(survey.rejectedWithoutReason).toEqual({ count: 3, examples: ['L02', 'L03', 'L09'] });
    // Without an MQL stage in the glossary no lead is an MQL (as the reports count them).
    expect(db.leadSurvey(request({ mql: null })).mqlsWithoutOwner).toEqual({ count: 0, examples: [] });
    // Empty lists test nothing: only rejected_at says a lead was rejected, and only dates that it reached MQL.
    const byDates = db.leadSurvey(request({ mql: { ...MQL, stages: [], stagedStages: [], byDeals: false }, rejectedStages: [], rejectedStatuses: [] }));
    expect(byDates.rejected).toBe(2); // L04, L09
    expect(byDates.mqlsWithoutOwner).toEqual({ count: 6, examples: ['L01', 'L02', 'L03', 'L06', 'L10'] }); // and L11
  });

  it("reads reached-MQL and rejected as the reports' lead facts do: stage, else status, dates by the as-of, the history, deals", () => {
    const glossary = loadGlossary(path.join(ROOT, 'templates', 'glossary.en.yaml'));
    const lookups = new GlossaryLookups(new GlossaryIndex(glossary));
    const asOf = Date.parse(day(20));
    open([
      { id: 'A', stage: 'lead', status: 'CONNECTED' }, // the stage means a stage: the status is not read
      { id: 'B', status: 'CONNECTED' }, // no stage: the status means SAL
      { id: 'C', stage: 'other', status: 'IN_PROGRESS' }, // a stage that means nothing: the status (SAL)
      { id: 'D', stage: 'marketingqualifiedlead' },
      { id: 'E' }, // an open deal created by the as-of: an opportunity
      { id: 'F' }, // its deal was created after the as-of
      { id: 'G', stage: 'lead' }, // MQL in its history, back to lead (below)
      { id: 'H', mql_at: day(25) }, // an MQL date after the as-of
      { id: 'I', sal_at: day(3) },
      { id: 'J', mql_at: day(2), status: 'UNQUALIFIED' }, // rejected by its status
      { id: 'K', stage: 'CONNECTED' }, // a status's spelling in the stage column still means SAL
      { id: 'L', mql_at: day(2), rejected_at: day(25) }, // rejected after the as-of: not yet
      { id: 'M', stage: 'subscriber', status: 'UNQUALIFIED' }, // rejected, never an MQL
    ].map((lead) => ({ created_at: day(1), ...lead })), [
      { id: 'DE', lead_id: 'E', status: 'open', created_at: day(3) },
      { id: 'DF', lead_id: 'F', status: 'open', created_at: day(28) },
    ]);
    // G's history: MQL at a second import, lead again at a third.
    for (const [n, stage] of [[2, 'marketingqualifiedlead'], [3, 'lead']] as const) {
      const batch = db.startBatch({
        kind: 'leads', fileName: `g${n}.csv`, fileSize: null, fileSha256: null, profile: 'generic', mapping: {}, encoding: 'utf-8', delimiter: ',',
        snapshotAt: day(n + 4), startedAt: day(n + 4),
      });
      const writer = db.recordWriter('leads', ['id', 'stage'], batch, day(n + 4));
      writer.write(['G', stage], '{}');
      writer.flush();
    }
    const survey = surveyStore(db, lookups, asOf, 'Europe/Madrid');
    // Every lead was created on day 1: a report of days 1–30 reads them all.
    const records = db.reportData(day(1), day(31), dealDatedColumns(lookups)).data;
    expect(records.leads).toHaveLength(13);
    const facts = leadFacts(records, lookups, asOf);
    const mql = lookups.stageIndex('mql');
    const ids = (pick: (f: (typeof facts)[number]) => boolean) => facts.filter(pick).map((f) => f.lead.id).sort();
    // By hand: MQL (or later) and not rejected: B, C, D, E, G, I, K, L; rejected: J, M.
    expect(ids((f) => f.reachedIndex >= mql && !f.rejected)).toEqual(['B', 'C', 'D', 'E', 'G', 'I', 'K', 'L']);
    expect(survey.leads.mqlsWithoutOwner).toEqual({ count: 8, examples: ['B', 'C', 'D', 'E', 'G'] });
    expect(ids((f) => f.rejected)).toEqual(['J', 'M']);
    expect(survey.leads.rejected).toBe(2);
  });

  it('picks the same records whether a list is tested value by value (up to four) or looked up (more)', () => {
    open([
      { id: 'L01', mql_at: day(1), stage: 'Rejected', source: 'Adwords' },
      { id: 'L02', stage: 'SQL', status: 'Disqualified', source: 'Bing' },
      { id: 'L03', stage: 'Lead', status: 'Open', source: 'Adwords' },
      { id: 'L04', mql_at: day(1) },
      { id: 'L05', stage: 'MQL', status: 'Junk', source: 'Google' },
    ]);
    const padding = ['Never held 1', 'Never held 2', 'Never held 3', 'Never held 4'];
    const short = request({ unknown: { ...NO_UNKNOWN, source: ['Adwords', 'Bing'] }, rejectedStatuses: ['Disqualified', 'Junk'] });
    const long = request({
      unknown: { ...NO_UNKNOWN, source: ['Adwords', 'Bing', ...padding] },
      mql: { ...MQL, stages: ['MQL', 'SQL', ...padding], stagedStages: ['Lead', 'MQL', 'SQL', ...padding] },
      rejectedStages: ['Rejected', ...padding],
      rejectedStatuses: ['Disqualified', 'Junk', ...padding],
    });
    const expected = {
      unread: { ...NO_UNKNOWN, source: [{ value: 'Adwords', count: 2, examples: ['L01', 'L03'] }, { value: 'Bing', count: 1, examples: ['L02'] }] },
      stageDatesOutOfOrder: { count: 0, examples: [] },
      futureDates: { count: 0, examples: [] },
      mqlsWithoutOwner: { count: 1, examples: ['L04'] }, // L01 rejected by stage, L02 and L05 by status
      rejected: 3,
      rejectedWithoutReason: { count: 3, examples: ['L01', 'L02', 'L05'] },
    };
    expect(db.leadSurvey(short)).toEqual(expected);
    expect(db.leadSurvey(long)).toEqual(expected);
  });

  it('tallies per value the records holding an unknown value, five smallest ids in JS string order', () => {
    const ids = ['L1', 'L10', 'L11', 'L2', 'L3', 'L9', 'L99'];
    open([
      ...ids.map((id) => ({ id, source: 'Adwords' })),
      { id: 'M1', source: 'Google' },
      { id: 'M2', source: 'google' }, // values are compared exactly: the glossary read each spelling beforehand
      { id: 'M3' },
    ]);
    const survey = db.leadSurvey(request({ unknown: { ...NO_UNKNOWN, source: ['Adwords', 'google', 'Bing'] } }));
    expect(survey.unread.source).toEqual([
      { value: 'Adwords', count: 7, examples: ['L1', 'L10', 'L11', 'L2', 'L3'] },
      { value: 'google', count: 1, examples: ['M2'] }, // Bing: no record holds it any more, so no tally
    ]);
    expect(survey.unread.stage).toEqual([]);
  });

  it('keeps every value a term field has held, whatever statement wrote it', () => {
    open([
      { id: 'A', source: 'Organic', stage: 'MQL' }, { id: 'B', source: 'Paid', stage: 'MQL' }, { id: 'C', source: 'Paid' },
      { id: 'D', source: 'Email' }, { id: 'E', source: 'Paid', status: '' },
    ], [{ id: 'X', stage: 'Won', lost_reason: 'Price' }]);
    // A second export changes A's source: the old value stays listed (a superset is all the survey needs).
    const later = db.startBatch({
      kind: 'leads', fileName: 'later.csv', fileSize: null, fileSha256: null, profile: 'generic', mapping: {}, encoding: 'utf-8', delimiter: ',',
      snapshotAt: '2026-01-02T00:00:00Z', startedAt: '2026-01-02T00:00:00Z',
    });
    const writer = db.recordWriter('leads', ['id', 'source'], later, '2026-01-02T00:00:00Z');
    writer.write(['A', 'Webinar'], '{}');
    writer.flush();
    expect(db.termValues()).toEqual({
      leads: { stage: ['MQL'], status: [''], source: ['Email', 'Organic', 'Paid', 'Webinar'], segment: [], rejection_reason: [] },
      deals: { stage: ['Won'], lost_reason: ['Price'] },
    });
  });

  it('the window: leads with an MQL-or-later date in it or a deal opened or closed in it, their deals, and the deals created or closed in it', () => {
    open(
      [
        { id: 'A', mql_at: '2026-01-05T10:00:00Z' },
        { id: 'B', created_at: '2026-01-05T10:00:00Z' }, // created in the window, but no MQL date: not needed
        { id: 'C', sql_at: '2026-01-07T00:00:00Z' },
        { id: 'D', mql_at: '2026-01-08T00:00:00Z' }, // the end is excluded
        { id: 'E', mql_at: '2025-11-01T00:00:00Z' }, // no date in the window, but its deal V was won in it: it became a customer then
      ],
      [
        { id: 'X', lead_id: 'A' }, // linked to a lead of the window: its deals move it through the funnel
        { id: 'Y', created_at: '2026-01-06T00:00:00Z' },
        { id: 'Z', status: 'won', created_at: '2025-12-01T00:00:00Z', closed_at: '2026-01-07T00:00:00Z' },
        { id: 'W', created_at: '2026-01-08T00:00:00Z' },
        { id: 'V', lead_id: 'E', status: 'won', created_at: '2025-12-01T00:00:00Z', closed_at: '2026-01-06T00:00:00Z' },
      ],
    );
    const window = db.leadSurvey(request({ window: { from: Date.parse(day(5)), to: Date.parse(day(8)), dates: ['mql_at', 'sal_at', 'sql_at'], dealDated: { opened: 'opportunity_at', won: 'customer_at' } } })).window!;
    expect(window.leads.map((l) => l.id)).toEqual(['A', 'C', 'E']);
    expect(window.deals.map((d) => d.id).sort()).toEqual(['V', 'X', 'Y', 'Z']);
  });
});

describe('deal survey and duplicate emails', () => {
  it('a close date written as a day is not before a creation on that local day (Salesforce CloseDate against CreatedDate)', () => {
    const closedDay = dayBit('deals', 'closed_at');
    open([], [
      // Closed on 01-05 (a day, stored at Madrid midnight), created 01-05 14:22 local: not before.
      { id: 'S1', status: 'won', created_at: '2026-01-05T13:22:00Z', closed_at: '2026-01-04T23:00:00Z', day_dates: closedDay },
      // Closed on 01-04 (a day), created 01-05: before.
      { id: 'S2', status: 'won', created_at: '2026-01-05T13:22:00Z', closed_at: '2026-01-03T23:00:00Z', day_dates: closedDay },
      // The same close as an instant (midnight): before the creation that afternoon.
      { id: 'S3', status: 'lost', created_at: '2026-01-05T13:22:00Z', closed_at: '2026-01-04T23:00:00Z' },
    ]);
    expect(db.dealSurvey({ unknown: { stage: [], lost_reason: [] }, asOf: Date.parse('2026-06-01T00:00:00Z'), zone: 'Europe/Madrid' }).closedBeforeCreated)
      .toEqual({ count: 2, examples: ['S2', 'S3'] });
  });

  it('a deal with no status counts as not open; an open deal may close in the future', () => {
    open([{ id: 'L1' }], [
      { id: 'D1', status: 'open', created_at: day(5), closed_at: '2027-01-01T00:00:00Z' }, // expected close: fine
      { id: 'D2', created_at: day(5), closed_at: day(4) }, // no status, closed before created
      { id: 'D3', status: 'lost', created_at: day(5), closed_at: '2027-01-01T00:00:00Z', lead_id: 'L1' }, // closed in the future
      { id: 'D4', status: 'won', amount: 0, created_at: '2027-01-01T00:00:00Z', lead_id: 'L1' }, // created in the future, won without amount
      { id: 'D5', status: 'won', amount: 100, created_at: day(1), closed_at: day(2), lead_id: 'L1' },
      { id: 'D6', status: 'won', created_at: day(1), lead_id: 'L1' }, // no amount
    ]);
    const survey = db.dealSurvey({ unknown: { stage: [], lost_reason: [] }, asOf: Date.parse('2026-06-01T00:00:00Z') });
    expect(survey.futureDates).toEqual({ count: 2, examples: ['D3', 'D4'] });
    expect(survey.closedBeforeCreated).toEqual({ count: 1, examples: ['D2'] });
    expect(survey.wonWithoutAmount).toEqual({ count: 2, examples: ['D4', 'D6'] });
    expect(survey.withoutLead).toEqual({ count: 2, examples: ['D1', 'D2'] });
  });

  it('duplicate emails: empty and missing emails are nobody\'s', () => {
    open([
      { id: 'A', email: 'x@example.com' }, { id: 'B', email: 'x@example.com' }, { id: 'C', email: 'x@example.com' },
      { id: 'D', email: 'y@example.com' }, { id: 'E', email: 'y@example.com' },
      { id: 'F', email: 'z@example.com' }, { id: 'G', email: '' }, { id: 'H', email: '' }, { id: 'I' }, { id: 'J' },
    ]);
    expect(db.duplicateEmails()).toEqual({ emails: 2, count: 5, examples: ['A', 'B', 'C', 'D', 'E'] });
  });

  it('duplicate emails: none when only empty and missing emails repeat', () => {
    open([{ id: 'A', email: 'x@example.com' }, { id: 'B', email: 'y@example.com' }, { id: 'C', email: '' }, { id: 'D', email: '' }, { id: 'E' }, { id: 'F' }]);
    expect(db.duplicateEmails()).toEqual({ emails: 0, count: 0, examples: [] });
  });

  it('duplicate emails: one repeated email among many distinct ones', () => {
    open([...Array.from({ length: 50 }, (_, i) => ({ id: `L${i}`, email: `lead${i}@example.com` })), { id: 'Z', email: 'lead7@example.com' }]);
    expect(db.duplicateEmails()).toEqual({ emails: 1, count: 2, examples: ['L7', 'Z'] });
  });

  it('duplicate emails: the same answer whether few leads share an email (examples sorted) or many do (ids walked in order)', () => {
    // Few: 7 of 407 leads share an email (under 1%): the repeated ones are found, then sorted.
    const distinct = Array.from({ length: 400 }, (_, i) => ({ id: `L${String(i).padStart(3, '0')}`, email: `lead${i}@example.com` }));
    const few = [{ id: 'Z1', email: 'lead399@example.com' }, { id: 'Y1', email: 'x@example.com' }, { id: 'Y2', email: 'x@example.com' },
      { id: 'M1', email: 'lead200@example.com' }, { id: 'M2', email: 'lead200@example.com' }, { id: 'A', email: 'solo@example.com' }, { id: 'B', email: '' }];
    open([...distinct, ...few]);
    // lead399: L399, Z1; x: Y1, Y2; lead200: L200, M1, M2 → 3 emails, 7 leads; smallest ids L200, L399, M1, M2, Y1.
    expect(db.duplicateEmails()).toEqual({ emails: 3, count: 7, examples: ['L200', 'L399', 'M1', 'M2', 'Y1'] });
    db.close();
    // Many: every lead shares its email with one other (400 of 400): the walk in id order stops at five.
    open(Array.from({ length: 400 }, (_, i) => ({ id: `L${String(i).padStart(3, '0')}`, email: `pair${Math.floor(i / 4) * 2 + (i % 2)}@example.com` })));
    // Leads 4k and 4k+2 share pair(2k), 4k+1 and 4k+3 share pair(2k+1): every lead is in a pair → 200 emails, 400 leads.
    expect(db.duplicateEmails()).toEqual({ emails: 200, count: 400, examples: ['L000', 'L001', 'L002', 'L003', 'L004'] });
  });
});

describe('runChecks: rare values, wherever they are in the table', () => {
  // The glossary of fixtures/check: `UNQUALIFIED` is an alias of the outcome rejected, `marketingqualifiedlead` of MQL.
  const glossary = new GlossaryIndex(loadGlossary(path.join(FIXTURES, 'check', 'glossary.yaml')));
  const sla = loadSla(path.join(FIXTURES, 'check', 'sla.yaml'));
  const filler: Lead[] = Array.from({ length: 2000 }, (_, i) => ({ id: `F${String(i).padStart(4, '0')}`, stage: 'Lead' }));
  const rare: Lead[] = [
    { id: 'R1', stage: 'unqualified' }, // the glossary reads it as rejected, but does not spell it so
    { id: 'R2', stage: 'unqualified' },
    { id: 'R3', stage: 'unqualified' },
    { id: 'R4', status: 'UNQUALIFIED', rejection_reason: 'No budget' },
    { id: 'M1', stage: 'Marketing-Qualified-Lead' }, // MQL, without an owner
    { id: 'U1', stage: 'Qualifed Lead' },
    { id: 'U2', stage: 'Qualifed Lead' },
    { id: 'S1', source: 'organic search' }, // known, spelt differently
  ];

  function check(leads: Lead[]) {
    open(leads);
    const survey = vi.spyOn(db, 'leadSurvey');
    const findings = runChecks({
      data: db,
      latestExports: FRESH,
      glossary: new GlossaryLookups(glossary),
      sla,
      period: isoWeek('2026-W47', sla.calendar.zone),
      asOf: Date.parse('2026-11-22T23:00:00Z'),
    });
    return { passes: survey.mock.calls.length, findings: findings.filter((f) => f.code !== 'mql-volume-under-target') };
  }

  it('finds them in one pass, with the same findings whether they come first or after 2,000 others', () => {
    const late = check([...filler, ...rare]);
    expect(late.passes).toBe(1);
    expect(late.findings.map((f) => [f.code, f.level, f.count, f.examples])).toEqual([
      ['unknown-stage', 'warn', 2, ['U1', 'U2']],
      ['mql-without-owner', 'warn', 1, ['M1']],
      ['rejection-without-reason', 'warn', 3, ['R1', 'R2', 'R3']], // of 4 rejected: R1–R4
      ['pipeline-under-target', 'warn', 0, []],
    ]);
    expect(late.findings[0]!.message).toBe('1 lead stage value is not in the glossary: "Qualifed Lead" (2)');
    expect(late.findings[2]!.message).toBe('3 of 4 rejected leads without a rejection reason');
    const early = check([...rare, ...filler]);
    expect(early.passes).toBe(1);
    expect(early.findings).toEqual(late.findings);
  });

  it('gives the same findings from a survey asked beforehand, as the review asks it in a worker thread', () => {
    const asked = check([...filler, ...rare]).findings;
    const lookups = new GlossaryLookups(glossary);
    const period = isoWeek('2026-W47', sla.calendar.zone);
    const asOf = Date.parse('2026-11-22T23:00:00Z');
    const survey = surveyStore(db, lookups, asOf, 'Europe/Madrid');
    const window = reportWindow(period, period, sla);
    const records = db.reportData(new Date(window.from).toISOString(), new Date(window.to).toISOString(), dealDatedColumns(lookups)).data;
    const input = { data: db, latestExports: FRESH, glossary: lookups, sla, period, asOf };
    const leadSurvey = vi.spyOn(db, 'leadSurvey');
    leadSurvey.mockClear();
    const findings = runChecks({ ...input, survey, window: { facts: leadFacts(records, lookups, asOf), deals: records.deals } });
    expect(leadSurvey).not.toHaveBeenCalled();
    expect(findings.filter((f) => f.code !== 'mql-volume-under-target')).toEqual(asked);
    expect(() => runChecks({ ...input, survey })).toThrow(/window/);
  });
});

describe("the read worker's survey (read-jobs.ts)", () => {
  const glossary = loadGlossary(path.join(FIXTURES, 'check', 'glossary.yaml'));
  const asOf = Date.parse('2026-06-01T00:00:00Z');
  const leads: Lead[] = [
    { id: 'A', email: 'x@example.com', stage: 'Qualifed Lead' }, { id: 'B', email: 'x@example.com' }, { id: 'C', email: 'y@example.com', created_at: '2026-07-01T00:00:00Z' },
  ];

  it('answers what surveyStore answers on the same data, with the data version it read', () => {
    open(leads);
    const answer = answerReadJob(db, { kind: 'survey', glossary, asOf, zone: 'Europe/Madrid' }) as SurveyAnswer;
    expect(answer.dataVersion).toBe(db.dataVersion());
    expect(answer.survey).toEqual(surveyStore(db, new GlossaryLookups(new GlossaryIndex(glossary)), asOf, 'Europe/Madrid'));
    expect(answer.survey.duplicates).toEqual({ emails: 1, count: 2, examples: ['A', 'B'] });
    expect(answer.survey.leads.futureDates).toEqual({ count: 1, examples: ['C'] });
    expect(answer.survey.leads.unread.stage).toEqual([{ value: 'Qualifed Lead', count: 1, examples: ['A'] }]);
  });
});
