/** Reads `glossary.yaml`: schema first, then what a schema cannot say (ids that refer to other ids, aliases used twice). */
import { ConfigError } from '../errors.ts';
import { matchKey, VOCABULARIES, type Glossary, type Term } from '../domain/glossary.ts';
import { didYouMean } from '../domain/suggest.ts';
import { readYamlFile, schemaProblems, type YamlFile } from './yaml-file.ts';

export const GLOSSARY_SCHEMA = 'glossary.schema.json';

export function loadGlossary(file: string): Glossary {
  const yaml = readYamlFile(file);
  const problems = schemaProblems(yaml, GLOSSARY_SCHEMA);
  if (problems.length) throw new ConfigError(problems.join('\n'));
  const glossary = normalize(yaml.value as Partial<Glossary>);
  problems.push(...glossaryProblems(yaml, glossary));
  if (problems.length) throw new ConfigError(problems.join('\n'));
  return glossary;
}

function normalize(raw: Partial<Glossary>): Glossary {
  const terms = <T extends Term>(list: T[] | undefined): T[] =>
    (list ?? []).map((t) => ({ ...t, aliases: (t.aliases ?? []).map(String) }));
  return {
    language: raw.language,
    stages: terms(raw.stages),
    outcomes: terms(raw.outcomes),
    lead_statuses: terms(raw.lead_statuses),
    rejection_reasons: terms(raw.rejection_reasons),
    lost_reasons: terms(raw.lost_reasons),
    sources: terms(raw.sources),
    segments: terms(raw.segments),
  };
}

function glossaryProblems(yaml: YamlFile, glossary: Glossary): string[] {
  const problems: string[] = [];
  for (const vocabulary of VOCABULARIES) {
    const seenIds = new Map<string, number>();
    glossary[vocabulary].forEach((term, i) => {
      const first = seenIds.get(term.id);
      if (first !== undefined) problems.push(yaml.problem([vocabulary, i, 'id'], `"${term.id}" is already the id of ${vocabulary}[${first}]`));
      else seenIds.set(term.id, i);
    });
  }
  // A raw value must mean one thing: no spelling may belong to two terms that classify values alike.
  const groups: Array<Array<'stages' | 'outcomes' | 'lead_statuses' | 'rejection_reasons' | 'lost_reasons' | 'sources' | 'segments'>> = [
    ['stages', 'outcomes', 'lead_statuses'], ['rejection_reasons'], ['lost_reasons'], ['sources'], ['segments'],
  ];
  for (const group of groups) {
    const owner = new Map<string, string>();
    for (const vocabulary of group) {
      glossary[vocabulary].forEach((term, i) => {
        const spellings = [term.id, term.name, ...term.aliases];
        spellings.forEach((spelling, s) => {
          const key = matchKey(spelling);
          const where = `${vocabulary}[${i}] (${term.id})`;
          const other = owner.get(key);
          if (other !== undefined && !other.startsWith(`${vocabulary}[${i}] `)) {
            const at = s < 2 ? [vocabulary, i, s === 0 ? 'id' : 'name'] : [vocabulary, i, 'aliases', s - 2];
            problems.push(yaml.problem(at, `"${spelling}" already means ${other}; a value must mean one term`));
          } else if (other === undefined) {
            owner.set(key, where);
          }
        });
      });
    }
  }
  const stageIds = glossary.stages.map((s) => s.id);
  const outcomeIds = glossary.outcomes.map((o) => o.id);
  glossary.lead_statuses.forEach((status, i) => {
    if (status.means !== undefined && !stageIds.includes(status.means) && !outcomeIds.includes(status.means)) {
      problems.push(yaml.problem(['lead_statuses', i, 'means'], `"${status.means}" is not a stage or outcome id${didYouMean(status.means, [...stageIds, ...outcomeIds])}; allowed: ${[...stageIds, ...outcomeIds].join(', ')}`));
    }
  });
  const sourceIds = glossary.sources.map((s) => s.id);
  glossary.stages.forEach((stage, i) => {
    stage.requirements?.allowed_sources?.forEach((source, j) => {
      if (!sourceIds.includes(source)) {
        problems.push(yaml.problem(['stages', i, 'requirements', 'allowed_sources', j], `"${source}" is not a source id${didYouMean(source, sourceIds)}`));
      }
    });
  });
  return problems;
}
