/**
 * The field delimiter and line break of a delimited export, sniffed from its first lines.
 * Spanish and Italian Excel write `;` (the comma is their decimal separator), "Unicode text"
 * is tab-separated, and some tools use `|`.
 */

export const DELIMITER_CANDIDATES = [',', ';', '\t', '|'] as const;
export type Newline = '\r\n' | '\n' | '\r';

/** Counts of each candidate outside double quotes, per line, for the first lines of `text`. */
function countsPerLine(text: string, maxLines: number): Map<string, number[]> {
  const counts = new Map<string, number[]>(DELIMITER_CANDIDATES.map((d) => [d, [0]]));
  let inQuotes = false;
  let lines = 0;
  for (let i = 0; i < text.length && lines < maxLines; i++) {
    const c = text[i]!;
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) {
      if (c === '\r' && text[i + 1] === '\n') i++;
      lines++;
      for (const list of counts.values()) list.push(0);
    } else if (!inQuotes && counts.has(c)) {
      const list = counts.get(c)!;
      list[list.length - 1]!++;
    }
  }
  // The last line may be cut off by the end of the sample.
  if (lines > 1) for (const list of counts.values()) list.pop();
  return counts;
}

/**
 * The candidate that splits the header into the most columns and every sampled line into
 * the same number, preferring consistency over count. A single-column file gets `,`.
 */
export function sniffDelimiter(sample: string): string {
  const counts = countsPerLine(sample, 50);
  let best = ',';
  let bestScore = -1;
  for (const [delimiter, perLine] of counts) {
    const header = perLine[0] ?? 0;
    if (header === 0) continue;
    const consistent = perLine.filter((n) => n === header).length / perLine.length;
    const score = consistent * 1000 + header;
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

/** The first line break of the sample, outside quotes. */
export function sniffNewline(sample: string): Newline {
  let inQuotes = false;
  for (let i = 0; i < sample.length; i++) {
    const c = sample[i];
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && c === '\n') return '\n';
    else if (!inQuotes && c === '\r') return sample[i + 1] === '\n' ? '\r\n' : '\r';
  }
  return '\n';
}

/** Names `--delimiter` accepts besides the character itself. */
export function resolveDelimiter(value: string): string | undefined {
  const named: Record<string, string> = { tab: '\t', '\\t': '\t', comma: ',', semicolon: ';', pipe: '|' };
  const resolved = named[value.toLowerCase()] ?? value;
  return resolved.length === 1 && resolved !== '"' && resolved !== '\n' && resolved !== '\r' ? resolved : undefined;
}

export function describeDelimiter(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : delimiter;
}
