/**
 * RowEndScanner must find a row's end exactly where papaparse does, whatever pieces the text
 * arrives in: the reader trusts it to skip the rest of an over-long row and give the parser its
 * end, and the line numbers of every later row depend on its count of line breaks.
 */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { cutCells, RowEndScanner } from '../../src/import/oversized-rows.ts';

/** Scans `text` cut at the given positions; the end of the first row, or -1. */
function scanInPieces(text: string, cuts: number[], delimiter = ',', newline = '\n'): { end: number; lineBreaks: number } {
  const scanner = new RowEndScanner(delimiter, newline);
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    const end = scanner.scan(text.slice(from, cut));
    if (end !== -1) return { end: from + end, lineBreaks: scanner.lineBreaks };
    from = cut;
  }
  return { end: -1, lineBreaks: scanner.lineBreaks };
}

/** Where papaparse ends the first row of `text` (followed by a second row); -1 for a quote never closed. */
function papaparseEnd(text: string, delimiter = ',', newline = '\n'): number {
  let end = -1;
  Papa.parse<string[]>(text, {
    delimiter, newline, quoteChar: '"',
    step: (result, parser) => {
      end = result.errors.some((e) => e.code === 'MissingQuotes') ? -1 : result.meta.cursor;
      parser.abort();
    },
  });
  return end;
}

describe('RowEndScanner', () => {
  const cases: Array<[string, string, number]> = [
    // [what, text (a row, then "next,row"), the row's line breaks inside quotes]
    ['plain fields', 'a,b,c\nnext,row\n', 0],
    ['a quoted field with the delimiter and line breaks', 'a,"b,\nc\nd",e\nnext,row\n', 2],
    ['doubled quotes', '"say ""hi""\n",x\nnext,row\n', 1],
    ['spaces after a closing quote', '"a"  ,"b\n"   \nnext,row\n', 1],
    ['a stray quote inside a quoted field', '"5" screen\n",x\nnext,row\n', 1],
    ['a quote inside an unquoted field is a character', 'a,5" screen,b\nnext,row\n', 0],
    ['an empty last field', 'a,b,\nnext,row\n', 0],
    ['an empty quoted field', 'a,""\nnext,row\n', 0],
  ];
  for (const [what, text, lineBreaks] of cases) {
    it(`ends the row where papaparse does, cut anywhere: ${what}`, () => {
      const expected = papaparseEnd(text);
      expect(expected).toBe(text.indexOf('next,row'));
      for (let cut = 0; cut <= text.length; cut++) {
        for (const second of [cut, Math.min(text.length, cut + 1), Math.min(text.length, cut + 2)]) {
          expect(scanInPieces(text, [cut, second]), `cut at ${cut}, ${second}`).toEqual({ end: expected, lineBreaks });
        }
      }
    });
  }

  it('reads CRLF rows, a CR cut from its LF, and semicolons', () => {
    const text = '"x;y\r\nz"  \r\nnext;row\r\n';
    const expected = papaparseEnd(text, ';', '\r\n');
    expect(expected).toBe(text.indexOf('next;row'));
    for (let cut = 0; cut <= text.length; cut++) {
      expect(scanInPieces(text, [cut], ';', '\r\n'), `cut at ${cut}`).toEqual({ end: expected, lineBreaks: 1 });
    }
  });

  it('agrees with papaparse on 500 random rows of quotes, delimiters and line breaks', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = (s: string) => s[Math.floor(random() * s.length)]!;
    let ended = 0;
    for (let n = 0; n < 500; n++) {
      const fields: string[] = [];
      for (let f = 0, count = 1 + Math.floor(random() * 4); f < count; f++) {
        if (random() < 0.5) {
          let body = '';
          for (let c = 0; c < random() * 8; c++) body += pick('ab,\n ""x');
          fields.push(`"${body.replace(/"(?!")/g, '""')}"${random() < 0.2 ? '  ' : ''}`);
        } else {
          let body = '';
          for (let c = 0; c < random() * 6; c++) body += pick('ab "x');
          fields.push(body);
        }
      }
      const text = `${fields.join(',')}\nnext,row\n`;
      const expected = papaparseEnd(text); // -1: the reader stops the file there (a quote never closed)
      const cut = Math.floor(random() * text.length);
      const found = scanInPieces(text, [cut]);
      expect(found.end, JSON.stringify(text)).toBe(expected);
      if (expected !== -1) ended++;
    }
    expect(ended).toBeGreaterThan(400); // most rows end: the comparison is not only of quotes never closed
  });

  it('gives the parser the end of the row where it stopped feeding it', () => {
    const inQuotes = new RowEndScanner(',', '\n');
    inQuotes.scan('a,"long');
    expect(inQuotes.terminator()).toBe('"\n');
    const unquoted = new RowEndScanner(',', '\n');
    unquoted.scan('a,long');
    expect(unquoted.terminator()).toBe('\n');
    // The parser then ends the row there, with the cells fed so far.
    expect(Papa.parse<string[]>(`a,"long${inQuotes.terminator()}next\n`, { delimiter: ',', newline: '\n' }).data[0]).toEqual(['a', 'long']);
  });

  it('keeps 200 characters of each long cell for the rejected-rows table', () => {
    expect(cutCells(['short', 'x'.repeat(1000)])).toEqual(['short', `${'x'.repeat(200)}… (800 more characters)`]);
  });
});
