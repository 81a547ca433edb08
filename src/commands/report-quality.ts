/** `smk report quality`: lead quality per source (or --by), and the score bands against conversion. */
import { Command } from 'commander';
import { ExitCode, UsageError } from '../errors.ts';
import { DEFAULT_BANDS, parseBands, qualityReport } from '../domain/metrics/quality.ts';
import { qualitySections, reportDocument } from '../render/report-documents.ts';
import { qualityJson } from '../render/report-json.ts';
import type { CommandAction, CommandContext } from './context.ts';
import { loadReportInputs, withReportOptions, writeReport, type ReportOptions } from './report-options.ts';

interface QualityOptions extends ReportOptions {
  bands: string;
}

export function reportQualityCommand(run: (action: CommandAction) => Promise<void>): Command {
  const command = new Command('quality')
    .summary('lead quality per source, and whether the score predicts conversion')
    .description(
      'For the leads created in the period, per source (or --by): MQL rate, acceptance and rejection rates with the ' +
        'top reasons, SQL rate, opportunities, won deals, win rate, revenue, revenue per lead and average score; and ' +
        'the same leads in score bands with their conversion to SQL and to customer.',
    )
    .option('--bands <edges>', 'score band edges', DEFAULT_BANDS.join(','));
  return withReportOptions(command).action(async (options: QualityOptions) => {
    await run((context) => runQuality(context, options));
  });
}

async function runQuality(context: CommandContext, options: QualityOptions): Promise<number> {
  const bands = parseBands(options.bands);
  if (typeof bands === 'string') throw new UsageError(`--bands ${options.bands}: ${bands}`);
  const inputs = await loadReportInputs(context, options);
  const report = qualityReport({ ...inputs, by: options.by ?? 'source', bands });
  const doc = reportDocument(`Lead quality ${inputs.period.label}`, qualitySections(report, inputs.meta), inputs.meta, options);
  await writeReport(context, options, doc, qualityJson(report, inputs.meta), 'text', false);
  return ExitCode.ok;
}
