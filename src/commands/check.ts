/** `smk check`: the data against the glossary and the SLA; the exit code says whether it passed. */
import { Command, Option } from 'commander';
import { ExitCode, UsageError } from '../errors.ts';
import { runChecks, summarize, type FailOn } from '../domain/check.ts';
import { GlossaryIndex } from '../domain/glossary.ts';
import { GlossaryLookups } from '../domain/metrics/facts.ts';
import { dateRange, FIRST_YEAR, isoWeek, LAST_YEAR, lastCompleteWeek, PeriodError, type Period } from '../domain/period.ts';
import { normalizeDate, type TimeZone } from '../domain/dates.ts';
import { checkReport, renderJson, renderMarkdown, renderTable } from '../render/findings.ts';
import { wantsColor } from '../ui/io.ts';
import { writeOutput } from '../ui/output.ts';
import { version, type CommandAction, type CommandContext } from './context.ts';

export interface PeriodOptions {
  week?: string;
  from?: string;
  to?: string;
  asOf?: string;
}

interface CheckOptions extends PeriodOptions {
  format?: 'table' | 'json' | 'markdown';
  failOn: FailOn;
  output?: string;
  color?: boolean;
  redact?: boolean;
}

export function checkCommand(run: (action: CommandAction) => Promise<void>): Command {
  return new Command('check')
    .summary('check the data against the glossary and the SLA')
    .description(
      'Check the imported data against the glossary and the SLA: unknown terms, MQLs that miss the requirements, ' +
        'impossible dates, unlinked deals, duplicates, SLA breaches of the period, stale data. ' +
        'Exit 0 when no finding reaches --fail-on, 1 when one does, 2 for a usage, config or input error.',
    )
    .option('--week <week>', 'ISO week in the SLA time zone, e.g. 2026-W47 (default: the last complete week)')
    .option('--from <date>', 'first day of the period, YYYY-MM-DD (with --to)')
    .option('--to <date>', 'last day of the period, YYYY-MM-DD (with --from)')
    .option('--as-of <when>', 'what "now" is: a date or an ISO 8601 date-time with offset (default: now)')
    .addOption(new Option('--format <format>', 'output format (default: table)').choices(['table', 'json', 'markdown']))
    .addOption(new Option('--fail-on <level>', 'the finding level that makes the exit code 1').choices(['error', 'warn', 'never']).default('error'))
    .option('-o, --output <file>', 'write the output to a file')
    .option('--color', 'colour the table even when not on a terminal')
    .option('--no-color', 'never colour the table')
    .option('--redact', 'show a lead id that is an email as a pseudonym, and no email address anywhere')
    .action(async (options: CheckOptions) => {
      await run((context) => runCheck(context, options));
    });
}

async function runCheck(context: CommandContext, options: CheckOptions): Promise<number> {
  const glossary = new GlossaryLookups(new GlossaryIndex(context.glossary()));
  const sla = context.sla();
  const zone = sla.calendar.zone;
  const asOf = resolveAsOf(options.asOf, zone);
  const period = resolvePeriod(options, asOf, zone);
  const db = context.db();
  const findings = runChecks({
    data: db,
    latestExports: db.latestExports(asOf),
    glossary,
    sla,
    period,
    asOf,
  });
  const summary = summarize(findings, options.failOn);
  const report = checkReport(version, asOf, period, options.failOn, summary, findings, options.redact === true);
  const format = options.format ?? 'table';
  const toTerminal = !options.output && context.io.stdoutIsTTY;
  const text = format === 'json' ? renderJson(report) : format === 'markdown' ? renderMarkdown(report) : renderTable(report, wantsColor(context.io, toTerminal, options.color));
  // The findings' examples name leads, unless redacted.
  await writeOutput(context.io, text, { file: options.output, personal: options.redact !== true, inUse: context.filesInUse() });
  return summary.failed ? ExitCode.failed : ExitCode.ok;
}

/** `--as-of`: a date (local midnight in the SLA's zone) or a date-time with an offset. */
export function resolveAsOf(text: string | undefined, zone: TimeZone): number {
  if (text === undefined) return Date.now();
  if (/T\d{2}:\d{2}/.test(text) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(text.trim())) {
    throw new UsageError(`--as-of ${text}: a date-time needs its offset (2026-11-23T08:00:00+01:00 or …Z), or give a date`);
  }
  const parsed = normalizeDate(text.trim(), { order: null, pattern: null, zone });
  if (!parsed.ok && parsed.problem.includes('year out of range')) {
    throw new UsageError(`--as-of ${text}: the year must be between ${FIRST_YEAR} and ${LAST_YEAR}`);
  }
  if (!parsed.ok || !/^\d{4}-\d{2}-\d{2}/.test(text.trim())) throw new UsageError(`--as-of ${text}: write a date (2026-11-23) or a date-time with offset (2026-11-23T08:00:00+01:00)`);
  return Date.parse(parsed.iso);
}

export function resolvePeriod(options: PeriodOptions, asOf: number, zone: TimeZone): Period {
  try {
    if (options.week && (options.from || options.to)) throw new UsageError('use either --week or --from/--to, not both');
    if ((options.from === undefined) !== (options.to === undefined)) throw new UsageError('--from and --to go together');
    if (options.from && options.to) return dateRange(options.from, options.to, zone);
    if (options.week && options.week !== 'last') return isoWeek(options.week, zone);
    return lastCompleteWeek(asOf, zone);
  } catch (error) {
    if (error instanceof PeriodError) {
      // Without --week or --from/--to, the period is the as-of's last complete week: the as-of is what to change.
      const flags = options.week || options.from || options.to ? '--week/--from/--to' : '--as-of';
      throw new UsageError(`${flags}: ${error.message}`);
    }
    throw error;
  }
}
