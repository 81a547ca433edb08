import { stripVTControlCharacters } from 'node:util';
import { describe, it, expect } from 'vitest';
import type { CellValue, ReportDocument, ReportTable, ValueKind } from '../../src/render/document.ts';
import { formatMachine, formatValue, type FormatOptions } from '../../src/render/format.ts';
import { renderCsv, renderMarkdown, renderPlain, renderTable } from '../../src/render/report.ts';

const NBSP = '\u00a0';
const en: FormatOptions = { timeZone: 'Europe/Madrid' };
const es: FormatOptions = { locale: 'es-ES', timeZone: 'Europe/Madrid' };
const it_: FormatOptions = { locale: 'it-IT', timeZone: 'Europe/Madrid' };

const doc = (tables: ReportTable[], extra: Partial<ReportDocument> = {}): ReportDocument => ({
  title: 'Funnel',
  subtitle: 'W47',
  timeZone: 'Europe/Madrid',
  sections: [{ title: 'Flow', tables }],
  ...extra,
});

describe('formatValue', () => {
  const cases: Array<[CellValue, ValueKind, string, string, string]> = [
    // value, kind, en (default), es-ES, it-IT
    ['Lead', 'text', 'Lead', 'Lead', 'Lead'],
    [42, 'text', '42', '42', '42'],
    [1234, 'count', '1,234', '1.234', '1.234'],
    [1234567, 'count', '1,234,567', '1.234.567', '1.234.567'],
    [-1234, 'count', '-1,234', '-1.234', '-1.234'],
    [1234.5, 'amount', '1,234.5', '1.234,5', '1.234,5'],
    [1234.567, 'amount', '1,234.57', '1.234,57', '1.234,57'],
    [1234.56, 'number', '1,234.6', '1.234,6', '1.234,6'],
    [0.4545, 'share', '45.5%', `45,5${NBSP}%`, '45,5%'],
    [1, 'share', '100%', `100${NBSP}%`, '100%'],
    [0, 'share', '0%', `0${NBSP}%`, '0%'],
    [0.032, 'points', '+3.2 pp', '+3,2 pp', '+3,2 pp'],
    [-0.05, 'points', '−5 pp', '−5 pp', '−5 pp'],
    [0, 'points', '0 pp', '0 pp', '0 pp'],
    [3, 'delta', '+3', '+3', '+3'],
    [-2, 'delta', '−2', '−2', '−2'],
    [0, 'delta', '0', '0', '0'],
    [-0.001, 'delta', '0', '0', '0'],
    [-1234.5, 'delta', '−1,234.5', '−1.234,5', '−1.234,5'],
    [1.234, 'delta', '+1.23', '+1,23', '+1,23'],
    [2.5, 'days', '2.5', '2,5', '2,5'],
    [2.46, 'hours', '2.5', '2,5', '2,5'],
    ['2026-11-16T09:00:00Z', 'datetime', '2026-11-16 10:00', '16/11/2026 10:00', '16/11/2026 10:00'],
    ['2026-11-16T09:00:00Z', 'date', '2026-11-16', '16/11/2026', '16/11/2026'],
  ];
  for (const [value, kind, inEn, inEs, inIt] of cases) {
    it(`${kind} ${JSON.stringify(value)}`, () => {
      expect(formatValue(value, kind, en)).toBe(inEn);
      expect(formatValue(value, kind, es)).toBe(inEs);
      expect(formatValue(value, kind, it_)).toBe(inIt);
    });
  }

  it('shows null as an en dash for every kind', () => {
    const kinds: ValueKind[] = ['text', 'count', 'amount', 'number', 'share', 'points', 'delta', 'days', 'hours', 'datetime', 'date'];
    for (const kind of kinds) for (const options of [en, es, it_]) expect(formatValue(null, kind, options)).toBe('–');
  });

  it('shows instants in Europe/Madrid across the end of summer time on 2026-10-25', () => {
    expect(formatValue('2026-10-24T22:30:00Z', 'datetime', en)).toBe('2026-10-25 00:30'); // CEST, +2
    expect(formatValue('2026-10-25T00:30:00Z', 'datetime', en)).toBe('2026-10-25 02:30'); // still CEST
    expect(formatValue('2026-10-25T01:30:00Z', 'datetime', en)).toBe('2026-10-25 02:30'); // CET, +1: the hour repeats
    expect(formatValue('2026-10-25T02:30:00Z', 'datetime', en)).toBe('2026-10-25 03:30');
    expect(formatValue('2026-10-24T22:30:00Z', 'date', es)).toBe('25/10/2026');
    expect(formatValue('2026-07-01T12:00:00Z', 'datetime', it_)).toBe('01/07/2026 14:00');
    expect(formatValue('2026-12-01T12:00:00Z', 'datetime', it_)).toBe('01/12/2026 13:00');
  });

  it('shows midnight as 00:00 of the next day, never 24:00', () => {
    expect(formatValue('2026-11-22T23:00:00Z', 'datetime', en)).toBe('2026-11-23 00:00');
  });

  it('shows instants in other zones', () => {
    const newYork = { timeZone: 'America/New_York' };
    expect(formatValue('2026-11-16T09:00:00Z', 'datetime', newYork)).toBe('2026-11-16 04:00');
    expect(formatValue('2026-11-16T03:00:00Z', 'date', newYork)).toBe('2026-11-15');
    expect(formatValue('2026-11-16T20:00:00Z', 'datetime', { locale: 'es-ES', timeZone: 'Asia/Tokyo' })).toBe('17/11/2026 05:00');
  });

  it('rejects an ill-formed or unknown locale with a RangeError naming it', () => {
    expect(() => formatValue(1, 'count', { locale: 'xx-!!', timeZone: 'UTC' })).toThrow(RangeError);
    expect(() => formatValue(1, 'count', { locale: 'xx-!!', timeZone: 'UTC' })).toThrow(/xx-!!/);
    expect(() => formatValue('2026-11-16T09:00:00Z', 'date', { locale: 'zz-ZZ', timeZone: 'UTC' })).toThrow(/zz-ZZ/);
  });
});

describe('formatMachine', () => {
  it('writes numbers as JavaScript does, without locale or float noise', () => {
    expect(formatMachine(1234, 'count')).toBe('1234');
    expect(formatMachine(-5, 'delta')).toBe('-5');
    expect(formatMachine(0.4545, 'share')).toBe('0.4545');
    expect(formatMachine(0.1 + 0.2, 'amount')).toBe('0.3');
    expect(formatMachine(1 / 3, 'share')).toBe('0.333333');
    expect(formatMachine(0.032, 'points')).toBe('0.032');
  });

  it('keeps instants and text as given and writes null as nothing', () => {
    expect(formatMachine('2026-11-16T09:00:00Z', 'datetime')).toBe('2026-11-16T09:00:00Z');
    expect(formatMachine('Lead', 'text')).toBe('Lead');
    expect(formatMachine(null, 'count')).toBe('');
  });
});

const flow: ReportTable = {
  id: 'funnel-flow',
  title: 'Entered',
  columns: [
    { key: 'stage', title: 'stage', kind: 'text' },
    { key: 'entered', title: 'entered', kind: 'count' },
    { key: 'change', title: 'change', kind: 'delta' },
  ],
  rows: [
    { stage: 'Lead', entered: 1234, change: 3 },
    { stage: 'MQL', entered: 0, change: -2 },
  ],
};

const barred: ReportTable = {
  id: 'funnel-flow',
  title: 'Entered',
  columns: [
    { key: 'stage', title: 'stage', kind: 'text' },
    { key: 'entered', title: 'entered', kind: 'count' },
  ],
  rows: [
    { stage: 'Lead', entered: 100 },
    { stage: 'MQL', entered: 50 },
    { stage: 'SQL', entered: 1 },
    { stage: 'Won', entered: 0 },
    { stage: 'Lost', entered: null },
  ],
  bar: 'entered',
  notes: ['a note'],
};

const empty: ReportTable = {
  id: 'empty',
  title: 'Nothing',
  columns: [
    { key: 'a', title: 'a', kind: 'text' },
    { key: 'n', title: 'n', kind: 'count' },
  ],
  rows: [],
};

describe('renderTable', () => {
  it('draws a boxed table with right-aligned figures', () => {
    expect(renderTable(doc([flow]), { color: false })).toBe(
      [
        'Funnel',
        'W47',
        '',
        'Flow',
        '',
        'Entered',
        '┌───────┬─────────┬────────┐',
        '│ stage │ entered │ change │',
        '├───────┼─────────┼────────┤',
        '│ Lead  │   1,234 │     +3 │',
        '│ MQL   │       0 │     −2 │',
        '└───────┴─────────┴────────┘',
        '',
      ].join('\n'),
    );
  });

  it('formats in the given locale', () => {
    expect(renderTable(doc([flow]), { color: false, locale: 'es-ES' })).toContain('│ Lead  │   1.234 │     +3 │');
  });

  it('colors only when asked, and the text is the same either way', () => {
    const plain = renderTable(doc([flow, barred, empty]), { color: false });
    const colored = renderTable(doc([flow, barred, empty]), { color: true });
    expect(plain).not.toContain('\u001b');
    expect(colored).toContain('\u001b');
    expect(stripVTControlCharacters(colored)).toBe(plain);
    expect(colored).toContain('\u001b[31m−2\u001b[39m');
    expect(colored).toContain('\u001b[32m+3\u001b[39m');
  });

  it('draws bars proportional to the largest value', () => {
    const lines = renderTable(doc([barred]), { color: false }).split('\n');
    const barOf = (stage: string) => (lines.find((line) => line.startsWith(`│ ${stage} `)) ?? '').split('').filter((c) => c === '█').length;
    expect(barOf('Lead')).toBe(24);
    expect(barOf('MQL')).toBe(12);
    expect(barOf('SQL')).toBe(1);
    expect(barOf('Won')).toBe(0);
    expect(barOf('Lost')).toBe(0);
    expect(lines).toContain('│ MQL   │      50 │ ████████████             │');
  });

  it('fits a wide document in 100 columns, and in a narrower width when given', () => {
    const long = 'This lead came from a very long campaign name that somebody typed into the CRM without any thought for terminals at all, ending here';
    const wide: ReportTable = {
      id: 'wide',
      title: `A table title that is itself far too long for one line of a terminal ${'and more '.repeat(10)}`,
      columns: [
        { key: 'source', title: 'source', kind: 'text' },
        { key: 'campaign', title: 'campaign', kind: 'text' },
        { key: 'leads', title: 'leads created', kind: 'count' },
        { key: 'share', title: 'share of all leads', kind: 'share' },
        { key: 'change', title: 'change against the previous', kind: 'points' },
        { key: 'first', title: 'first lead at', kind: 'datetime' },
      ],
      rows: [
        { source: 'Paid search (Google Ads, brand and non-brand keywords)', campaign: long, leads: 123456, share: 0.4545, change: -0.032, first: '2026-11-16T09:00:00Z' },
        { source: 'Webinar', campaign: 'short', leads: 7, share: 0.01, change: 0.001, first: null },
      ],
      bar: 'leads',
      notes: [`A note that goes on and on ${'and on '.repeat(30)}`],
    };
    const document = doc([wide], { subtitle: `A subtitle ${'that is long '.repeat(20)}` });
    for (const width of [100, 60]) {
      const out = stripVTControlCharacters(renderTable(document, { color: true, width }));
      for (const line of out.split('\n')) expect([...line].length).toBeLessThanOrEqual(width);
    }
    const lines = stripVTControlCharacters(renderTable(document, { color: true })).split('\n');
    // Text wraps at word boundaries, so every word survives; figures stay whole.
    expect(lines.some((line) => line.includes('│ ending here '))).toBe(true);
    expect(lines.some((line) => line.includes('123,456') && line.includes('45.5%') && line.includes('−3.2 pp') && line.includes('2026-11-16 10:00'))).toBe(true);
    expect(lines.some((line) => line.includes(' previous │'))).toBe(true);
    // Wrapped rows get separators so that they do not run into each other.
    expect(lines.filter((line) => line.startsWith('├')).length).toBe(2);
  });

  it('says so in an empty table', () => {
    const lines = renderTable(doc([empty]), { color: false }).split('\n');
    expect(lines).toContain('│ a                  │ n │');
    expect(lines).toContain('│ no data for the period │');
  });

  it('says what an empty table means when the table says it', () => {
    const none = { ...empty, empty: 'no breaches in the period' };
    expect(renderTable(doc([none]), { color: false }).split('\n')).toContain('│ no breaches in the period │');
    expect(renderPlain(doc([none])).split('\n')).toContain('no breaches in the period');
    expect(renderMarkdown(doc([none])).split('\n')).toContain('| no breaches in the period |  |');
  });
});

describe('renderPlain', () => {
  it('aligns columns without borders or colors, bars included', () => {
    expect(renderPlain(doc([barred], { sections: [{ title: 'Flow', lines: ['One line.'], tables: [barred, empty] }] }))).toBe(
      [
        'Funnel',
        '======',
        'W47',
        '',
        'Flow',
        '----',
        'One line.',
        '',
        'Entered',
        'stage  entered',
        'Lead       100  ████████████████████████',
        'MQL         50  ████████████',
        'SQL          1  █',
        'Won          0',
        'Lost         –',
        'a note',
        '',
        'Nothing',
        'a  n',
        'no data for the period',
        '',
      ].join('\n'),
    );
  });

  it('uses the locale', () => {
    expect(renderPlain(doc([flow]), { locale: 'it-IT' })).toContain('Lead     1.234      +3');
  });
});

describe('renderMarkdown', () => {
  it('writes headings, pipe tables with escaped cells and notes', () => {
    const table: ReportTable = {
      id: 'owners',
      title: 'Owners | team',
      columns: [
        { key: 'owner', title: 'owner', kind: 'text' },
        { key: 'rate', title: 'on time', kind: 'share' },
      ],
      rows: [
        { owner: 'Ana | Luis', rate: 0.5 },
        { owner: 'two\nlines', rate: null },
      ],
      notes: ['rates of owners with *few* MQLs vary'],
    };
    const out = renderMarkdown(doc([table, empty], { sections: [{ title: 'SLA', lines: ['No breaches.'], tables: [table, empty] }] }), { locale: 'es-ES' });
    expect(out).toBe(
      [
        '# Funnel',
        '',
        '*W47*',
        '',
        '## SLA',
        '',
        'No breaches.',
        '',
        '### Owners \\| team', // every text is escaped alike; a heading renders it as `|`
        '',
        '| owner | on time |',
        '| --- | ---: |',
        `| Ana \\| Luis | 50${NBSP}% |`,
        '| two lines | – |',
        '',
        '*rates of owners with \\*few\\* MQLs vary*',
        '',
        '### Nothing',
        '',
        '| a | n |',
        '| --- | ---: |',
        '| no data for the period |  |',
        '',
      ].join('\n'),
    );
  });
});

describe('renderCsv', () => {
  it('quotes per RFC 4180 and defuses formulas in text cells only', () => {
    const people: ReportTable = {
      id: 'people',
      title: 'People, quoted',
      columns: [
        { key: 'name', title: 'name', kind: 'text' },
        { key: 'n', title: 'n', kind: 'delta' },
        { key: 'share', title: 'share', kind: 'share' },
        { key: 'at', title: 'at', kind: 'datetime' },
      ],
      rows: [
        { name: '=HYPERLINK("http://x","y")', n: -5, share: 0.4545, at: '2026-11-16T09:00:00Z' },
        { name: '+34 600 000 000', n: 3, share: 1, at: null },
        { name: '-x', n: 0, share: 0.1 + 0.2, at: null },
        { name: '@foo', n: null, share: null, at: null },
        { name: '\tcmd', n: 1, share: 0, at: null },
        { name: 'a,b', n: 1, share: 0, at: null },
        { name: 'say "hi"', n: 2, share: 0, at: null },
        { name: 'two\nlines', n: 2, share: 0, at: null },
      ],
    };
    expect(renderCsv(doc([people, empty]))).toBe(
      [
        '# people: People, quoted',
        'name,n,share,at',
        '"\'=HYPERLINK(""http://x"",""y"")",-5,0.4545,2026-11-16T09:00:00Z',
        "'+34 600 000 000,3,1,",
        "'-x,0,0.3,",
        "'@foo,,,",
        "'\tcmd,1,0,",
        '"a,b",1,0,',
        '"say ""hi""",2,0,',
        '"two\nlines",2,0,',
        '',
        '# empty: Nothing',
        'a,n',
        '',
      ].join('\n'),
    );
  });

  it('writes nothing for a document without tables', () => {
    expect(renderCsv(doc([]))).toBe('');
  });
});
