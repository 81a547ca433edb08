/**
 * Questions asked only on a terminal: which column holds a field the mapping could not find
 * (and whether to save the answers), and the set-up questions of `smk init`. Prompts write to
 * stderr so stdout stays data.
 */
import type { select } from '@inquirer/prompts';
import type { RecordKind } from '../domain/fields.ts';
import { answerProblem, CRMS, LANGUAGES, type InitAnswers } from '../domain/setup.ts';
import type { Io } from './io.ts';

/** Loaded at the first question: most runs ask none, and the library takes 40 ms to load. */
const inquirer = () => import('@inquirer/prompts');

/**
 * Asks for the columns of the `missing` required fields (a lead's id or email: one is enough), then
 * for each of the `wanted` fields a report needs that no column gave ("none of them" is an answer).
 * Returns field → column, or undefined when no required field got a column (the import cannot go on).
 */
export async function askForColumns(io: Io, kind: RecordKind, missing: string[], headers: string[], file: string, wanted: string[] = []): Promise<Record<string, string> | undefined> {
  const { select } = await inquirer();
  const context = { input: io.stdin, output: io.stderr } as Parameters<typeof select>[1];
  const columns: Record<string, string> = {};
  const ask = (field: string) =>
    select({ message: `Which column holds the ${field}?`, choices: [...headers.map((h) => ({ name: h, value: h })), { name: '(none of them)', value: '' }] }, context);
  if (missing.length) {
    io.stderr.write(`${file}: no column was recognised for ${missing.join(' or ')}.\n`);
    // A lead needs an id or an email (missing lists them in that order): one answer is enough. The id
    // first: a list keyed by email and imported again keyed by id would hold every lead twice.
    for (const field of missing) {
      const choice = await ask(field);
      if (choice) {
        columns[field] = choice;
        if (kind === 'leads') break;
      }
    }
    if (Object.keys(columns).length === 0) return undefined;
  }
  if (wanted.length) {
    io.stderr.write(`${file}: the reports also need ${wanted.join(', ')}, and no column was recognised for them.\n`);
    for (const field of wanted) {
      const choice = await ask(field);
      if (choice) columns[field] = choice;
    }
  }
  return columns;
}

/** Once every answer about a file's columns is in: whether to save them, and where (undefined: not saved). */
export async function askWhereToSave(io: Io, kind: RecordKind): Promise<string | undefined> {
  const { confirm, input } = await inquirer();
  const context = { input: io.stdin, output: io.stderr } as Parameters<typeof confirm>[1];
  if (!(await confirm({ message: 'Save these answers as a mapping file?', default: true }, context))) return undefined;
  return input({ message: 'Mapping file name', default: `${kind}.mapping.yaml` }, context);
}

/** The questions of `smk init`, skipping those a flag already answered. */
export async function askInitAnswers(io: Io, given: Partial<InitAnswers>, defaults: InitAnswers): Promise<InitAnswers> {
  const { input, number, select } = await inquirer();
  const context = { input: io.stdin, output: io.stderr } as Parameters<typeof select>[1];
  const ask = async (key: keyof InitAnswers, message: string) =>
    given[key] !== undefined
      ? String(given[key])
      : input({ message, default: String(defaults[key]), validate: (value) => answerProblem(key, value) ?? true }, context);
  const crm = given.crm ?? (await select({ message: 'Where do your exports come from?', choices: CRMS.map((c) => ({ name: CRM_NAMES[c], value: c })), default: defaults.crm }, context));
  const lang = given.lang ?? (await select({ message: 'Language of the glossary', choices: LANGUAGES.map((l) => ({ name: LANGUAGE_NAMES[l], value: l })), default: defaults.lang }, context));
  const timezone = await ask('timezone', 'Time zone of the SLA clock');
  const workingHours = await ask('workingHours', 'Working hours (Monday to Friday)');
  const firstTouch = await ask('firstTouch', 'Sales touches a new MQL within');
  const decide = await ask('decide', 'Sales accepts or rejects an MQL within');
  const target = given.mqlTarget ?? (await number({ message: 'MQLs marketing delivers per week', default: defaults.mqlTarget, min: 0, required: true }, context));
  return { crm, lang, timezone, workingHours, firstTouch, decide, mqlTarget: target ?? defaults.mqlTarget };
}

export async function confirmOverwrite(io: Io, file: string): Promise<boolean> {
  const { confirm } = await inquirer();
  const context = { input: io.stdin, output: io.stderr } as Parameters<typeof select>[1];
  return confirm({ message: `${file} exists. Overwrite it?`, default: false }, context);
}

const CRM_NAMES: Record<(typeof CRMS)[number], string> = { hubspot: 'HubSpot', salesforce: 'Salesforce', pipedrive: 'Pipedrive', other: 'Other (spreadsheets, another CRM)' };
const LANGUAGE_NAMES: Record<(typeof LANGUAGES)[number], string> = { en: 'English', es: 'Español', it: 'Italiano' };
