/** The score bands of `smk report quality` (docs/metrics.md, "Score bands"). */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGlossary } from '../../src/config/glossary-file.ts';
import { GlossaryIndex } from '../../src/domain/glossary.ts';
import { GlossaryLookups, type LeadFacts } from '../../src/domain/metrics/facts.ts';
import { scoreBands, type QualityInput } from '../../src/domain/metrics/quality.ts';
import { FIXTURES } from '../helpers.ts';

const glossary = new GlossaryLookups(new GlossaryIndex(loadGlossary(path.join(FIXTURES, 'review', 'glossary.yaml'))));
const SQL = glossary.stageIndex('sql');
const CUSTOMER = glossary.stageIds.length - 1;

/** Only the score and the furthest stage reached matter to a band. */
const lead = (id: string, score: number | null, reachedIndex: number) => ({ lead: { id, score }, reachedIndex }) as unknown as LeadFacts;
const bands = (facts: LeadFacts[], edges = [0, 25, 50, 75, 100]) =>
  scoreBands(facts, edges, { glossary } as QualityInput).map((b) => [b.band, b.leads, b.sqls, b.sqlRate, b.customers, b.customerRate]);

describe('scoreBands', () => {
  it('puts each score in [from, to), the last band including its upper edge', () => {
    const facts = [lead('A', 0, 0), lead('B', 24.9, SQL), lead('C', 25, 0), lead('D', 75, CUSTOMER), lead('E', 100, SQL)];
    expect(bands(facts)).toEqual([
      ['0–25', 2, 1, 0.5, 0, 0], // A, B (SQL)
      ['25–50', 1, 0, 0, 0, 0], // C
      ['50–75', 0, 0, null, 0, null], // empty: rates are undefined, not 0 %
      ['75–100', 2, 2, 1, 1, 0.5], // D (customer, so SQL too), E (100)
    ]);
  });

  it('keeps leads without a score and scores outside the bands in bands of their own, only when there are any', () => {
    const facts = [lead('A', null, SQL), lead('B', null, 0), lead('C', 120, CUSTOMER), lead('D', -5, 0), lead('E', 60, 0)];
    expect(bands(facts, [0, 50, 100])).toEqual([
      ['0–50', 0, 0, null, 0, null],
      ['50–100', 1, 0, 0, 0, 0], // E
      ['(no score)', 2, 1, 0.5, 0, 0], // A (SQL), B
      ['(outside the bands)', 2, 1, 0.5, 1, 0.5], // C (customer), D
    ]);
    expect(bands([lead('E', 60, 0)], [0, 50, 100]).map((b) => b[0])).toEqual(['0–50', '50–100']);
  });
});
