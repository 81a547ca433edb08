/** `smk report funnel|quality|sla`: the reports of the weekly review, one at a time. */
import { Command } from 'commander';
import type { CommandAction } from './context.ts';
import { reportFunnelCommand } from './report-funnel.ts';
import { reportQualityCommand } from './report-quality.ts';
import { reportSlaCommand } from './report-sla.ts';

export function reportCommand(run: (action: CommandAction) => Promise<void>): Command {
  return new Command('report')
    .summary('funnel, lead-quality and SLA reports for a period')
    .addCommand(reportFunnelCommand(run))
    .addCommand(reportQualityCommand(run))
    .addCommand(reportSlaCommand(run));
}
