/**
 * Amounts and scores as exports write them: `1234.5`, `1,234.56`, `1.234,56`, `€ 1.234`,
 * `1 234,56 EUR`. Which separator is the decimal one is a column's decision (see normalize.ts);
 * this module says what one value shows and parses it once the decision is made.
 */

export type DecimalSeparator = '.' | ',';
export type AmountResult = { ok: true; amount: number; currency: string | null } | { ok: false; problem: string };

const SYMBOLS: Record<string, string> = { '€': 'EUR', $: 'USD', '£': 'GBP', '¥': 'JPY' };
const CURRENCY = /^(?:([€$£¥])|([A-Z]{3}))\s*|\s*(?:([€$£¥])|([A-Z]{3}))$/;
const GROUPING = /[\s\u00a0\u202f']/g;

/** Strips the currency and grouping spaces: what is left is sign, digits and separators. */
function strip(value: string): { body: string; currency: string | null; negative: boolean } | undefined {
  let body = value.trim();
  let negative = false;
  if (body.startsWith('(') && body.endsWith(')')) {
    negative = true;
    body = body.slice(1, -1).trim();
  }
  let currency: string | null = null;
  for (let i = 0; i < 2; i++) {
    const m = CURRENCY.exec(body);
    if (!m) break;
    const found = m[1] ?? m[3] ? SYMBOLS[(m[1] ?? m[3])!]! : (m[2] ?? m[4])!;
    if (currency && currency !== found) return undefined;
    currency = found;
    body = body.slice(0, m.index) + body.slice(m.index + m[0].length);
    body = body.trim();
  }
  if (body.startsWith('-')) {
    negative = !negative;
    body = body.slice(1);
  } else if (body.startsWith('+')) {
    body = body.slice(1);
  }
  body = body.replace(GROUPING, '');
  return { body, currency, negative };
}

export function decimalEvidence(value: string): DecimalSeparator | 'either' | 'none' {
  const stripped = strip(value);
  if (!stripped) return 'none';
  const { body } = stripped;
  const lastPoint = body.lastIndexOf('.');
  const lastComma = body.lastIndexOf(',');
  if (lastPoint >= 0 && lastComma >= 0) return lastPoint > lastComma ? '.' : ',';
  if (lastPoint < 0 && lastComma < 0) return 'none';
  const sep = lastPoint >= 0 ? '.' : ',';
  const other: DecimalSeparator = sep === '.' ? ',' : '.';
  const first = body.indexOf(sep);
  if (first !== body.lastIndexOf(sep)) return other;
  const before = body.slice(0, first);
  const after = body.slice(first + 1);
  if (after.length === 3 && /^\d{1,3}$/.test(before) && before !== '0') return 'either';
  return sep;
}

export function parseAmount(value: string, decimal: DecimalSeparator): AmountResult {
  const stripped = strip(value);
  if (!stripped || stripped.body === '') return { ok: false, problem: 'is not a number' };
  const { body, currency, negative } = stripped;
  const thousands = decimal === '.' ? ',' : '.';
  const [integer, fraction, ...rest] = body.split(decimal);
  if (rest.length > 0 || integer === undefined) return { ok: false, problem: 'is not a number' };
  if (fraction !== undefined && !/^\d*$/.test(fraction)) return { ok: false, problem: 'is not a number' };
  let digits = integer;
  if (integer.includes(thousands)) {
    // Thousands groups are groups of three: 1.234.567, never 1.23.4.
    if (!new RegExp(`^\\d{1,3}(?:\\${thousands}\\d{3})+$`).test(integer)) return { ok: false, problem: 'is not a number' };
    digits = integer.split(thousands).join('');
  }
  if (!/^\d*$/.test(digits) || (digits === '' && !fraction)) return { ok: false, problem: 'is not a number' };
  const amount = Number(`${digits || '0'}${fraction ? '.' + fraction : ''}`);
  if (!Number.isFinite(amount)) return { ok: false, problem: 'is not a number' };
  return { ok: true, amount: negative ? -amount : amount, currency };
}
