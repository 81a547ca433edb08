/**
 * Lead facts and quality rows on a glossary without SAL and opportunity stages: a figure that
 * depends on a missing stage is 0, and the SLA's decision still reads the export's `sal_at`.
 * Hand-computed from the four leads below (as of 2026-11-20, docs/metrics.md "Common ground").
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGlossary } from '../../src/config/glossary-file.ts';
import type { LeadRecord } from '../../src/domain/fields.ts';
import { GlossaryIndex } from '../../src/domain/glossary.ts';
import { GlossaryLookups, leadFacts, type ReportData } from '../../src/domain/metrics/facts.ts';
import { qualityRow, type QualityInput } from '../../src/domain/metrics/quality.ts';
import { PER_CURRENCY } from '../../src/domain/money.ts';
import { tempDir } from '../helpers.ts';

const file = path.join(tempDir(), 'glossary.yaml');
fs.writeFileSync(
  file,
  `stages:
  - { id: lead, name: Lead, owner: marketing, definition: Showed interest. }
  - { id: mql, name: MQL, owner: marketing, definition: Marketing vouches for it. }
  - { id: sql, name: SQL, owner: sales, definition: Sales qualified it. }
  - { id: customer, name: Customer, owner: sales, definition: Won. }
outcomes:
  - { id: rejected, name: Rejected, kind: rejected, aliases: [UNQUALIFIED] }
rejection_reasons:
  - { id: no_budget, name: No budget, aliases: [Sin presupuesto] }
`,
);
const glossary = new GlossaryLookups(new GlossaryIndex(loadGlossary(file)));
const asOf = Date.parse('2026-11-20T00:00:00Z');

const blank: LeadRecord = {
  id: '', email: null, first_name: null, last_name: null, company: null, source: null, campaign: null, owner: null, score: null,
  segment: null, country: null, stage: null, status: null, created_at: null, lead_at: null, mql_at: null, sal_at: null, sql_at: null,
  opportunity_at: null, customer_at: null, first_touch_at: null, rejected_at: null, rejection_reason: null,
};
const leads: LeadRecord[] = [
  // A: MQL 11-02, accepted (sal_at) 11-03, SQL 11-05; score 80.
  { ...blank, id: 'A', score: 80, created_at: '2026-11-01T09:00:00Z', mql_at: '2026-11-02T09:00:00Z', sal_at: '2026-11-03T09:00:00Z', sql_at: '2026-11-05T09:00:00Z' },
  // B: MQL 11-02, rejected 11-04 with "Sin presupuesto" (= No budget); score 40.
  { ...blank, id: 'B', score: 40, created_at: '2026-11-01T10:00:00Z', mql_at: '2026-11-02T10:00:00Z', rejected_at: '2026-11-04T10:00:00Z', rejection_reason: 'Sin presupuesto' },
  // C: a lead only, in stage UNQUALIFIED (rejected by its stage, but never an MQL); no score.
  { ...blank, id: 'C', stage: 'UNQUALIFIED', created_at: '2026-11-01T11:00:00Z', lead_at: '2026-11-01T11:00:00Z' },
  // D: an opportunity date only (no such stage in this glossary), and a SQL date after the as-of.
  { ...blank, id: 'D', score: 60, created_at: '2026-11-01T12:00:00Z', opportunity_at: '2026-11-10T12:00:00Z', sql_at: '2026-12-01T12:00:00Z' },
];
const data: ReportData = { leads, deals: [], stageChanges: [] };
const facts = leadFacts(data, glossary, asOf);

describe('lead facts without SAL and opportunity stages', () => {
  it('dates the stages from their columns and decides by sal_at, sql_at or the rejection', () => {
    const at = (iso: string) => Date.parse(iso);
    const [a, b, c, d] = facts;
    // A: entered the first stage when created (11-01 09:00, before its MQL date), then MQL, SQL; reached SQL (index 2).
    expect(a!.passed).toEqual([at('2026-11-01T09:00:00Z'), at('2026-11-02T09:00:00Z'), at('2026-11-05T09:00:00Z'), null]);
    expect(a!.reachedIndex).toBe(2);
    expect(a!.mqlAt).toBe(at('2026-11-02T09:00:00Z'));
    // The decision is the earliest of SAL (11-03), SQL (11-05) and a rejection, though the glossary has no SAL.
    expect(a!.decidedAt).toBe(at('2026-11-03T09:00:00Z'));
    expect(b!.decidedAt).toBe(at('2026-11-04T10:00:00Z'));
    expect(b!.rejected).toBe(true);
    expect(c!.rejected).toBe(true); // by its stage
    expect(c!.reachedIndex).toBe(0);
    // D: no stage has its date but creation (11-01 12:00), which is entering the first stage; SQL after the as-of has not happened yet.
    expect(d!.passed).toEqual([at('2026-11-01T12:00:00Z'), null, null, null]);
    expect(d!.reachedIndex).toBe(0);
    expect(d!.decidedAt).toBeNull();
  });
});

describe('quality row without SAL and opportunity stages', () => {
  it('counts what the glossary has and 0 for what it lacks', () => {
    const row = qualityRow('total', facts, { glossary, money: PER_CURRENCY } as QualityInput);
    // Leads A–D; MQLs A, B (C and D never reached MQL); accepted: no SAL stage, so 0; rejected MQLs: B;
    // SQLs among the MQLs: A; opportunities: no such stage and no deals, so 0; scores 80, 40, 60 → 60; no won
    // deal: the revenue is no amount in any currency, and per lead likewise (4 leads).
    expect(row).toMatchObject({
      leads: 4, mqls: 2, mqlRate: 0.5, accepted: 0, acceptanceRate: 0, rejected: 1, rejectionRate: 0.5,
      topReasons: [['No budget', 1]], sqls: 1, sqlRate: 0.5, opportunities: 0, wonDeals: 0, lostDeals: 0, winRate: null,
      wonRevenue: [], revenuePerLead: [], averageScore: 60,
    });
  });
});
