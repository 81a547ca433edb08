/**
 * `--redact`: a report, review or check that names no lead and shows no email address, so that it
 * can be shared. The breaches leave out the lead's name and email; what is left is made safe here:
 *
 * - A record id that is an email address (a lead imported from an export without an id column is
 *   keyed by its lowercase email) is shown as `lead-` and the first 10 hex digits of the SHA-256
 *   of the id: the same lead has the same pseudonym in every report and every week, and `smk`
 *   without --redact shows which lead it is. Any other id (a CRM record id such as 51234 or
 *   00Q5g00000AbCdE) stays as it is, so that the team can look it up in the CRM.
 * - An email address anywhere else in a text (an owner, a source or a value quoted by a finding)
 *   becomes `email-` and the first 10 hex digits of the SHA-256 of the lowercase address.
 *
 * The hash is not keyed: it does not let anyone read an address out of a report, but whoever
 * already has a list of addresses can test whether one of them is in it.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../domain/finding.ts';
import type { ReportDocument } from './document.ts';
import { documentText } from './sanitize.ts';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 10);

// Anything around an @ up to a space, quote, bracket or separator: wider than RFC 5322 on purpose.
const EMAIL = /[^\s@<>()[\]{},;:"'`|\\]+@[^\s@<>()[\]{},;:"'`|\\]+/gu;

/** A record id as a redacted report shows it: an email becomes its pseudonym, a CRM id stays. */
export function redactId(id: string): string {
  return id.includes('@') ? `lead-${digest(id.toLowerCase())}` : id;
}

/** A text with every email address in it replaced by its pseudonym. */
export function redactText(text: string): string {
  return text.replace(EMAIL, (address) => `email-${digest(address.toLowerCase())}`);
}

export function redactFinding(f: Finding): Finding {
  return { ...f, message: redactText(f.message), examples: f.examples.map(redactId), ...(f.hint === undefined ? {} : { hint: redactText(f.hint) }) };
}

/** Every text of a document, without email addresses (ids are pseudonymised where they are listed, before this). */
export function redactDocument(doc: ReportDocument): ReportDocument {
  return documentText(doc, redactText);
}

/** Every string of a report's JSON, without email addresses; its keys are the report's own. */
export function redactJson<T>(value: T): T {
  if (typeof value === 'string') return redactText(value) as T;
  if (Array.isArray(value)) return value.map(redactJson) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, redactJson(v)])) as T;
  }
  return value;
}
