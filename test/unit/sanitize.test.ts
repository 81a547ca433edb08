/** The escapes of src/render/sanitize.ts and the pseudonyms of src/render/redact.ts (issue 18). */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { jsonText, markdownText, visible } from '../../src/render/sanitize.ts';
import { redactFinding, redactId, redactJson, redactText } from '../../src/render/redact.ts';
import { renderMarkdown, renderPlain, renderTable } from '../../src/render/report.ts';
import type { ReportDocument } from '../../src/render/document.ts';

const ACTING = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('visible', () => {
  it('writes C0, DEL and C1 controls as \\xHH and the bidirectional controls as \\uHHHH', () => {
    expect(visible('a\u001b[2Jb')).toBe('a\\x1B[2Jb');
    expect(visible('\u001b]0;title\u0007')).toBe('\\x1B]0;title\\x07');
    expect(visible('\u001b]52;c;aGk=\u0007')).toBe('\\x1B]52;c;aGk=\\x07');
    expect(visible('\u0000\u007f\u0080\u009b\u009f')).toBe('\\x00\\x7F\\x80\\x9B\\x9F');
    expect(visible('\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069')).toBe('\\u202A\\u202B\\u202C\\u202D\\u202E\\u2066\\u2067\\u2068\\u2069');
  });

  it('makes tabs and line breaks one space, and leaves everything else as it is', () => {
    expect(visible('a\tb\nc\r\nd\re\u000bf\fg')).toBe('a b c d e f g');
    expect(visible('Lucía Fernández — 50 % → ok \\x1B')).toBe('Lucía Fernández — 50 % → ok \\x1B');
    expect(visible('\u00a0\u00e9\u200f')).toBe('\u00a0\u00e9\u200f');
  });

  it('is idempotent', () => {
    const once = visible('\u001b[31mred\u009b\u202e');
    expect(visible(once)).toBe(once);
  });
});

describe('markdownText', () => {
  it('shows HTML, links, images, emphasis, code and pipes as literal text', () => {
    expect(markdownText('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(markdownText('[click](https://evil)')).toBe('\\[click\\](https://evil)');
    expect(markdownText('![x](https://evil/x.png)')).toBe('!\\[x\\](https://evil/x.png)');
    expect(markdownText('*a* _b_ `c` ~~d~~ e|f')).toBe('\\*a\\* \\_b\\_ \\`c\\` \\~\\~d\\~\\~ e\\|f');
    expect(markdownText('# not a heading #')).toBe('\\# not a heading #');
    expect(markdownText('R&D &amp; &#60; &#x3C;')).toBe('R&D &amp;amp; &amp;#60; &amp;#x3C;');
  });

  it('escapes a backslash, so that a value cannot undo an escape', () => {
    expect(markdownText('\\[x\\](https://evil)')).toBe('\\\\\\[x\\\\\\](https://evil)');
    expect(markdownText('\u001b[2J')).toBe('\\\\x1B\\[2J');
  });
});

describe('jsonText', () => {
  it('escapes DEL, C1 and the bidirectional controls too, and parses back to the same value', () => {
    const value = { name: 'a\u001b[2J\u0007\u007f\u009b\u202e\u2066b' };
    const text = jsonText(value);
    expect(text).not.toMatch(ACTING);
    expect(text).toContain('"a\\u001b[2J\\u0007\\u007F\\u009B\\u202E\\u2066b"');
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('the renderers', () => {
  const hostile = 'Eve\u001b[2J\u001b]0;t\u0007 <b>[x](https://evil)</b>\u202e';
  const doc: ReportDocument = {
    title: `Title ${hostile}`,
    subtitle: `Sub ${hostile}`,
    timeZone: 'UTC',
    sections: [{
      title: `Section ${hostile}`,
      lines: [`Line ${hostile}`],
      tables: [{
        id: 't', title: `Table ${hostile}`,
        columns: [{ key: 'who', title: `who ${hostile}`, kind: 'text' }, { key: 'at', title: 'at', kind: 'datetime' }, { key: 'n', title: 'n', kind: 'count' }],
        rows: [{ who: hostile, at: hostile, n: 3 }],
        notes: [`Note ${hostile}`],
        empty: hostile,
      }],
    }],
  };

  it.each([
    ['table', () => renderTable(doc, { color: false })],
    ['text', () => renderPlain(doc)],
    ['markdown', () => renderMarkdown(doc)],
  ])('%s: no acting character in any title, line, note, header or cell (a date column too)', (_format, render) => {
    const out = render();
    expect(out).not.toMatch(ACTING);
    expect(out.split('Eve').length - 1).toBeGreaterThanOrEqual(7);
  });

  it('markdown: no HTML and no link from any text', () => {
    const out = renderMarkdown(doc);
    expect(out).not.toContain('<b>');
    expect(out).not.toMatch(/(?<!\\)\]\(/);
    expect(out).toContain('&lt;b&gt;\\[x\\](https://evil)&lt;/b&gt;');
  });
});

describe('redaction', () => {
  const hash = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 10);

  it('shows an id that is an email as lead- and 10 hex digits of its SHA-256, and a CRM id as it is', () => {
    expect(redactId('ana@example.com')).toBe(`lead-${hash('ana@example.com')}`);
    expect(redactId('Ana@Example.com')).toBe(redactId('ana@example.com'));
    expect(redactId('51234')).toBe('51234');
    expect(redactId('00Q5g00000AbCdE')).toBe('00Q5g00000AbCdE');
  });

  it('hides every email address in a text, the same way each time', () => {
    expect(redactText('"Referral from bob@example.org" (2), mailto:Bob@Example.org')).toBe(
      `"Referral from email-${hash('bob@example.org')}" (2), mailto:email-${hash('bob@example.org')}`,
    );
    expect(redactText('no address @ here, nor @handle')).toBe('no address @ here, nor @handle');
  });

  it('a finding: its examples by pseudonym, its message without addresses', () => {
    const f = redactFinding({ code: 'unknown-source', level: 'warn', message: '"x@y.z" (1)', count: 2, examples: ['51234', 'ana@example.com'], hint: 'h' });
    expect(f.examples).toEqual(['51234', `lead-${hash('ana@example.com')}`]);
    expect(f.message).toBe(`"email-${hash('x@y.z')}" (1)`);
  });

  it('JSON: every string, at any depth; keys, numbers and nulls as they are', () => {
    expect(redactJson({ a: ['x@y.z', 1, null, { owner: 'o@p.q' }], b: true })).toEqual({ a: [`email-${hash('x@y.z')}`, 1, null, { owner: `email-${hash('o@p.q')}` }], b: true });
  });
});
