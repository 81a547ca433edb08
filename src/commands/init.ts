/**
 * `smk init`: writes glossary.yaml and sla.yaml for the team and creates the database. Asks on
 * a terminal; takes flags (with `--yes` for the defaults) everywhere else. Never overwrites a
 * file without confirmation or `--force`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { ExitCode, UsageError } from '../errors.ts';
import { SCHEMA_DIR } from '../config/yaml-file.ts';
import { answerProblem, CRMS, LANGUAGES, SLA_DEFAULTS, slaYaml, type InitAnswers } from '../domain/setup.ts';
import { askInitAnswers, confirmOverwrite } from '../ui/prompts.ts';
import type { CommandAction, CommandContext } from './context.ts';

export const TEMPLATE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'templates');

export interface InitOptions {
  crm?: string;
  lang?: string;
  timezone?: string;
  workingHours?: string;
  firstTouch?: string;
  decide?: string;
  mqlTarget?: string;
  yes?: boolean;
  force?: boolean;
}

export function initCommand(run: (action: CommandAction) => Promise<void>): Command {
  return new Command('init')
    .summary('write glossary.yaml and sla.yaml and create the database')
    .description(
      'Write the glossary (the common language) and the SLA (the agreement) for your team, and create the database. ' +
        'On a terminal it asks; elsewhere it takes the flags, with --yes accepting the defaults for any not given.',
    )
    .addOption(new Option('--crm <name>', 'where your exports come from').choices([...CRMS]))
    .addOption(new Option('--lang <code>', 'language of the glossary').choices([...LANGUAGES]))
    .option('--timezone <zone>', 'IANA time zone of the SLA clock (default: the system\'s)')
    .option('--working-hours <from-to>', `working hours on working days (default: ${SLA_DEFAULTS.workingHours})`)
    .option('--first-touch <duration>', `sales touches a new MQL within (default: "${SLA_DEFAULTS.firstTouch}")`)
    .option('--decide <duration>', `sales accepts or rejects an MQL within (default: "${SLA_DEFAULTS.decide}")`)
    .option('--mql-target <n>', `MQLs marketing delivers per week (default: ${SLA_DEFAULTS.mqlTarget})`)
    .option('-y, --yes', 'accept the defaults for every answer not given by a flag')
    .option('-f, --force', 'overwrite existing files')
    .addHelpText('after', '\nExample:\n  smk init --yes --crm hubspot --lang es --timezone Europe/Madrid --mql-target 80')
    .action(async (options: InitOptions) => {
      await run((context) => runInit(context, options));
    });
}

async function runInit(context: CommandContext, options: InitOptions): Promise<number> {
  const { io } = context;
  const interactive = io.stdinIsTTY && io.stderrIsTTY && !options.yes;
  const given = validateFlags(options);
  let answers: InitAnswers;
  if (interactive) {
    answers = await askInitAnswers(io, given, defaults());
  } else if (options.yes) {
    answers = { ...defaults(), ...given };
  } else {
    throw new UsageError(
      'smk init asks its questions only on a terminal; here, pass --yes to accept the defaults, with any of ' +
        '--crm, --lang, --timezone, --working-hours, --first-touch, --decide, --mql-target to change them',
    );
  }
  validateAnswers(answers);

  const glossaryPath = path.join(io.cwd, 'glossary.yaml');
  const slaPath = path.join(io.cwd, 'sla.yaml');
  for (const file of [glossaryPath, slaPath]) {
    if (!fs.existsSync(file) || options.force) continue;
    if (interactive && (await confirmOverwrite(io, file))) continue;
    throw new UsageError(`${file} exists; pass --force to overwrite it`);
  }
  fs.writeFileSync(glossaryPath, glossaryText(answers.lang, io.cwd));
  fs.writeFileSync(slaPath, slaYaml(answers, schemaReference(io.cwd, 'sla.schema.json')));
  const db = context.writableDb();
  io.stderr.write(
    `wrote ${glossaryPath} (${answers.lang}) and ${slaPath}; database ${db.path}\n` +
      `next: edit both files with the other team, smk config check, then smk import leads YOUR_EXPORT.csv\n`,
  );
  return ExitCode.ok;
}

function defaults(): InitAnswers {
  return { ...SLA_DEFAULTS, lang: 'en', timezone: Intl.DateTimeFormat().resolvedOptions().timeZone };
}

/** Flags are checked before anything is asked or written. */
function validateFlags(options: InitOptions): Partial<InitAnswers> {
  const given: Partial<InitAnswers> = {};
  if (options.crm) given.crm = options.crm;
  if (options.lang) given.lang = options.lang;
  if (options.timezone) given.timezone = options.timezone;
  if (options.workingHours) given.workingHours = options.workingHours;
  if (options.firstTouch) given.firstTouch = options.firstTouch;
  if (options.decide) given.decide = options.decide;
  if (options.mqlTarget !== undefined) {
    const target = Number(options.mqlTarget);
    if (!Number.isInteger(target) || target < 0) throw new UsageError(`--mql-target ${options.mqlTarget}: a number of MQLs per week, such as 120`);
    given.mqlTarget = target;
  }
  validateAnswers(given);
  return given;
}

const FLAG_OF: Partial<Record<keyof InitAnswers, string>> = { timezone: '--timezone', workingHours: '--working-hours', firstTouch: '--first-touch', decide: '--decide' };

function validateAnswers(answers: Partial<InitAnswers>): void {
  for (const key of Object.keys(FLAG_OF) as Array<keyof InitAnswers>) {
    const value = answers[key];
    if (value === undefined) continue;
    const problem = answerProblem(key, String(value));
    if (problem) throw new UsageError(`${FLAG_OF[key]} ${value}: ${problem}`);
  }
}

/** The built-in glossary in the chosen language, pointing editors at the schema that ships with smk. */
function glossaryText(lang: string, dir: string): string {
  const template = fs.readFileSync(path.join(TEMPLATE_DIR, `glossary.${lang}.yaml`), 'utf8');
  const schemaLine = `# yaml-language-server: $schema=${schemaReference(dir, 'glossary.schema.json')}`;
  return template.startsWith('# yaml-language-server:') ? template.replace(/^.*\n/, `${schemaLine}\n`) : `${schemaLine}\n${template}`;
}

function schemaReference(dir: string, schema: string): string {
  return path.relative(dir, path.join(SCHEMA_DIR, schema)) || schema;
}
