/** `smk config check`: validates the glossary and the SLA without touching any data. */
import { Command } from 'commander';
import { ConfigError, ExitCode } from '../errors.ts';
import { readYamlFile } from '../config/yaml-file.ts';
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
  const attempt = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      // One problem a line, each with its `smk: ` like any other message.
      problems.push(...error.message.split('\n'));
      return undefined;
    }
  };
  glossary = attempt(() => context.glossary());
  sla = attempt(() => context.sla());
  if (glossary && sla) problems.push(...crossFileProblems(context, glossary, sla));
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

/** The SLA names glossary terms: each must exist. */
function crossFileProblems(context: CommandContext, glossary: Glossary, sla: Sla): string[] {
  const problems: string[] = [];
  const yaml = readYamlFile(context.slaFile().path);
  const check = (targets: Record<string, number>, ids: string[], key: string, what: string) => {
    for (const id of Object.keys(targets)) {
      if (!ids.includes(id)) {
        problems.push(yaml.problem(['marketing', 'mql_per_week', key, id], `"${id}" is not a ${what} id of the glossary${didYouMean(id, ids)}; known: ${ids.join(', ') || '(none)'}`, true));
      }
    }
  };
  if (sla.marketing.mqlPerWeek) {
    check(sla.marketing.mqlPerWeek.bySegment, glossary.segments.map((t) => t.id), 'by_segment', 'segment');
    check(sla.marketing.mqlPerWeek.bySource, glossary.sources.map((t) => t.id), 'by_source', 'source');
  }
  return problems;
}
