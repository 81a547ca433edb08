/**
 * The common language both teams signed: the ordered funnel stages, the outcomes that leave
 * the funnel, and the other vocabularies (lead statuses, rejection and lost reasons, sources,
 * segments). Raw export values are mapped to terms when data is read, never when it is
 * imported, so editing the glossary changes the next report without importing again.
 */
import { FUNNEL_STAGE_IDS } from './fields.ts';
import { closest } from './suggest.ts';

export type Team = 'marketing' | 'sales';
export type OutcomeKind = 'rejected' | 'disqualified' | 'recycled' | 'won' | 'lost';
export const OUTCOME_KINDS: readonly OutcomeKind[] = ['rejected', 'disqualified', 'recycled', 'won', 'lost'];

export interface Term {
  id: string;
  name: string;
  /** Other spellings of the term in exports, in any language. */
  aliases: string[];
  definition?: string;
}

/** What a lead must have to enter a stage (the MQL definition both teams signed). */
export interface StageRequirements {
  required_fields?: string[];
  min_score?: number;
  /** Source term ids. */
  allowed_sources?: string[];
}

export interface Stage extends Term {
  definition: string;
  owner: Team;
  requirements?: StageRequirements;
}

export interface Outcome extends Term {
  kind: OutcomeKind;
}

/** A CRM lead status and the stage or outcome it means. */
export interface LeadStatus extends Term {
  /** A stage id or an outcome id. */
  means?: string;
}

export interface Glossary {
  language?: string;
  stages: Stage[];
  outcomes: Outcome[];
  lead_statuses: LeadStatus[];
  rejection_reasons: Term[];
  lost_reasons: Term[];
  sources: Term[];
  segments: Term[];
}

export type VocabularyName = 'stages' | 'outcomes' | 'lead_statuses' | 'rejection_reasons' | 'lost_reasons' | 'sources' | 'segments';
export const VOCABULARIES: readonly VocabularyName[] = ['stages', 'outcomes', 'lead_statuses', 'rejection_reasons', 'lost_reasons', 'sources', 'segments'];

/** The default stage ids: the `<id>_at` date fields of an import. */
export const DEFAULT_STAGE_IDS = FUNNEL_STAGE_IDS;

/**
 * The form in which values and aliases are compared: case, accents, spaces and punctuation
 * do not count, so `Marketing Qualified Lead`, `marketingqualifiedlead` and `MARKETING_QUALIFIED_LEAD`
 * are one, and so are `Búsqueda de pago` and `busqueda de pago`.
 */
export function matchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Values that the glossary would match as one (case, accents, spaces, punctuation: "Google",
 * "google ", "GOOGLE") grouped by their `matchKey`: each group's spellings, trimmed, with their
 * counts. The reports and `smk check` show and count each group as one value (`mostFrequent`).
 */
export function groupSpellings(counts: Iterable<readonly [string, number]>): Map<string, Map<string, number>> {
  const groups = new Map<string, Map<string, number>>();
  for (const [value, n] of counts) {
    const text = value.trim();
    if (!text) continue;
    const key = spellingKey(text);
    let spellings = groups.get(key);
    if (!spellings) groups.set(key, (spellings = new Map()));
    spellings.set(text, (spellings.get(text) ?? 0) + n);
  }
  return groups;
}

/** The group of a (trimmed) spelling in `groupSpellings`: a value of punctuation only is its own group. */
export function spellingKey(text: string): string {
  return matchKey(text) || text;
}

/** The spelling a group of them is shown as: the most frequent, on a tie the first in code-unit order. */
export function mostFrequent(spellings: ReadonlyMap<string, number>): string {
  let best = '';
  let most = -1;
  for (const [spelling, count] of spellings) if (count > most || (count === most && spelling < best)) [best, most] = [spelling, count];
  return best;
}

/** One vocabulary's terms, looked up by id, name or alias. */
export class Vocabulary<T extends Term = Term> {
  readonly terms: readonly T[];
  private readonly byKey = new Map<string, T>();

  constructor(terms: readonly T[]) {
    this.terms = terms;
    for (const term of terms) {
      for (const spelling of [term.id, term.name, ...term.aliases]) {
        const key = matchKey(spelling);
        if (key && !this.byKey.has(key)) this.byKey.set(key, term);
      }
    }
  }

  lookup(raw: string | null | undefined): T | undefined {
    if (raw === null || raw === undefined) return undefined;
    return this.byKey.get(matchKey(raw));
  }

  /** The known spelling closest to an unknown value, for "did you mean". */
  closest(raw: string): T | undefined {
    const key = matchKey(raw);
    const spelling = closest(key, [...this.byKey.keys()]);
    return spelling === undefined ? undefined : this.byKey.get(spelling);
  }
}

/** Every vocabulary of a glossary, ready for lookups. */
export class GlossaryIndex {
  readonly glossary: Glossary;
  readonly stages: Vocabulary<Stage>;
  readonly outcomes: Vocabulary<Outcome>;
  readonly leadStatuses: Vocabulary<LeadStatus>;
  readonly rejectionReasons: Vocabulary;
  readonly lostReasons: Vocabulary;
  readonly sources: Vocabulary;
  readonly segments: Vocabulary;

  constructor(glossary: Glossary) {
    this.glossary = glossary;
    this.stages = new Vocabulary(glossary.stages);
    this.outcomes = new Vocabulary(glossary.outcomes);
    this.leadStatuses = new Vocabulary(glossary.lead_statuses);
    this.rejectionReasons = new Vocabulary(glossary.rejection_reasons);
    this.lostReasons = new Vocabulary(glossary.lost_reasons);
    this.sources = new Vocabulary(glossary.sources);
    this.segments = new Vocabulary(glossary.segments);
  }

  /** Position of a stage in the funnel (0 = first), or -1. */
  stageRank(stageId: string): number {
    return this.glossary.stages.findIndex((s) => s.id === stageId);
  }

  /**
   * What a raw stage value (or lead status) says about a lead: the funnel stage it has
   * reached, or the outcome that took it out of the funnel, or nothing known.
   */
  classifyStage(raw: string | null | undefined): { stage?: Stage; outcome?: Outcome } {
    const stage = this.stages.lookup(raw);
    if (stage) return { stage };
    const outcome = this.outcomes.lookup(raw);
    if (outcome) return { outcome };
    const status = this.leadStatuses.lookup(raw);
    if (status?.means) {
      const meant = this.glossary.stages.find((s) => s.id === status.means);
      if (meant) return { stage: meant };
      const out = this.glossary.outcomes.find((o) => o.id === status.means);
      if (out) return { outcome: out };
    }
    return {};
  }
}

/** Why a lead misses a stage's requirements (`no email`, `score under 50`, `source not allowed`); empty when it meets them. */
export function requirementProblems(lead: object, requirements: StageRequirements, glossary: GlossaryIndex): string[] {
  const record = lead as Record<string, unknown>;
  const problems: string[] = [];
  for (const field of requirements.required_fields ?? []) {
    const value = record[field];
    if (value === null || value === undefined || value === '') problems.push(`no ${field}`);
  }
  const score = record.score as number | null | undefined;
  if (requirements.min_score !== undefined && (score === null || score === undefined || score < requirements.min_score)) problems.push(`score under ${requirements.min_score}`);
  if (requirements.allowed_sources?.length) {
    const source = glossary.sources.lookup(record.source as string | null);
    if (!source || !requirements.allowed_sources.includes(source.id)) problems.push('source not allowed');
  }
  return problems;
}
