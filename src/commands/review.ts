/** `smk review`: the meeting pack for one week, from every report and `smk check`. */
import { Command } from 'commander';
import { ExitCode } from '../errors.ts';
import { runChecks } from '../domain/check.ts';
import { funnelReport } from '../domain/metrics/funnel.ts';
import { DEFAULT_BANDS, qualityReport } from '../domain/metrics/quality.ts';
import { reviewReport } from '../domain/metrics/review.ts';
import { slaReport } from '../domain/metrics/sla-report.ts';
import { reviewDocument } from '../render/report-documents.ts';
import { reviewJson } from '../render/report-json.ts';
import type { CommandAction, CommandContext } from './context.ts';
import { loadReportInputs, withReportOptions, writeReport, type ReportOptions } from './report-options.ts';

export function reviewCommand(run: (action: CommandAction) => Promise<void>): Command {
  const command = new Command('review')
    .summary('the weekly review: freshness, headline, funnel, quality, SLA, check findings')
    .description(
      'The meeting pack for one week, in this order: data freshness, the headline numbers with their change, the\n' +
        'funnel, lead quality by source (or --by), the SLA both ways with the breaches, the findings of smk check at\n' +
        'warn level and above, and the items to discuss. Piped, it is Markdown to paste into the meeting notes.',
    );
  return withReportOptions(command).action(async (options: ReportOptions) => {
    await run((context) => runReview(context, options));
  });
}

async function runReview(context: CommandContext, options: ReportOptions): Promise<number> {
  const inputs = loadReportInputs(context, options);
  const db = context.db();
  const lastImport = { leads: db.lastImport('leads'), deals: db.lastImport('deals') };
  const findings = runChecks({
    data: db,
    window: { facts: inputs.facts, deals: inputs.data.deals },
    lastImport,
    glossary: inputs.glossary,
    sla: inputs.sla,
    period: inputs.period,
    asOf: inputs.asOf,
  });
  const by = options.by ?? 'source';
  const report = reviewReport({
    facts: inputs.facts,
    deals: inputs.data.deals,
    funnel: funnelReport({ ...inputs, cohort: 'mql' }),
    quality: qualityReport({ ...inputs, by, bands: DEFAULT_BANDS }),
    sla: slaReport(inputs),
    findings,
    lastImport,
    staleAfterMinutes: inputs.sla.staleAfter.minutes,
    period: inputs.period,
    previous: inputs.previous,
    asOf: inputs.asOf,
  });
  const doc = reviewDocument(report, inputs.meta, options);
  if (inputs.empty) doc.sections.splice(1, 0, { title: 'No data', lines: [`No data for ${inputs.period.label}: nothing was created, reached a stage or fell due in it.`], tables: [] });
  writeReport(context, options, doc, reviewJson(report, inputs.meta), 'markdown');
  return ExitCode.ok;
}
