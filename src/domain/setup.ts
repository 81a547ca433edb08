/**
 * The answers of `smk init` and the `sla.yaml` it writes: the agreement in the team's numbers,
 * with a comment on every setting so the file explains itself in the meeting where it is signed.
 */
import { timeZone } from './dates.ts';
import { DurationError, parseDuration } from './working-time.ts';

export const CRMS = ['hubspot', 'salesforce', 'pipedrive', 'other'] as const;
export const LANGUAGES = ['en', 'es', 'it'] as const;
export interface SlaAnswers {
  crm: string;
  timezone: string;
  /** `09:00-18:00` */
  workingHours: string;
  firstTouch: string;
  decide: string;
  mqlTarget: number;
}

export interface InitAnswers extends SlaAnswers {
  lang: string;
}

export const SLA_DEFAULTS: Omit<SlaAnswers, 'timezone'> = {
  crm: 'hubspot',
  workingHours: '09:00-18:00',
  firstTouch: '4 working hours',
  decide: '2 working days',
  mqlTarget: 120,
};

const WORKING_HOURS = /^([01]?\d|2[0-3]):([0-5]\d)\s*-\s*([01]?\d|2[0-3]):([0-5]\d)$/;

/** `09:00-18:00` → start and end, or undefined when it is not written so. */
export function parseWorkingHours(text: string): { start: string; end: string } | undefined {
  const m = WORKING_HOURS.exec(text.trim());
  if (!m) return undefined;
  const pad = (h: string) => h.padStart(2, '0');
  return { start: `${pad(m[1]!)}:${m[2]}`, end: `${pad(m[3]!)}:${m[4]}` };
}

/** One check per answer, whether it came from a flag or a prompt. */
export function answerProblem(key: keyof InitAnswers, value: string): string | undefined {
  switch (key) {
    case 'timezone':
      try {
        timeZone(value);
        return undefined;
      } catch {
        return `unknown time zone "${value}"; use an IANA name such as Europe/Madrid`;
      }
    case 'workingHours': {
      const hours = parseWorkingHours(value);
      if (!hours) return `"${value}" is not a range of hours such as 09:00-18:00`;
      return hours.end > hours.start ? undefined : `working hours end ${hours.end} is not after their start ${hours.start}`;
    }
    case 'firstTouch':
    case 'decide':
      try {
        parseDuration(value);
        return undefined;
      } catch (error) {
        if (error instanceof DurationError) return error.message;
        throw error;
      }
    default:
      return undefined;
  }
}

export function slaYaml(answers: SlaAnswers, schemaPath: string): string {
  const hours = parseWorkingHours(answers.workingHours)!;
  return `# yaml-language-server: $schema=${schemaPath}
# The service-level agreement between marketing and sales, read by smk check and the reports.
# Both teams sign it: marketing promises volume and quality, sales promises speed and reasons.
# CRM: ${answers.crm}

# The team's time zone: the SLA clock ("4 working hours" counts only these hours), the weeks of the
# reports, and dates imported without a zone are read in it.
timezone: ${answers.timezone}
working_hours:
  days: [mon, tue, wed, thu, fri]
  start: "${hours.start}"
  end: "${hours.end}"
# Local dates on which the clock stops (public holidays), YYYY-MM-DD.
holidays: []

# Marketing's side.
marketing:
  # MQLs delivered per ISO week; add by_segment / by_source targets with glossary ids.
  mql_per_week:
    target: ${answers.mqlTarget}
    level: fail            # fail: smk check exits 1 when the week misses it; warn: only reported
  # The share of MQLs that must meet the glossary's MQL requirements.
  mql_requirements:
    at_least: 90%
    level: warn

# Sales' side.
sales:
  # From mql_at to first_touch_at.
  first_touch:
    within: ${answers.firstTouch}
    at_least: 100%         # lower it (e.g. 90%) to start lenient
    level: fail
  # From mql_at to sal_at (accepted) or rejected_at.
  decision:
    within: ${answers.decide}
    level: warn
  # A reason from the glossary's rejection_reasons on every rejection.
  rejection_reason:
    at_least: 100%
    level: warn

# The newest export may not have been taken longer ago than this.
data:
  stale_after: 8d

# Money: amounts in different currencies are never added; each currency is shown on its own.
# For one figure, name the team's currency and the rates to convert the others with (the value
# of one unit of each, in the team's currency), and the day the rates are from.
# money:
#   currency: EUR
#   rates: { USD: 0.92, GBP: 1.17 }
#   rates_date: 2026-11-30
`;
}
