/** `smk report sla`: both sides of the agreement; exit 1 when a fail-level promise was broken. */
import { Command } from 'commander';
import { ExitCode } from '../errors.ts';
import { slaReport } from '../domain/metrics/sla-report.ts';
import { quietSentence, reportDocument, slaSections } from '../render/report-documents.ts';
import { slaJson } from '../render/report-json.ts';
import type { CommandAction, CommandContext } from './context.ts';
import { loadReportInputs, withReportOptions, writeReport, type ReportOptions } from './report-options.ts';

interface SlaOptions extends ReportOptions {
  exitCode: boolean;
}

export function reportSlaCommand(run: (action: CommandAction) => Promise<void>): Command {
  const command = new Command('sla')
    .summary('the SLA both ways: first touch and decisions, MQL volume and quality, the breaches')
    .description(
      'Sales: every MQL whose first-touch or decision deadline fell in the period, in time, late or still open, with ' +
        'median and p90 response times in working hours, per owner. Marketing: MQLs against the target and the share ' +
        'that met the MQL requirements. Then the breaches, longest first. --by groups the first touch (default: owner). ' +
        'Exit 1 when a fail-level promise was broken in the period (0 with --no-exit-code), 2 for a usage or config error.',
    )
    .option('--no-exit-code', 'exit 0 even when a promise was broken (for dashboards)');
  return withReportOptions(command).action(async (options: SlaOptions) => {
    await run((context) => runSla(context, options));
  });
}

async function runSla(context: CommandContext, options: SlaOptions): Promise<number> {
  const inputs = await loadReportInputs(context, options);
  const report = slaReport({ ...inputs, ...(options.by ? { by: options.by } : {}) });
  const doc = reportDocument(`SLA ${inputs.period.label}`, slaSections(report, inputs.meta), inputs.meta, options);
  if (inputs.empty) doc.sections.unshift({ title: 'No activity', lines: [quietSentence(inputs.period.label)], tables: [] });
  // The breaches name leads.
  await writeReport(context, options, doc, slaJson(report, inputs.meta), 'text', true);
  // An empty period is not a breach to page anyone about: there is nothing to judge.
  return options.exitCode && !inputs.empty && report.current.broken.length > 0 ? ExitCode.failed : ExitCode.ok;
}
