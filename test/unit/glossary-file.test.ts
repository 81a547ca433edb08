import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGlossary } from '../../src/config/glossary-file.ts';
import { GlossaryIndex, matchKey } from '../../src/domain/glossary.ts';

function write(text: string, name = 'glossary.yaml'): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'smk-glossary-')), name);
  fs.writeFileSync(file, text);
  return file;
}

const VALID = `language: en
stages:
  - id: lead
    name: Lead
    owner: marketing
    definition: Somebody who showed interest.
    aliases: [subscriber]
  - id: mql
    name: MQL
    owner: marketing
    definition: A lead marketing vouches for.
    aliases: [marketingqualifiedlead, Lead cualificado]
    requirements:
      required_fields: [email, company]
      min_score: 50
      allowed_sources: [paid_search]
outcomes:
  - id: rejected
    name: Rejected
    kind: rejected
    aliases: [UNQUALIFIED]
lead_statuses:
  - id: new
    name: New
    means: lead
sources:
  - id: paid_search
    name: Paid search
    aliases: [PAID_SEARCH, Búsqueda de pago]
`;

describe('matchKey and lookups', () => {
  it('ignores case, accents, spaces and punctuation', () => {
    expect(matchKey('Búsqueda de pago')).toBe(matchKey('BUSQUEDA_DE_PAGO'));
    expect(matchKey('Closed - Not Converted')).toBe('closednotconverted');
  });
  it('classifies stage values, outcomes and lead statuses', () => {
    const index = new GlossaryIndex(loadGlossary(write(VALID)));
    expect(index.classifyStage('Marketing Qualified Lead').stage?.id).toBe('mql');
    expect(index.classifyStage('lead cualificado').stage?.id).toBe('mql');
    expect(index.classifyStage('unqualified').outcome?.id).toBe('rejected');
    expect(index.classifyStage('NEW').stage?.id).toBe('lead');
    expect(index.classifyStage('evangelist')).toEqual({});
    expect(index.sources.lookup('paid search')?.id).toBe('paid_search');
    expect(index.sources.closest('PAID_SERCH')?.id).toBe('paid_search');
  });
});

describe('loadGlossary errors: all at once, with file, line and column', () => {
  it('reports schema problems with allowed values and suggestions', () => {
    const file = write(VALID.replace('owner: marketing\n    definition: A lead', 'owner: marketin\n    definition: A lead').replace('lead_statuses:', 'lead_statusses:'));
    expect(() => loadGlossary(file)).toThrow(
      [
        `${file}:22:1  lead_statusses: unknown key (did you mean "lead_statuses"?); allowed: language, stages, outcomes, lead_statuses, rejection_reasons, lost_reasons, sources, segments`,
        `${file}:10:12  stages.1.owner: "marketin" is not allowed (did you mean "marketing"?); allowed: marketing, sales`,
      ].join('\n'),
    );
  });

  it('reports ids that refer to nothing and spellings used twice', () => {
    const file = write(VALID.replace('means: lead', 'means: leed').replace('[UNQUALIFIED]', '[UNQUALIFIED, subscriber]').replace('allowed_sources: [paid_search]', 'allowed_sources: [paid_serch]'));
    const message = (() => {
      try {
        loadGlossary(file);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message.split('\n')).toEqual([
      `${file}:21:28  outcomes.0.aliases.1: "subscriber" already means stages[0] (lead); a value must mean one term`,
      `${file}:25:12  lead_statuses.0.means: "leed" is not a stage or outcome id (did you mean "lead"?); allowed: lead, mql, rejected`,
      `${file}:16:25  stages.1.requirements.allowed_sources.0: "paid_serch" is not a source id (did you mean "paid_search"?)`,
    ]);
  });

  it('reports YAML syntax errors with their position', () => {
    const file = write('stages:\n  - id: lead\n    name: [Lead\n');
    expect(() => loadGlossary(file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+  `));
  });

  it('refuses a YAML alias bomb quickly', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) bomb.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`);
    const file = write(bomb.join('\n') + '\n');
    const started = Date.now();
    expect(() => loadGlossary(file)).toThrow(/alias/i);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses a 50 MB file without parsing it', () => {
    const file = write('');
    fs.truncateSync(file, 50 * 1024 * 1024);
    expect(() => loadGlossary(file)).toThrow(`${file}: 52.4 MB is too large for a configuration file (limit 1 MB)`);
  });

  it('names a missing file', () => {
    expect(() => loadGlossary('/nonexistent/glossary.yaml')).toThrow('/nonexistent/glossary.yaml: no such file');
  });
});
