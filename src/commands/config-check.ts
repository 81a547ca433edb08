/** `smk config check`: validates the glossary and the SLA without touching any data. */
import { Command } from 'commander';
import { ConfigError, ExitCode } from '../errors.ts';
import { inDocumentOrder, readYamlFile, type YamlFile } from '../config/yaml-file.ts';
import { didYouMean } from '../domain/suggest.ts';
import type { Glossary } from '../domain/glossary.ts';
import type { Sla } from '../domain/sla.ts';
import { writeOutput } from '../ui/output.ts';
import type { CommandAction, CommandContext } from './context.ts';

export function configCommand(run: (action: CommandAction) => Promise<void>): Command {
  const config = new Command('config').summary('work with the glossary and SLA files').description('Work with the glossary and SLA files.');
  config
    .command('check')
    .description('Validate glossary.yaml and sla.yaml (syntax, schema, and the ids one refers to in the other); touches no data.')
    .action(async () => {
      await run(checkConfig);
    });
  return config;
}

async function checkConfig(context: CommandContext): Promise<number> {
  const problems: string[] = [];
  let glossary: Glossary | undefined;
  let sla: Sla | undefined;
  // Both files are checked even when the first has problems: all of them are reported at once.
  const attempt = <T>(load: () => T, into: string[]): T | undefined => {
    try {
      return load();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      // One problem a line, each with its `smk: ` like any other message.
      into.push(...error.message.split('\n'));
      return undefined;
    }
  };
  glossary = attempt(() => context.glossary(), problems);
  const slaProblems: string[] = [];
  sla = attempt(() => context.sla(), slaProblems);
  // The terms the SLA names are checked even when it has other problems, in the order they are written.
  const slaYaml = glossary ? attempt(() => readYamlFile(context.slaFile().path), []) : undefined;
  problems.push(...(glossary && slaYaml ? inDocumentOrder(slaYaml, [...slaProblems, ...crossFileProblems(slaYaml, glossary)]) : slaProblems));
  if (problems.length) {
    context.io.stderr.write(problems.map((p) => `smk: ${p}`).join('\n') + '\n');
    return ExitCode.usage;
  }
  const g = glossary!;
  const s = sla!;
  const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  await writeOutput(
    context.io,
    `${context.glossaryFile().path}: ok (${count(g.stages.length, 'stage')}: ${g.stages.map((st) => st.id).join(' → ')}; ${count(g.outcomes.length, 'outcome')}; ` +
      `${count(g.sources.length, 'source')}; ${count(g.segments.length, 'segment')})\n` +
      `${context.slaFile().path}: ok (${s.calendar.zone.name}; ${promises(s)})\n`,
    { personal: false, inUse: [] },
  );
  return ExitCode.ok;
}

function promises(sla: Sla): string {
  const list: string[] = [];
  if (sla.marketing.mqlPerWeek) list.push(`${sla.marketing.mqlPerWeek.target} MQLs a week`);
  if (sla.sales.firstTouch) list.push(`first touch within ${sla.sales.firstTouch.within.text}`);
  if (sla.sales.decision) list.push(`decision within ${sla.sales.decision.within.text}`);
  return list.length ? list.join(', ') : 'no promises yet';
}

/** The SLA names glossary terms: each must exist. Read from the file as written, whatever else is wrong in it. */
function crossFileProblems(yaml: YamlFile, glossary: Glossary): string[] {
  const problems: string[] = [];
  const object = (value: unknown) => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined);
  const mqlPerWeek = object(object(object(yaml.value)?.marketing)?.mql_per_week);
  const check = (targets: Record<string, unknown> | undefined, ids: string[], key: string, what: string) => {
    for (const id of Object.keys(targets ?? {})) {
      if (!ids.includes(id)) {
        problems.push(yaml.problem(['marketing', 'mql_per_week', key, id], `"${id}" is not a ${what} id of the glossary${didYouMean(id, ids)}; known: ${ids.join(', ') || '(none)'}`, true));
      }
    }
  };
  check(object(mqlPerWeek?.by_segment), glossary.segments.map((t) => t.id), 'by_segment', 'segment');
  check(object(mqlPerWeek?.by_source), glossary.sources.map((t) => t.id), 'by_source', 'source');
  return problems;
}
