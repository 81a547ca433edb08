/** `smk report funnel`: the flow through each stage and how far a cohort got. */
import { Command, Option } from 'commander';
import { ExitCode } from '../errors.ts';
import { funnelReport, type CohortKind } from '../domain/metrics/funnel.ts';
import { funnelSections, reportDocument } from '../render/report-documents.ts';
import { funnelJson } from '../render/report-json.ts';
import type { CommandAction, CommandContext } from './context.ts';
import { loadReportInputs, withReportOptions, writeReport, type ReportOptions } from './report-options.ts';

interface FunnelOptions extends ReportOptions {
  cohort: CohortKind;
}

export function reportFunnelCommand(run: (action: CommandAction) => Promise<void>): Command {
  const command = new Command('funnel')
    .summary('how many leads entered each stage, and how far a cohort got')
    .description(
      'Flow: how many leads entered each glossary stage in the period. Cohort: of the leads that became MQL in the ' +
        'period (--cohort created: were created in it), how many reached each later stage by --as-of, the conversion ' +
        'between stages, the median days between them, and their won deals. The previous period is shown beside it.',
    )
    .addOption(new Option('--cohort <kind>', 'the cohort: leads that became MQL, or were created, in the period').choices(['mql', 'created']).default('mql'));
  return withReportOptions(command).action(async (options: FunnelOptions) => {
    await run((context) => runFunnel(context, options));
  });
}

async function runFunnel(context: CommandContext, options: FunnelOptions): Promise<number> {
  const inputs = await loadReportInputs(context, options);
  const report = funnelReport({ ...inputs, cohort: options.cohort, ...(options.by ? { by: options.by } : {}) });
  const doc = reportDocument(`Funnel ${inputs.period.label}`, funnelSections(report, inputs.meta), inputs.meta, options);
  await writeReport(context, options, doc, funnelJson(report, inputs.meta), 'text', false);
  return ExitCode.ok;
}
