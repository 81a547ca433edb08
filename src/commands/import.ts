/**
 * `smk import leads|deals FILE…` and `smk import --rejected [BATCH]`: options in, one
 * transaction per file, a summary per file on stderr (or JSON on stdout) out.
 */
import fs from 'node:fs';
import { Command, Option } from 'commander';
import type { Database } from '../db/database.ts';
import { ConfigError, ExitCode, UsageError } from '../errors.ts';
import type { RecordKind } from '../domain/fields.ts';
import { compileDatePattern, DatePatternError, normalizeDate, timeZone, TOKEN_LIST, type TimeZone } from '../domain/dates.ts';
import { resolveEncodingName, ENCODING_CHOICES } from '../domain/encoding.ts';
import { describeDelimiter, resolveDelimiter } from '../domain/delimiter.ts';
import { ExportError } from '../import/read-export.ts';
import { importFile, RejectedRowsError, type ImportRequest, type ImportSummary, type RejectedLimit, type ZoneSource } from '../import/import-file.ts';
import { mappingFileText, readMappingFile, type MappingFile } from '../import/mapping-file.ts';
import { MappingError } from '../domain/mapping.ts';
import { PROFILE_NAMES } from '../domain/profiles.ts';
import { ConstantError } from '../domain/normalize.ts';
import { writeOutput, type OutputTarget } from '../ui/output.ts';
import { visible, visibleLines } from '../render/sanitize.ts';
import { INTERRUPTED_EXIT, type Io } from '../ui/io.ts';
import type { CommandAction, CommandContext } from './context.ts';
import { progressBar } from '../ui/progress.ts';
import { askForColumns, askWhereToSave, confirmOverwrite } from '../ui/prompts.ts';
import { workerSetting } from '../worker-threads.ts';

export interface ImportOptions {
  profile?: string;
  map: string[];
  mapping?: string;
  set: string[];
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  dateFormat?: string;
  tz?: string;
  snapshotDate?: string;
  onError: string;
  maxRejected?: string;
  json?: boolean;
  quiet?: boolean;
  rejected?: string | boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function importCommand(run: (action: CommandAction) => Promise<void>): Command {
  return new Command('import')
    .summary('import lead or deal exports (CSV or Excel) into the database')
    .description(
      'Import CRM exports (HubSpot, Salesforce, Pipedrive, Zoho, spreadsheets; CSV or .xlsx) into the database. ' +
        'Each file is one transaction: it imports whole or not at all. Records are matched by id ' +
        '(leads without an id by email): importing a file again updates, never duplicates. ' +
        'Exit 0 when every file was imported (bad rows, at most --max-rejected, are quarantined), 2 when a file was not.',
    )
    .argument('[kind]', 'leads or deals')
    .argument('[files...]', 'CSV/TSV export files or Excel workbooks (.xlsx); - reads standard input')
    .option('--profile <name>', `column mapping of a known export: ${PROFILE_NAMES.join(', ')} (default: detected from the header)`)
    .option('--map <field=Column>', 'read a field from a column; repeatable (--map owner="Lead Owner")', collect, [])
    .option('--mapping <file.yaml>', 'a saved mapping: profile, columns, date_format, timezone, encoding, delimiter, sheet, decimal, set')
    .option('--set <field=value>', 'give every row this value; repeatable (--set campaign="Webinar Nov")', collect, [])
    .option('--sheet <name>', 'the sheet of an Excel workbook (.xlsx) to read (default: the first)')
    .option('--encoding <name>', `file encoding: ${ENCODING_CHOICES.join(', ')} (default: detected)`)
    .option('--delimiter <char>', 'field delimiter: , ; tab | (default: detected)')
    .option('--date-format <pattern>', `how dates are written, with ${TOKEN_LIST}: DD/MM/YYYY, MM/DD/YYYY HH:mm, DD-MMM-YY`)
    .option('--tz <zone>', 'IANA time zone of dates written without one (default: the mapping\'s, else the SLA\'s, never the machine\'s)')
    .option('--snapshot-date <date>', 'when the export was taken; stage changes are dated with it (default: the file\'s modification time)')
    .addOption(new Option('--on-error <policy>', 'bad rows: quarantine them and import the rest, or abort the file').choices(['quarantine', 'abort']).default('quarantine'))
    .option('--max-rejected <limit>', 'past this many bad rows (a count, or a share such as 5%) the file is not imported (default: 10%)')
    .option('--json', 'print the summary as JSON on stdout')
    .option('-q, --quiet', 'print nothing but errors')
    .option('--rejected [batch]', 'list the rejected rows of an import batch (default: the latest with any)')
    .addHelpText('after', '\nExamples:\n  smk import leads hubspot-contacts.csv\n  smk import deals opportunities.csv --profile salesforce\n  smk import leads lista.csv --map email=Correo --date-format DD/MM/YYYY --tz Europe/Madrid\n  smk import --rejected')
    .action(async (kind: string | undefined, files: string[], options: ImportOptions) => {
      await run((context) => (options.rejected !== undefined ? listRejected(context.db(), context.io, options) : runImport(context, kind, files, options)));
    });
}

async function runImport(context: CommandContext, kind: string | undefined, files: string[], options: ImportOptions): Promise<number> {
  const { io, verbose } = context;
  if (kind !== 'leads' && kind !== 'deals') {
    throw new UsageError(kind === undefined ? 'missing what to import: smk import leads|deals FILE…' : `"${kind}" is not leads or deals: smk import leads|deals FILE…`);
  }
  if (files.length === 0) throw new UsageError(`missing the file to import: smk import ${kind} FILE…`);
  if (files.filter((f) => f === '-').length > 1) throw new UsageError('standard input (-) can be imported only once per command');

  const mappingFile = options.mapping ? readMappingFile(options.mapping) : undefined;
  if (mappingFile?.kind && mappingFile.kind !== kind) {
    throw new ConfigError(`${options.mapping}: this mapping is for ${mappingFile.kind}, not ${kind}`);
  }
  const base = baseRequest(kind, options, mappingFile, () => teamZone(context));
  const db = context.writableDb();
  const summaries: Array<ImportSummary | { file: string; error: string }> = [];
  let exitCode: number = ExitCode.ok;
  // Ctrl-C or a kill: the file being imported is rolled back (it is one transaction), the progress
  // line is ended, and one line says which files are in the database and which are not.
  const imported = files.map(() => false);
  let bar: ReturnType<typeof progressBar> | undefined;
  const stopCatching = io.onInterrupt?.(() => {
    bar?.done();
    try {
      db.rollback();
    } catch {
      // The process ends now: SQLite drops a transaction that was never committed anyway.
    }
    io.stderr.write(`smk: ${interruptedMessage(files, imported)}\n`);
  });
  try {
    for (const [index, file] of files.entries()) {
      bar = options.quiet || options.json ? undefined : progressBar(io, `importing ${file}`);
      const fileBar = bar;
      const request: ImportRequest = {
        ...base,
        overrides: { ...base.overrides },
        file,
        stdin: io.stdin,
        onProgress: fileBar ? (bytes, total) => fileBar.update(bytes, total) : undefined,
        committed: () => (imported[index] = true),
        worker: workerSetting(io.env.SMK_IMPORT_WORKER),
        verbose,
        ...(io.stdinIsTTY && io.stderrIsTTY && file !== '-'
          ? { askForColumns: (missing, headers, name, wanted) => askForColumns(io, kind, missing, headers, name, wanted), saveAnswers: (columns) => saveAnswers(io, kind, columns, options, mappingFile) }
          : {}),
      };
      try {
        const summary = await importFile(db, request);
        imported[index] = true;
        bar?.done();
        summaries.push(summary);
        // The summary quotes the file's headers: shown, never obeyed by the terminal.
        if (!options.quiet && !options.json) io.stderr.write(visibleLines(humanSummary(summary)));
      } catch (error) {
        bar?.done();
        // Ctrl-C at a question about the columns (the prompt sees the key, not the signal): the same as SIGINT.
        if (error instanceof Error && error.name === 'ExitPromptError') {
          io.stderr.write(`smk: ${interruptedMessage(files, imported)}\n`);
          return INTERRUPTED_EXIT.SIGINT;
        }
        const message = fileErrorMessage(error);
        if (message === undefined) throw error;
        exitCode = ExitCode.usage;
        summaries.push({ file, error: message });
        io.stderr.write(`smk: ${visibleLines(message)}\n`);
      }
    }
    if (options.json) await writeOutput(io, JSON.stringify(summaries, null, 2) + '\n', STDOUT);
  } finally {
    stopCatching?.();
  }
  return exitCode;
}

/**
 * After an interruption: "nothing of deals.csv was imported", or "leads.csv was imported; nothing of
 * deals.csv was" when earlier files (each its own transaction) were committed.
 */
export function interruptedMessage(files: readonly string[], imported: readonly boolean[]): string {
  const name = (file: string) => (file === '-' ? 'standard input' : file);
  const list = (names: string[], last: string) => (names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} ${last} ${names.at(-1)}`);
  const done = files.filter((_, i) => imported[i]).map(name);
  const notDone = files.filter((_, i) => !imported[i]).map(name);
  const were = done.length === 1 ? 'was' : 'were';
  if (done.length === 0) return `interrupted: nothing of ${list(notDone, 'or')} was imported`;
  if (notDone.length === 0) return `interrupted: ${list(done, 'and')} ${were} imported`;
  return `interrupted: ${list(done, 'and')} ${were} imported; nothing of ${list(notDone, 'or')} was`;
}

/** The team's zone (sla.yaml), when there is an SLA; never the machine's. */
function teamZone(context: CommandContext): string | undefined {
  try {
    context.slaFile();
  } catch (error) {
    if (error instanceof ConfigError) return undefined;
    throw error;
  }
  return context.sla().calendar.zone.name;
}

function baseRequest(kind: RecordKind, options: ImportOptions, mappingFile: MappingFile | undefined, slaZone: () => string | undefined) {
  const encodingName = options.encoding ?? mappingFile?.encoding;
  const encoding = encodingName === undefined ? undefined : resolveEncodingName(encodingName);
  if (encodingName !== undefined && encoding === undefined) {
    throw new UsageError(`--encoding ${encodingName}: unknown encoding; use one of ${ENCODING_CHOICES.join(', ')}`);
  }
  const delimiterName = options.delimiter ?? mappingFile?.delimiter;
  const delimiter = delimiterName === undefined ? undefined : resolveDelimiter(delimiterName);
  if (delimiterName !== undefined && delimiter === undefined) {
    throw new UsageError(`--delimiter ${delimiterName}: a delimiter is one character such as , ; | or the word tab`);
  }
  const patternText = options.dateFormat ?? mappingFile?.date_format;
  let datePattern = null;
  if (patternText !== undefined) {
    try {
      datePattern = compileDatePattern(patternText);
    } catch (error) {
      if (error instanceof DatePatternError) throw new UsageError(`--date-format: ${error.message}`);
      throw error;
    }
  }
  // Dates written without a zone are in the team's zone unless the import says otherwise.
  const fromSla = options.tz === undefined && mappingFile?.timezone === undefined ? slaZone() : undefined;
  const zoneFrom: ZoneSource = options.tz !== undefined ? '--tz' : mappingFile?.timezone !== undefined ? 'mapping file' : fromSla !== undefined ? 'sla.yaml' : 'default';
  const zone = resolveZone(options.tz ?? mappingFile?.timezone ?? fromSla ?? 'UTC');
  let snapshotAt: string | undefined;
  if (options.snapshotDate !== undefined) {
    const parsed = normalizeDate(options.snapshotDate, { order: null, pattern: datePattern, zone });
    if (!parsed.ok) throw new UsageError(`--snapshot-date ${options.snapshotDate}: ${parsed.problem}; write it as YYYY-MM-DD`);
    snapshotAt = parsed.iso;
  }
  return {
    kind,
    read: { encoding, delimiter, ...((options.sheet ?? mappingFile?.sheet) !== undefined ? { sheet: options.sheet ?? mappingFile?.sheet } : {}) },
    profile: options.profile ?? mappingFile?.profile,
    columns: mappingFile?.columns,
    overrides: parsePairs(options.map, '--map'),
    constants: { ...(mappingFile?.set ?? {}), ...parsePairs(options.set, '--set') },
    datePattern,
    decimal: mappingFile?.decimal ?? null,
    zone,
    zoneFrom,
    snapshotAt,
    onError: options.onError as 'quarantine' | 'abort',
    ...(options.maxRejected !== undefined ? { maxRejected: parseRejectedLimit(options) } : {}),
  };
}

function resolveZone(zoneName: string): TimeZone {
  try {
    return timeZone(zoneName);
  } catch {
    throw new UsageError(`--tz ${zoneName}: unknown time zone; use an IANA name such as Europe/Madrid or Europe/Rome`);
  }
}

/** `--max-rejected 25` (rows) or `--max-rejected 5%` (of the file's rows). */
function parseRejectedLimit(options: ImportOptions): RejectedLimit {
  const text = options.maxRejected!.trim();
  if (options.onError === 'abort') throw new UsageError('--max-rejected and --on-error abort: give one (--on-error abort is --max-rejected 0)');
  const share = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
  if (share && Number(share[1]) <= 100) return { share: Number(share[1]) / 100 };
  if (/^\d+$/.test(text)) return { count: Number(text) };
  throw new UsageError(`--max-rejected ${text}: write a number of rows (25) or a share of the file's rows (5%)`);
}

function parsePairs(pairs: string[], flag: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} ${pair}: write it as field=value, e.g. ${flag} owner="Lead Owner"`);
    result[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return result;
}

/** Errors that stop one file: reported, and the next file goes on. Anything else is a bug. */
function fileErrorMessage(error: unknown): string | undefined {
  if (error instanceof RejectedRowsError) {
    const file = error.file;
    const lines = error.firstRejected.slice(0, 5).map((r) => `\n  ${file}:${r.line}: ${r.reason}`).join('');
    const more = error.rejected > 5 ? `\n  … and ${error.rejected - 5} more` : '';
    return `${error.message}${lines}${more}`;
  }
  if (error instanceof ExportError || error instanceof MappingError || error instanceof ConstantError) return error.message;
  return undefined;
}

/**
 * What the import understood: each field read and its column, what the reports need that no column
 * gave (with the --map that fixes it), and the columns kept only in `extra`.
 */
function understood(s: ImportSummary): string {
  const fields = Object.entries(s.mapping).map(([field, column]) => (field === column ? field : `${field} ← ${column}`));
  let text = `  fields: ${fields.join(', ')}\n`;
  for (const u of s.unmet) text += `  warning: no column for ${u.need}; if the file has one: --map ${u.anyOf[0]}="Column"\n`;
  if (s.extraColumns.length) {
    const shown = s.extraColumns.slice(0, 8).map((c) => `"${c}"`).join(', ');
    text += `  kept only in extra (${s.extraColumns.length} ${s.extraColumns.length === 1 ? 'column' : 'columns'}): ${shown}${s.extraColumns.length > 8 ? `, and ${s.extraColumns.length - 8} more` : ''}\n`;
  }
  return text;
}

/** Which zone dates without one were read in, and why: the summary always says. */
function zoneLine(s: ImportSummary): string {
  const from = { '--tz': '--tz', 'mapping file': 'the mapping file', 'sla.yaml': 'sla.yaml', default: 'no sla.yaml found: pass --tz, or run smk init' }[s.zone.from];
  return `dates without a time zone read in ${s.zone.name} (${from}); export taken ${s.snapshotAt}`;
}

function humanSummary(s: ImportSummary): string {
  const profile = s.profile === 'generic' ? 'generic (canonical field names, or Spanish and Italian headers)' : `${s.profile}${s.profileDetected ? ' (detected)' : ''}`;
  const format = s.encoding === 'xlsx' ? `Excel workbook, sheet "${s.sheet}"` : `${s.encoding}, delimiter ${describeDelimiter(s.delimiter)}`;
  const head = `${s.file}: ${s.kind}, profile ${profile}, ${format}\n`;
  if (s.sameAsBatch !== undefined) {
    return `${head}  ${s.rows} rows: unchanged, the same file was already imported as batch ${s.sameAsBatch}; nothing to do\n`;
  }
  const parts = [`${s.inserted} inserted`, `${s.updated} updated`, `${s.unchanged} unchanged`];
  if (s.olderKept) parts.push(`${s.olderKept} older, kept`);
  parts.push(`${s.rejected} rejected`);
  if (s.kind === 'deals') parts.push(`${s.unlinked} unlinked`);
  let text = `${head}  ${s.rows} rows: ${parts.join(', ')} (batch ${s.batch}, ${s.seconds.toFixed(2)} s)\n`;
  text += `  ${zoneLine(s)}\n`;
  text += understood(s);
  if (s.olderKept) {
    text += `  ${s.olderKept} ${s.olderKept === 1 ? 'row was' : 'rows were'} older than the stored record (export taken ${s.snapshotAt}): its newer values were kept (only dates it lacked were taken)\n`;
  }
  if (s.footerLines) text += `  ${s.footerLines} report footer lines skipped\n`;
  if (s.repeatedHeaders) text += `  ${s.repeatedHeaders} repeated header ${s.repeatedHeaders === 1 ? 'line' : 'lines'} skipped (exports joined into one file)\n`;
  for (const r of s.firstRejected.slice(0, 5)) text += `  ${s.file}:${r.line}: ${r.reason}\n`;
  if (s.rejected > 5) text += `  … and ${s.rejected - 5} more: smk import --rejected ${s.batch}\n`;
  else if (s.rejected > 0) text += `  (listed again by: smk import --rejected ${s.batch})\n`;
  return text;
}

/** The import writes to standard output only (`--json`, `--rejected`). */
const STDOUT: OutputTarget = { personal: true, inUse: [] };

async function listRejected(db: Database, io: Io, options: ImportOptions): Promise<number> {
  let batchId: number | undefined;
  if (typeof options.rejected === 'string') {
    batchId = Number(options.rejected);
    if (!Number.isInteger(batchId) || batchId <= 0) throw new UsageError(`--rejected ${options.rejected}: a batch is a number (see the import summary)`);
    if (!db.batch(batchId)) throw new UsageError(`--rejected ${options.rejected}: there is no import batch ${batchId}`);
  }
  const rows = db.rejectedRows(batchId);
  if (options.json) {
    await writeOutput(io, JSON.stringify(rows, null, 2) + '\n', STDOUT);
    return ExitCode.ok;
  }
  if (rows.length === 0) {
    if (!options.quiet) io.stderr.write(batchId === undefined ? 'no import has rejected rows\n' : `batch ${batchId} rejected no rows\n`);
    return ExitCode.ok;
  }
  const text = rows.map((row) => `${visible(row.fileName)}:${row.line}: ${visible(row.reason)}\n    ${visible(row.raw.replace(/\r?\n/g, '\\n'))}\n`).join('');
  await writeOutput(io, text, STDOUT);
  return ExitCode.ok;
}

/** Offers to save the columns answered for a file, with the options it was read with, as a mapping file. */
async function saveAnswers(io: Io, kind: RecordKind, answers: Record<string, string>, options: ImportOptions, mappingFile: MappingFile | undefined): Promise<void> {
  const saveTo = await askWhereToSave(io, kind);
  if (!saveTo || (fs.existsSync(saveTo) && !(await confirmOverwrite(io, saveTo)))) return;
  const text = mappingFileText({
    kind,
    profile: options.profile ?? mappingFile?.profile,
    columns: { ...mappingFile?.columns, ...parsePairs(options.map, '--map'), ...answers },
    set: { ...mappingFile?.set, ...parsePairs(options.set, '--set') },
    date_format: options.dateFormat ?? mappingFile?.date_format,
    timezone: options.tz ?? mappingFile?.timezone,
    encoding: options.encoding ?? mappingFile?.encoding,
    delimiter: options.delimiter ?? mappingFile?.delimiter,
    sheet: options.sheet ?? mappingFile?.sheet,
    decimal: mappingFile?.decimal,
  });
  fs.writeFileSync(saveTo, text);
  io.stderr.write(`saved the mapping to ${saveTo}; next time: smk import ${kind} FILE --mapping ${saveTo}\n`);
}
