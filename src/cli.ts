/**
 * The `smk` program: declares the commands, opens the database for the ones that need it,
 * and turns every error a user can fix into one line on stderr and an exit code.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode, SmkError, UsageError } from './errors.ts';
import { Database, sqliteErrorOf } from './db/database.ts';
import { importCommand } from './commands/import.ts';
import { configCommand } from './commands/config-check.ts';
import { initCommand } from './commands/init.ts';
import { checkCommand } from './commands/check.ts';
import { reportCommand } from './commands/report.ts';
import { reviewCommand } from './commands/review.ts';
import { findConfigFile, version, type CommandAction, type CommandContext, type ConfigFile, type GlobalOptions } from './commands/context.ts';
import { loadGlossary } from './config/glossary-file.ts';
import { loadSla } from './config/sla-file.ts';
import { INTERRUPTED_EXIT, processIo, type Io } from './ui/io.ts';
import { visibleLines } from './render/sanitize.ts';

export const DEFAULT_DB = './smarketing.db';

export function buildProgram(io: Io, setExitCode: (code: number) => void): Command {
  const program = new Command('smk')
    .description('smarketing: the numbers for the weekly marketing + sales review, from the CRM exports you already have')
    .version(version, '-V, --version', 'print the version')
    .option('--db <path>', `the SQLite database (env: SMK_DB, default: ${DEFAULT_DB})`)
    .option('--glossary <file>', 'the glossary (env: SMK_GLOSSARY, default: ./glossary.yaml)')
    .option('--sla <file>', 'the SLA (env: SMK_SLA, default: ./sla.yaml)')
    .option('-v, --verbose', 'say which database and configuration files are used, and where the work ran')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(text.replace(/^error: /, 'smk: ')),
    });

  const run = async (action: CommandAction) => {
    const options = program.opts<GlobalOptions>();
    let db: Database | undefined;
    const say = (message: string) => {
      if (options.verbose) io.stderr.write(`smk: ${message}\n`);
    };
    const said = new Set<string>();
    const verbose = (what: string, file: string, from: string) => {
      if (!said.has(what)) say(`${what}: ${file} (${from})`);
      said.add(what);
    };
    /** A configuration file, found and read on first use, and named under --verbose. */
    const loadedOnce = <T>(what: string, find: () => ConfigFile, load: (file: string) => T) => {
      let value: T | undefined;
      return () => {
        if (value === undefined) {
          const file = find();
          verbose(what, file.path, file.from);
          value = load(file.path);
        }
        return value;
      };
    };
    const glossaryFile = (): ConfigFile => findConfigFile(io, options.glossary, 'SMK_GLOSSARY', 'glossary.yaml', '--glossary');
    const slaFile = (): ConfigFile => findConfigFile(io, options.sla, 'SMK_SLA', 'sla.yaml', '--sla');
    const dbPath = () => databasePath(options.db, io.env.SMK_DB);
    const openDb = (mode: 'read' | 'write') => {
      if (!db) {
        verbose('database', dbPath(), options.db !== undefined ? 'flag' : io.env.SMK_DB ? 'environment' : 'default');
        db = Database.open(dbPath(), mode);
        const mode_ = db.modeIfShared();
        if (mode_ !== undefined) {
          io.stderr.write(`smk: warning: ${dbPath()} is readable by other users (mode ${mode_.toString(8).padStart(4, '0')}) and holds personal data; chmod 600 ${dbPath()}\n`);
        }
      }
      return db;
    };
    const context: CommandContext = {
      io,
      options,
      dbPath,
      verbose: say,
      filesInUse: () => {
        const found = (what: string, find: () => ConfigFile) => {
          try {
            return [{ path: find().path, what }];
          } catch {
            return [];
          }
        };
        const database = db?.path ?? dbPath();
        return [
          { path: database, what: 'the database' },
          ...['-wal', '-shm', '-journal'].map((suffix) => ({ path: database + suffix, what: `the database's ${suffix} file` })),
          ...found('the glossary', glossaryFile),
          ...found('the SLA', slaFile),
        ];
      },
      db: () => openDb('read'),
      writableDb: () => openDb('write'),
      glossaryFile,
      slaFile,
      glossary: loadedOnce('glossary', glossaryFile, loadGlossary),
      sla: loadedOnce('sla', slaFile, loadSla),
    };
    try {
      setExitCode(await action(context));
    } catch (error) {
      // A failure of SQLite or of the disk under the database is a sentence, never "internal error".
      throw (db && sqliteErrorOf(error, db.path)) ?? error;
    } finally {
      db?.close();
    }
  };

  program.addCommand(initCommand(run));
  program.addCommand(importCommand(run));
  program.addCommand(checkCommand(run));
  program.addCommand(reportCommand(run));
  program.addCommand(reviewCommand(run));
  program.addCommand(configCommand(run));
  program.showHelpAfterError(usageLine(program, 'smk --help'));
  // addCommand does not pass the program's settings on to subcommands (nor to theirs: `smk report sla`).
  const configure = (commands: readonly Command[]) => {
    for (const command of commands) {
      command
        .exitOverride()
        .configureOutput(program.configureOutput())
        .showHelpAfterError(usageLine(command, command.parent === program ? `smk help ${command.name()}` : `${commandPath(command)} --help`));
      configure(command.commands);
    }
  };
  configure(program.commands);
  return program;
}

/**
 * The database's path from --db, else SMK_DB, else the default. SQLite would take '' and
 * ':memory:' (or a `file:` URI) as a temporary database and lose every import: refused.
 */
function databasePath(flag: string | undefined, fromEnv: string | undefined): string {
  const [value, source] = flag !== undefined ? [flag, '--db'] : fromEnv ? [fromEnv, 'SMK_DB'] : [DEFAULT_DB, 'the default'];
  if (value.trim() === '') throw new UsageError(`${source} is empty: give the database file's path, e.g. --db ./smarketing.db`);
  if (value === ':memory:' || /^file:/i.test(value)) {
    throw new UsageError(`${source} "${value}" is not a file: smk keeps its data in a database file; give a file's path, e.g. --db ./smarketing.db`);
  }
  return value;
}

/** What follows a usage error: the command's usage line and where the full help is. */
function usageLine(command: Command, helpCommand: string): string {
  return `Usage: ${commandPath(command)} ${command.usage()}\nRun ${helpCommand} for the options.`;
}

/** `smk`, `smk check`, `smk report sla`. */
function commandPath(command: Command): string {
  return command.parent ? `${commandPath(command.parent)} ${command.name()}` : 'smk';
}

/** Runs `smk` with `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander's own exits: help and version are fine, anything else is a usage error.
      return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? ExitCode.ok : ExitCode.usage;
    }
    // Ctrl-C at a question (init, the import's column questions): the prompt sees the key, not the signal.
    if (error instanceof Error && error.name === 'ExitPromptError') {
      io.stderr.write('smk: interrupted: nothing was written\n');
      return INTERRUPTED_EXIT.SIGINT;
    }
    if (!(error instanceof SmkError)) {
      io.stderr.write(`smk: internal error: ${visibleLines((error as Error)?.message ?? String(error))}\n`);
      if (io.env.SMK_DEBUG) io.stderr.write(`${(error as Error)?.stack}\n`);
      else io.stderr.write('This is a bug in smk; run again with SMK_DEBUG=1 for details and report it.\n');
      return 70;
    }
    // A message may quote a file's header or a value: shown, never obeyed by the terminal. Each
    // problem of several is a line of its own (config files); indented lines belong to the one above.
    io.stderr.write(visibleLines(error.message).split('\n').map((line) => (/^\s/.test(line) ? line : `smk: ${line}`)).join('\n') + '\n');
    return error.exitCode;
  }
}
