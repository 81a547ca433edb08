/** The findings of `smk check` as a terminal table, Markdown or JSON: one report object, three forms. */
import Table from 'cli-table3';
import { Chalk } from 'chalk';
import type { CheckSummary, FailOn } from '../domain/check.ts';
import type { Finding } from '../domain/finding.ts';
import type { Period } from '../domain/period.ts';
import { redactFinding } from './redact.ts';
import { jsonText, markdownText, visible } from './sanitize.ts';

export interface CheckReport {
  version: string;
  asOf: string;
  period: { label: string; start: string; end: string };
  failOn: FailOn;
  summary: CheckSummary;
  findings: Finding[];
}

/** With `redact` (`--redact`), no example id or message holds an email address: ./redact.ts. */
export function checkReport(version: string, asOf: number, period: Period, failOn: FailOn, summary: CheckSummary, findings: Finding[], redact = false): CheckReport {
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  return { version, asOf: iso(asOf), period: { label: period.label, start: iso(period.start), end: iso(period.end) }, failOn, summary, findings: redact ? findings.map(redactFinding) : findings };
}

/** A finding's example ids, and how many more records it concerns: a list cut to five says so. */
export function examplesText(f: Finding): string {
  if (f.examples.length === 0) return '';
  const more = f.count - f.examples.length;
  return `${f.examples.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

export function renderJson(report: CheckReport): string {
  return jsonText(report);
}

function headline(report: CheckReport): string {
  const { errors, warnings, infos, failed } = report.summary;
  return `smk check ${report.period.label} as of ${report.asOf}: ${errors} errors, ${warnings} warnings, ${infos} notes: ${failed ? 'FAILED' : 'passed'}`;
}

export function renderTable(report: CheckReport, color: boolean): string {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  const paint = { error: chalk.red, warn: chalk.yellow, info: chalk.cyan };
  if (report.findings.length === 0) return `${headline(report)}\nNo findings.\n`;
  const table = new Table({
    head: ['level', 'code', 'count', 'finding'],
    style: { head: [], border: [] },
    // 7 + 26 + 7 + 54 and five borders: 99 columns.
    colWidths: [7, 26, 7, 54],
    wordWrap: true,
  });
  for (const f of report.findings) {
    // The message quotes values from the CRM, and ids are the CRM's: none may reach the terminal as a control sequence.
    const detail = [visible(f.message), f.examples.length ? `e.g. ${visible(examplesText(f))}` : '', f.hint ? `→ ${visible(f.hint)}` : ''].filter(Boolean).join('\n');
    table.push([paint[f.level](f.level), f.code, String(f.count), detail]);
  }
  return `${headline(report)}\n${table.toString()}\n`;
}

// Values are shown as literal text: no HTML, link or table cell of their own (./sanitize.ts).
const cell = markdownText;

export function renderMarkdown(report: CheckReport): string {
  const lines = [`## ${cell(headline(report))}`, ''];
  if (report.findings.length === 0) return lines.concat('No findings.', '').join('\n');
  lines.push('| level | code | count | finding | examples | hint |', '| --- | --- | ---: | --- | --- | --- |');
  for (const f of report.findings) lines.push(`| ${f.level} | \`${f.code}\` | ${f.count} | ${cell(f.message)} | ${cell(examplesText(f))} | ${cell(f.hint ?? '')} |`);
  return lines.join('\n') + '\n';
}
