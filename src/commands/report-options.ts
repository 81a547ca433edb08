/**
 * What `smk report …` and `smk review` share: the period, dimension and output flags, loading
 * the records of the period with the glossary and SLA, and writing the chosen format.
 */
import { Command, Option } from 'commander';
import { UsageError } from '../errors.ts';
import { GlossaryIndex } from '../domain/glossary.ts';
import { previousPeriod, type Period } from '../domain/period.ts';
import type { Sla } from '../domain/sla.ts';
import type { MoneyPolicy } from '../domain/money.ts';
import { dealDatedColumns, DIMENSIONS, GlossaryLookups, leadFacts, type DealDatedColumns, type Dimension, type LeadFacts, type ReportData } from '../domain/metrics/facts.ts';
import { ReadWorker, type LeadsAnswer } from '../db/read-in-worker.ts';
import type { WindowRead } from '../db/database.ts';
import { isoOfMillis } from '../domain/dates.ts';
import { workerSetting } from '../worker-threads.ts';
import { quietPeriod, reportWindow } from '../domain/metrics/review.ts';
import type { ReportDocument } from '../render/document.ts';
import { renderJson, type ReportMeta } from '../render/report-json.ts';
import { renderCsv, renderMarkdown, renderPlain, renderTable } from '../render/report.ts';
import { wantsColor } from '../ui/io.ts';
import { writeOutput } from '../ui/output.ts';
import { resolveAsOf, resolvePeriod, type PeriodOptions } from './check.ts';
import { version, type CommandContext } from './context.ts';

export type Format = 'table' | 'text' | 'markdown' | 'json' | 'csv';

export interface ReportOptions extends PeriodOptions {
  by?: Dimension;
  format?: Format;
  output?: string;
  color?: boolean;
  locale?: string;
  limit: string;
  redact?: boolean;
}

/** The flags every report and the review take. */
export function withReportOptions(command: Command, { by = true } = {}): Command {
  command
    .option('--week <week>', 'ISO week in the SLA time zone, e.g. 2026-W47, or "last" (default: the last complete week)')
    .option('--from <date>', 'first day of the period, YYYY-MM-DD (with --to)')
    .option('--to <date>', 'last day of the period, YYYY-MM-DD (with --from)')
    .option('--as-of <when>', 'what "now" is: a date or an ISO 8601 date-time with offset (default: now)');
  if (by) command.addOption(new Option('--by <dimension>', 'break the report down by a dimension').choices([...DIMENSIONS]));
  return command
    .addOption(new Option('--format <format>', 'output format (default: table on a terminal, else plain text; markdown for review)').choices(['table', 'text', 'markdown', 'json', 'csv']))
    .option('-o, --output <file>', 'write the output to a file')
    .option('--locale <locale>', 'show numbers and dates the team\'s way, e.g. es-ES or it-IT (JSON and CSV stay locale-free)')
    .option('--limit <n>', 'list at most this many breaches', '20')
    .option('--redact', 'hide lead names and emails')
    .option('--color', 'colour the table even when not on a terminal')
    .option('--no-color', 'never colour the table');
}

/** The periods a report covers, from the flags and the SLA (its time zone and calendar): all its window's bounds need. */
export interface ReportPeriods {
  sla: Sla;
  asOf: number;
  period: Period;
  previous: Period;
}

/** The flags and configuration a report reads before the database: what it asks for. */
export interface ReportSetup extends ReportPeriods {
  glossary: GlossaryLookups;
  /** How amounts are shown (sla.yaml `money:`). */
  money: MoneyPolicy;
  meta: ReportMeta;
}

/** Everything a report is computed from, for the period and the one before. */
export interface ReportInputs extends ReportSetup {
  data: ReportData;
  facts: LeadFacts[];
  /** The window's deals (`data.deals`). */
  deals: ReportData['deals'];
  /** Nothing happened in the period (`quietPeriod`): no lead created, entering a stage or rejected, no deal opened or closed. */
  empty: boolean;
}

function validLocale(locale: string | undefined): string | undefined {
  if (locale === undefined) return undefined;
  try {
    if (Intl.NumberFormat.supportedLocalesOf([locale]).length > 0) return locale;
  } catch {
    // An ill-formed tag throws; it gets the same message as an unknown one.
  }
  throw new UsageError(`--locale ${locale}: not a locale this Node knows; write it like es-ES, it-IT or en-GB`);
}

function limitOf(text: string): number {
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 0) throw new UsageError(`--limit ${text}: write a whole number, e.g. --limit 20`);
  return limit;
}

/** The flags, then the SLA and the periods: all a report needs to ask its worker for its half of the window (`beginReport`). */
function reportPeriods(context: CommandContext, options: ReportOptions): ReportPeriods {
  validLocale(options.locale);
  limitOf(options.limit);
  const sla = context.sla();
  const zone = sla.calendar.zone;
  const asOf = resolveAsOf(options.asOf, zone);
  const period = resolvePeriod(options, asOf, zone);
  return { sla, asOf, period, previous: previousPeriod(period, zone) };
}

function reportSetup(context: CommandContext, options: ReportOptions, periods: ReportPeriods): ReportSetup {
  const { asOf, period, previous, sla } = periods;
  const glossary = new GlossaryLookups(new GlossaryIndex(context.glossary()));
  const meta = { version, asOf, period, previous, timeZone: sla.calendar.zone.name, redact: options.redact === true, limit: limitOf(options.limit), money: sla.money };
  return { ...periods, glossary, money: sla.money, meta };
}

/** The report window's bounds as the database compares them: UTC ISO text. */
export interface WindowBounds {
  from: string;
  to: string;
  /** Which leads of the window's deals it needs (`DealDatedColumns`), from the glossary. */
  dealDated: DealDatedColumns;
}

/** The report window's bounds as the database compares them: the period, the one before, and the MQLs that fall due in them. */
function windowBounds(setup: ReportPeriods, glossary: GlossaryLookups): WindowBounds {
  const window = reportWindow(setup.period, setup.previous, setup.sla);
  return { from: isoOfMillis(window.from), to: isoOfMillis(window.to), dealDated: dealDatedColumns(glossary) };
}

/** The inputs of a report from the records of its window: each lead's facts, and whether the period is empty. */
export function inputsOf(setup: ReportSetup, data: ReportData): ReportInputs {
  const { glossary, asOf, period } = setup;
  const facts = leadFacts(data, glossary, asOf);
  const empty = quietPeriod(facts, data.deals, period, asOf);
  return { ...setup, data, facts, deals: data.deals, empty };
}

/** How a report starts (`beginReport`): what it asks for, its window's bounds, and the half a reader was asked to read. */
export interface ReportStart {
  setup: ReportSetup;
  bounds: WindowBounds;
  half: WindowHalf | undefined;
}

/**
 * The flags and configuration of a report or the review. With a reader, it is asked for its half
 * of the window as soon as the SLA and the periods give the bounds, and the glossary is read
 * meanwhile: the thread starts its half sooner.
 */
export function beginReport(context: CommandContext, options: ReportOptions, reader: ReadWorker | undefined): ReportStart {
  const periods = reportPeriods(context, options);
  // The glossary first: it says which leads of the window's deals the window needs.
  const setup = reportSetup(context, options, periods);
  const bounds = windowBounds(periods, setup.glossary);
  const half = reader && askWindowHalf(context, bounds, reader);
  return { setup, bounds, half };
}

export function loadReportInputs(context: CommandContext, options: ReportOptions): Promise<ReportInputs> {
  return withReadWorker(context, async (reader) => {
    const { setup, bounds, half } = beginReport(context, options, reader);
    const { data } = await readWindow(context, bounds, half);
    return inputsOf(setup, data);
  });
}

/**
 * Runs `work` with a `ReadWorker` for the command's database when one is worth it (SMK_READ_WORKER,
 * else its size), and stops it after.
 */
export async function withReadWorker<T>(context: CommandContext, work: (reader: ReadWorker | undefined) => Promise<T>): Promise<T> {
  const reader = ReadWorker.start(context.dbPath(), workerSetting(context.io.env.SMK_READ_WORKER));
  try {
    return await work(reader);
  } finally {
    reader?.stop();
  }
}

/** The upper half of the leads table, whose window leads a reader's thread reads (`askWindowHalf`). */
export interface WindowHalf {
  /** The largest rowid of the lower half. */
  middle: number;
  theirs: Promise<LeadsAnswer | undefined>;
}

/**
 * Asks a reader for the window's leads in the upper half of the leads table: the scan is most of a
 * report's time, and `readWindow` reads the lower half meanwhile. The reader answers its jobs in
 * the order they were asked.
 */
function askWindowHalf(context: CommandContext, { from, to, dealDated }: WindowBounds, reader: ReadWorker): WindowHalf {
  const middle = Math.floor(context.db().maxLeadRowid() / 2);
  // The upper half runs to the end of the rowids, not to the largest seen: it has the rows an import adds meanwhile.
  return { middle, theirs: reader.windowLeads(from, to, [middle + 1, Number.MAX_SAFE_INTEGER], dealDated) };
}

/**
 * The window's records and the data version they were read at. With a half asked of a reader, this
 * thread reads the other; the reader's half is used only when all reads saw the same data version,
 * else all is read again here.
 */
export async function readWindow(context: CommandContext, { from, to, dealDated }: WindowBounds, half: WindowHalf | undefined): Promise<WindowRead> {
  const db = context.db();
  if (half) {
    const mine = db.windowLeadsJson(from, to, [Number.MIN_SAFE_INTEGER, half.middle], dealDated);
    const answer = await half.theirs;
    if (answer && answer.dataVersion === mine.dataVersion) {
      const read = db.reportDataOf([mine.json, answer.json], from, to);
      if (read.dataVersion === mine.dataVersion) {
        context.verbose('leads read: in two halves, one in a worker thread');
        return read;
      }
    }
  }
  context.verbose('leads read: on the main thread');
  return db.reportData(from, to, dealDated);
}

/** clig.dev: a table for people on a terminal; plain text (or Markdown for the review) when piped. */
export async function writeReport(context: CommandContext, options: ReportOptions, doc: ReportDocument, json: unknown, piped: 'text' | 'markdown', personal: boolean): Promise<void> {
  const toTerminal = !options.output && context.io.stdoutIsTTY;
  const format = options.format ?? (toTerminal ? 'table' : piped);
  const locale = options.locale;
  const text =
    format === 'json' ? renderJson(json)
    : format === 'csv' ? renderCsv(doc)
    : format === 'markdown' ? renderMarkdown(doc, { locale })
    : format === 'text' ? renderPlain(doc, { locale })
    : renderTable(doc, { color: wantsColor(context.io, toTerminal, options.color), locale });
  // A redacted report names no lead: its file may be shared like any other.
  await writeOutput(context.io, text, { file: options.output, personal: personal && !options.redact, inUse: context.filesInUse() });
}
