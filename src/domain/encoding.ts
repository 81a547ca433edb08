/**
 * Which text encoding an export is in, from its first bytes. Excel saves UTF-8 with a BOM,
 * "Unicode text" as UTF-16 LE with a BOM, and plain "CSV" in the machine's ANSI code page
 * (Windows-1252 in Spain and Italy).
 */

export type EncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252' | string;

export interface EncodingGuess {
  encoding: EncodingName;
  /** Bytes of byte-order mark to skip. */
  bomLength: number;
}

export type BinaryKind = 'an Excel workbook (.xlsx) or another zip archive' | 'an Excel 97-2003 workbook (.xls)' | 'a gzip archive' | 'a PDF' | 'a binary file';

/** Names `--encoding` accepts, mapped to the WHATWG labels TextDecoder knows. */
const ENCODING_ALIASES: Record<string, EncodingName> = {
  'utf-8': 'utf-8', utf8: 'utf-8', 'utf-8-sig': 'utf-8',
  'utf-16': 'utf-16le', 'utf-16le': 'utf-16le', utf16le: 'utf-16le', 'utf-16be': 'utf-16be', utf16be: 'utf-16be',
  'windows-1252': 'windows-1252', cp1252: 'windows-1252', latin1: 'windows-1252', 'latin-1': 'windows-1252', 'iso-8859-1': 'windows-1252',
  'iso-8859-15': 'iso-8859-15', latin9: 'iso-8859-15', 'macintosh': 'macintosh', 'mac-roman': 'macintosh',
};

export const ENCODING_CHOICES = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252', 'latin1', 'iso-8859-15'];

/** The decoder label for a user-given encoding name, or undefined if unknown. */
export function resolveEncodingName(name: string): EncodingName | undefined {
  return ENCODING_ALIASES[name.trim().toLowerCase()];
}

/** What kind of non-text file this is, judging by magic numbers and NUL bytes; undefined for text. */
export function binaryKind(sample: Uint8Array): BinaryKind | undefined {
  const starts = (...magic: number[]) => magic.every((b, i) => sample[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'an Excel workbook (.xlsx) or another zip archive';
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return 'an Excel 97-2003 workbook (.xls)';
  if (starts(0x1f, 0x8b)) return 'a gzip archive';
  if (starts(0x25, 0x50, 0x44, 0x46)) return 'a PDF';
  if (utf16Layout(sample) !== undefined) return undefined;
  // A text export may hold a stray NUL (Salesforce rich-text fields do): its row is quarantined.
  // A binary file is full of them.
  const limit = Math.min(sample.length, 8192);
  let nul = 0;
  for (let i = 0; i < limit; i++) if (sample[i] === 0) nul++;
  return nul > Math.max(3, limit / 100) ? 'a binary file' : undefined;
}

/** UTF-16 without a BOM shows as ASCII letters alternating with NUL bytes. */
function utf16Layout(sample: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const limit = Math.min(sample.length - (sample.length % 2), 4096);
  if (limit < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < limit; i += 2) {
    if (sample[i] === 0) evenNul++;
    if (sample[i + 1] === 0) oddNul++;
  }
  const pairs = limit / 2;
  if (oddNul > pairs * 0.4 && evenNul < pairs * 0.05) return 'utf-16le';
  if (evenNul > pairs * 0.4 && oddNul < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/**
 * The encoding of a file from its first bytes: a BOM decides; else UTF-16 by its NUL layout;
 * else UTF-8 when the sample is valid UTF-8, or holds mostly UTF-8 characters beside a few bytes that
 * are not (a file of mixed encodings: read as UTF-8, it stops at the first bad line, where read as
 * Windows-1252 every UTF-8 character would turn into mojibake); else Windows-1252.
 */
export function detectEncoding(sample: Uint8Array): EncodingGuess {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (sample[0] === 0xff && sample[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (sample[0] === 0xfe && sample[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const layout = utf16Layout(sample);
  if (layout) return { encoding: layout, bomLength: 0 };
  return { encoding: isValidUtf8Prefix(sample) || mostlyUtf8(sample) ? 'utf-8' : 'windows-1252', bomLength: 0 };
}

/**
 * Whether the bytes that are not ASCII are mostly well-formed UTF-8 characters: at least twice as
 * many of them as stray bytes. In Windows-1252 text a letter such as é (0xE9) is followed by another
 * letter, not by a byte 0x80–0xBF, so such characters are rare there and happen by chance (the `Ó”`
 * of `ACCIÓN”` is the bytes D3 94, a valid pair) beside many stray bytes.
 */
export function mostlyUtf8(bytes: Uint8Array): boolean {
  let valid = 0;
  let stray = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = length !== 0 && i + length <= bytes.length;
    for (let k = 1; k < length && ok; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    if (ok) {
      valid++;
      i += length - 1;
    } else if (i + length <= bytes.length) {
      stray++; // (a character cut by the end of the bytes is neither)
    }
  }
  return valid > 0 && valid >= 2 * stray;
}

/**
 * UTF-8 read as Windows-1252 (mojibake): `Ã©` for é, `Ã±` for ñ, `â€™` for ’. Text that holds it
 * was decoded with the wrong encoding, and is never stored.
 */
export const MOJIBAKE = /[ÃÂ][\u0080-\u00bf\u2018-\u201e\u20ac\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc\u2020-\u2022\u2026\u2030\u2039\u203a\u2122]|â€/;

/** Valid UTF-8, allowing the sample to end in the middle of a multi-byte character. */
function isValidUtf8Prefix(sample: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}
