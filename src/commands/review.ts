/** `smk review`: the meeting pack for one week, from every report and `smk check`. */
import { Command } from 'commander';
import { ExitCode } from '../errors.ts';
import { runChecks, surveyStore, type StoreSurvey } from '../domain/check.ts';
import { funnelReport } from '../domain/metrics/funnel.ts';
import { DEFAULT_BANDS, qualityReport } from '../domain/metrics/quality.ts';
import { reviewReport } from '../domain/metrics/review.ts';
import { slaReport } from '../domain/metrics/sla-report.ts';
import type { ReadWorker } from '../db/read-in-worker.ts';
import { reviewDocument } from '../render/report-documents.ts';
import { reviewJson } from '../render/report-json.ts';
import type { CommandAction, CommandContext } from './context.ts';
import { beginReport, inputsOf, readWindow, withReadWorker, withReportOptions, writeReport, type ReportOptions, type ReportSetup } from './report-options.ts';
import type { WindowRead } from '../db/database.ts';

export function reviewCommand(run: (action: CommandAction) => Promise<void>): Command {
  const command = new Command('review')
    .summary('the weekly review: freshness, headline, funnel, quality, SLA, check findings')
    .description(
      'The meeting pack for one week, in this order: data freshness, the headline numbers with their change, the ' +
        'funnel, lead quality by source (or --by), the SLA both ways with the breaches, the findings of smk check at ' +
        'warn level and above, and the items to discuss. Piped, it is Markdown to paste into the meeting notes.',
    );
  return withReportOptions(command).action(async (options: ReportOptions) => {
    await run((context) => runReview(context, options));
  });
}

function runReview(context: CommandContext, options: ReportOptions): Promise<number> {
  return withReadWorker(context, (reader) => review(context, options, reader));
}

async function review(context: CommandContext, options: ReportOptions, reader: ReadWorker | undefined): Promise<number> {
  const db = context.db();
  // The reader's thread reads its half of the week's leads, then the check's whole-table survey while this one works out the reports.
  const { setup, bounds, half } = beginReport(context, options, reader);
  const asked = reader?.survey(context.glossary(), setup.asOf, setup.sla.calendar.zone.name);
  let week = half && weekOf(context, setup, options, await readWindow(context, bounds, half));
  const answer = await asked;
  let survey: StoreSurvey;
  if (week && answer && answer.dataVersion === week.dataVersion) survey = answer.survey;
  else {
    // No worker, or an import landed between the reads: all of it from one state of the data.
    ({ week, survey } = db.snapshot(() => ({
      week: weekOf(context, setup, options, db.reportData(bounds.from, bounds.to, bounds.dealDated)),
      survey: surveyStore(db, setup.glossary, setup.asOf, setup.sla.calendar.zone.name),
    })));
  }
  context.verbose(`check survey: ${survey === answer?.survey ? 'in a worker thread' : 'on the main thread'}`);
  const { inputs, latestExports, reports } = week;
  const findings = runChecks({
    data: db,
    survey,
    window: { facts: inputs.facts, deals: inputs.data.deals },
    slaFigures: reports.sla.current,
    latestExports,
    glossary: inputs.glossary,
    sla: inputs.sla,
    period: inputs.period,
    asOf: inputs.asOf,
  });
  const report = reviewReport({
    facts: inputs.facts,
    deals: inputs.data.deals,
    ...reports,
    findings,
    latestExports,
    staleAfter: inputs.sla.staleAfter,
    money: inputs.money,
    period: inputs.period,
    previous: inputs.previous,
    asOf: inputs.asOf,
    quiet: inputs.empty,
  });
  const doc = reviewDocument(report, inputs.meta, options);
  await writeReport(context, options, doc, reviewJson(report, inputs.meta), 'markdown', true);
  return ExitCode.ok;
}

/**
 * The week's reports from its records, with the last imports read at the same data version (else
 * the caller reads all again): the funnel, lead quality and SLA need nothing of the check.
 */
function weekOf(context: CommandContext, setup: ReportSetup, options: ReportOptions, { data, dataVersion }: WindowRead) {
  const db = context.db();
  const imports = db.snapshot(() => ({ latest: db.latestExports(setup.asOf), dataVersion: db.dataVersion() }));
  const inputs = inputsOf(setup, data);
  const reports = {
    funnel: funnelReport({ ...inputs, cohort: 'mql' }),
    quality: qualityReport({ ...inputs, by: options.by ?? 'source', bands: DEFAULT_BANDS }),
    sla: slaReport(inputs),
  };
  // No data version when an import landed between the reads: the caller then reads all again.
  const consistent = imports.dataVersion === dataVersion;
  return { inputs, latestExports: imports.latest, dataVersion: consistent ? dataVersion : undefined, reports };
}
