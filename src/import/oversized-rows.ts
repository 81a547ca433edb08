/**
 * Rows too long to be a record. No CRM field holds more than a few hundred KB (a HubSpot property
 * value is at most 65,536 characters, a Salesforce long text area 131,072), so a row longer than
 * MAX_ROW_CHARS is a broken export (a quote never closed until far below, a binary blob pasted into
 * a cell). The CSV parser would hold the whole row in memory and parse it again for every chunk
 * that arrives (memory and time grow with the square of the row: docs/performance.md), so the reader stops feeding it such a
 * row, finds the row's end itself with RowEndScanner, and the row is rejected with its line.
 */
export const MAX_ROW_CHARS = 10 * 1024 * 1024;

/** What a rejected over-long row keeps of each of its cells (the quarantine stores the raw row). */
const KEPT_CHARS = 200;

export function oversizedRowProblem(): string {
  return `the row is longer than ${MAX_ROW_CHARS / 1024 / 1024} MB (no CRM field holds that much: a quote opened and never closed, or a file pasted into a cell?); it was not imported`;
}

/** The cells of an over-long row, cut to what the rejected-rows table keeps. */
export function cutCells(cells: string[]): string[] {
  return cells.map((cell) => (cell.length > KEPT_CHARS ? `${cell.slice(0, KEPT_CHARS)}… (${cell.length - KEPT_CHARS} more characters)` : cell));
}

/**
 * Where did we stop inside a row, as the CSV parser (papaparse) reads it:
 * - `fieldStart`: at the start of a field (a quote here opens a quoted field);
 * - `unquoted`: inside a field with no opening quote (a quote in it is a character);
 * - `quoted`: inside a quoted field;
 * - `quote`: just after a quote inside a quoted field; what follows says whether it closed the
 *   field (a delimiter or the line break, maybe after spaces), was doubled, or was a stray quote.
 */
export type RowMode = 'fieldStart' | 'unquoted' | 'quoted' | 'quote';

/**
 * Follows one row through text that arrives in pieces, by papaparse's rules, to find where it
 * ends; counts the line breaks inside it (for the line numbers of the rows after it).
 */
export class RowEndScanner {
  mode: RowMode = 'fieldStart';
  /** Line breaks inside the row so far (inside quoted fields). */
  lineBreaks = 0;
  /** The end of the last piece, kept when it could be the start of a line break or of spaces before one. */
  private carry = '';

  private readonly delimiter: string;
  private readonly newline: string;

  constructor(delimiter: string, newline: string) {
    this.delimiter = delimiter;
    this.newline = newline;
  }

  /**
   * Reads the next piece of the row; returns the index in `piece` just after the row's line break,
   * or -1 when the row goes on past the piece.
   */
  scan(piece: string): number {
    const text = this.carry + piece;
    const offset = this.carry.length;
    this.carry = '';
    const { delimiter, newline } = this;
    let i = 0;
    while (i < text.length) {
      switch (this.mode) {
        case 'fieldStart':
          if (text[i] === '"') {
            this.mode = 'quoted';
            i++;
          } else {
            this.mode = 'unquoted';
          }
          break;
        case 'unquoted': {
          const nextDelimiter = text.indexOf(delimiter, i);
          const nextBreak = text.indexOf(newline, i);
          if (nextBreak !== -1 && (nextDelimiter === -1 || nextBreak < nextDelimiter)) return nextBreak + newline.length - offset;
          if (nextDelimiter !== -1) {
            this.mode = 'fieldStart';
            i = nextDelimiter + delimiter.length;
            break;
          }
          if (newline.length > 1 && text.endsWith(newline[0]!)) this.carry = newline[0]!;
          return -1;
        }
        case 'quoted': {
          const quote = text.indexOf('"', i);
          const end = quote === -1 ? text.length : quote;
          this.lineBreaks += countBreaks(text, i, end, newline);
          if (quote === -1) return -1;
          this.mode = 'quote';
          i = quote + 1;
          break;
        }
        case 'quote': {
          if (text[i] === '"') {
            this.mode = 'quoted'; // a doubled quote: a quote character in the field
            i++;
            break;
          }
          let j = i;
          while (j < text.length && (text[j] === ' ' || text[j] === '\t') && text[j] !== delimiter) j++;
          if (j === text.length || (newline.length > 1 && j === text.length - 1 && text[j] === newline[0])) {
            this.carry = text.slice(i); // the spaces (and a CR) decide nothing yet
            return -1;
          }
          if (text.startsWith(delimiter, j)) {
            this.mode = 'fieldStart';
            i = j + delimiter.length;
          } else if (text.startsWith(newline, j)) {
            return j + newline.length - offset;
          } else {
            this.mode = 'quoted'; // a stray quote: papaparse reads on to the next one
          }
          break;
        }
      }
    }
    return -1;
  }

  /** What ends the row now for the parser, which has read the row as far as this scanner has. */
  terminator(): string {
    // Inside a quoted field, a quote closes it; after a quote, the line break decides it closed it.
    return this.mode === 'quoted' ? `"${this.newline}` : this.newline;
  }
}

function countBreaks(text: string, from: number, to: number, newline: string): number {
  const mark = newline === '\r' ? '\r' : '\n';
  let n = 0;
  for (let i = text.indexOf(mark, from); i !== -1 && i < to; i = text.indexOf(mark, i + 1)) n++;
  return n;
}
