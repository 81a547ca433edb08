/**
 * Questions asked only on a terminal: which column holds a field the mapping could not find,
 * and whether to save the answers as a mapping file. Prompts write to stderr so stdout stays data.
 */
import { confirm, input, select } from '@inquirer/prompts';
import type { RecordKind } from '../domain/fields.ts';
import type { Io } from './io.ts';

export interface ColumnAnswers {
  columns: Record<string, string>;
  saveTo?: string;
}

export async function askForColumns(io: Io, kind: RecordKind, missing: string[], headers: string[], file: string): Promise<ColumnAnswers | undefined> {
  const context = { input: io.stdin, output: io.stderr } as Parameters<typeof select>[1];
  const columns: Record<string, string> = {};
  io.stderr.write(`${file}: no column was recognised for ${missing.join(' or ')}.\n`);
  // A lead needs an id or an email: one answer is enough, and lists without ids have emails.
  const questions = kind === 'leads' ? ['email', 'id'].filter((f) => missing.includes(f)) : missing;
  for (const field of questions) {
    const choice = await select(
      {
        message: `Which column holds the ${field}?`,
        choices: [...headers.map((h) => ({ name: h, value: h })), { name: '(none of them)', value: '' }],
      },
      context,
    );
    if (choice) {
      columns[field] = choice;
      if (kind === 'leads') break;
    }
  }
  if (Object.keys(columns).length === 0) return undefined;
  const save = await confirm({ message: 'Save these answers as a mapping file?', default: true }, context);
  if (!save) return { columns };
  const saveTo = await input({ message: 'Mapping file name', default: `${kind}.mapping.yaml` }, context);
  return { columns, saveTo };
}
