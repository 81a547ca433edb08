import { describe, expect, it } from 'vitest';
import { binaryKind, detectEncoding, resolveEncodingName } from '../../src/domain/encoding.ts';
import { resolveDelimiter, sniffDelimiter, sniffNewline } from '../../src/domain/delimiter.ts';

const bytes = (...b: number[]) => Uint8Array.from(b);
const latin1 = (text: string) => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));

describe('detectEncoding', () => {
  it('reads a UTF-8 byte-order mark', () => {
    expect(detectEncoding(bytes(0xef, 0xbb, 0xbf, 0x61))).toEqual({ encoding: 'utf-8', bomLength: 3 });
  });
  it('reads UTF-16 byte-order marks (Excel "Unicode text")', () => {
    expect(detectEncoding(bytes(0xff, 0xfe, 0x61, 0x00))).toEqual({ encoding: 'utf-16le', bomLength: 2 });
    expect(detectEncoding(bytes(0xfe, 0xff, 0x00, 0x61))).toEqual({ encoding: 'utf-16be', bomLength: 2 });
  });
  it('recognises UTF-16 LE without a BOM by its NUL bytes', () => {
    expect(detectEncoding(Buffer.from('Email\tNome\r\nana@x.it\tAna\r\n', 'utf16le')).encoding).toBe('utf-16le');
  });
  it('takes valid UTF-8 as UTF-8, accented letters included', () => {
    expect(detectEncoding(Buffer.from('Nombre;Añón;José\n', 'utf8')).encoding).toBe('utf-8');
  });
  it('takes bytes that are not UTF-8 as Windows-1252 (Spanish Excel "CSV")', () => {
    expect(detectEncoding(latin1('Nombre;A\xf1\xf3n;Jos\xe9\n')).encoding).toBe('windows-1252');
  });
  it('takes UTF-8 with a stray Windows-1252 byte as UTF-8 (mixed: read as Windows-1252, Núñez would be mojibake)', () => {
    // "Núñez" in UTF-8 (C3 BA, C3 B1), then "José" with a lone 0xE9.
    expect(detectEncoding(Buffer.concat([Buffer.from('id;N\u00fa\u00f1ez\n', 'utf8'), latin1('2;Jos\xe9\n')])).encoding).toBe('utf-8');
  });
  it('takes Windows-1252 whose letters happen to form one UTF-8 pair as Windows-1252', () => {
    // Ó (D3) before ” (94) is a valid UTF-8 pair by chance; é, ú, ñ, ñ are four stray bytes beside it.
    expect(detectEncoding(latin1('Jos\xe9 N\xfa\xf1ez;Peque\xf1o;EDICI\xd3\x94\n')).encoding).toBe('windows-1252');
  });
  it('does not reject a sample cut in the middle of a UTF-8 character', () => {
    const text = Buffer.from('José', 'utf8');
    expect(detectEncoding(text.subarray(0, text.length - 1)).encoding).toBe('utf-8');
  });
  it('resolves the names users type', () => {
    expect(resolveEncodingName('latin1')).toBe('windows-1252');
    expect(resolveEncodingName('UTF8')).toBe('utf-8');
    expect(resolveEncodingName('cp1252')).toBe('windows-1252');
    expect(resolveEncodingName('ebcdic')).toBeUndefined();
  });
});

describe('binaryKind', () => {
  it('recognises workbooks and archives', () => {
    expect(binaryKind(bytes(0x50, 0x4b, 0x03, 0x04, 0, 0))).toMatch(/xlsx/);
    expect(binaryKind(bytes(0xd0, 0xcf, 0x11, 0xe0, 0, 0))).toMatch(/97-2003/);
    expect(binaryKind(bytes(0x1f, 0x8b, 8, 0))).toMatch(/gzip/);
  });
  it('takes NUL bytes in a non-UTF-16 file as binary', () => {
    expect(binaryKind(bytes(0x61, 0x62, 0x00, 0x63, 0x00, 0x00, 0x00, 0x64))).toBe('a binary file');
  });
  it('takes a stray NUL in text as text (its row is quarantined, wherever it is)', () => {
    expect(binaryKind(Buffer.from(`id,name\n1,Jos\u0000e\n${'2,Ana\n'.repeat(100)}`))).toBeUndefined();
  });
  it('leaves text and UTF-16 text alone', () => {
    expect(binaryKind(Buffer.from('a,b\n1,2\n'))).toBeUndefined();
    expect(binaryKind(Buffer.from('a\tb\r\n1\t2\r\n', 'utf16le'))).toBeUndefined();
  });
});

describe('sniffDelimiter', () => {
  it.each([
    ['a,b,c\n1,2,3\n', ','],
    ['ID;Nombre;Puntuación\n1;José;72,5\n2;Ana;80,25\n', ';'],
    ['Email\tNome\tCognome\nx@y.it\tNiccolò\tRossi\n', '\t'],
    ['a|b|c\n1|2|3\n', '|'],
    // Commas inside quotes do not count.
    ['"Company, Inc";"x"\n"Acme, S.L.";"y"\n', ';'],
    // A single column.
    ['email\nana@x.es\n', ','],
  ])('%j → %j', (sample, expected) => {
    expect(sniffDelimiter(sample)).toBe(expected);
  });
  it('prefers the delimiter that splits every line alike over a stray one', () => {
    expect(sniffDelimiter('id;amount;note\n1;12,5;a\n2;3,25;b, c\n')).toBe(';');
  });
});

describe('sniffNewline', () => {
  it('finds CRLF, LF and CR outside quotes', () => {
    expect(sniffNewline('a,b\r\n1,2\r\n')).toBe('\r\n');
    expect(sniffNewline('a,"x\r\ny"\n')).toBe('\n');
    expect(sniffNewline('a,b\r1,2\r')).toBe('\r');
  });
});

describe('resolveDelimiter', () => {
  it('accepts characters and names', () => {
    expect(resolveDelimiter('tab')).toBe('\t');
    expect(resolveDelimiter(';')).toBe(';');
    expect(resolveDelimiter('ab')).toBeUndefined();
    expect(resolveDelimiter('"')).toBeUndefined();
  });
});
