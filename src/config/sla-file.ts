/** Reads `sla.yaml` into the agreement: schema first, then the clock and durations it names. */
import { ConfigError } from '../errors.ts';
import { parseShare, type Level, type Sla } from '../domain/sla.ts';
import { CalendarError, parseDuration, workingCalendar, type Weekday } from '../domain/working-time.ts';
import { readYamlFile, schemaProblems } from './yaml-file.ts';

export const SLA_SCHEMA = 'sla.schema.json';

interface RawShareLevel {
  at_least?: string | number;
  level?: Level;
}

interface RawSla {
  timezone: string;
  working_hours: { days: Weekday[]; start: string; end: string };
  holidays?: string[];
  marketing?: {
    mql_per_week?: { target: number; level?: Level; by_segment?: Record<string, number>; by_source?: Record<string, number> };
    pipeline_per_week?: { target: number; currency?: string; level?: Level };
    mql_requirements?: RawShareLevel;
  };
  sales?: {
    first_touch?: RawShareLevel & { within: string };
    decision?: RawShareLevel & { within: string };
    rejection_reason?: RawShareLevel;
  };
  data?: { stale_after?: string };
  money?: { currency?: string; rates?: Record<string, number>; rates_date?: string };
}

export function loadSla(file: string): Sla {
  const yaml = readYamlFile(file);
  const problems = schemaProblems(yaml, SLA_SCHEMA);
  if (problems.length) throw new ConfigError(problems.join('\n'));
  const raw = yaml.value as RawSla;

  let calendar;
  try {
    calendar = workingCalendar({ timezone: raw.timezone, ...raw.working_hours, holidays: raw.holidays });
  } catch (error) {
    if (!(error instanceof CalendarError)) throw error;
    const at = error.message.includes('time zone') ? ['timezone'] : ['working_hours'];
    throw new ConfigError(yaml.problem(at, error.message));
  }
  raw.holidays?.forEach((holiday, i) => {
    const [y, m, d] = holiday.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) problems.push(yaml.problem(['holidays', i], `"${holiday}" is not a date`));
  });
  if (raw.money?.rates && Object.keys(raw.money.rates).length > 0 && !raw.money.currency) {
    problems.push(yaml.problem(['money', 'rates'], 'rates convert into the team\'s currency: add money.currency (e.g. currency: EUR)'));
  }
  if (problems.length) throw new ConfigError(problems.join('\n'));

  const marketing = raw.marketing ?? {};
  const sales = raw.sales ?? {};
  const tolerance = (promise: RawShareLevel | undefined, level: Level) =>
    promise && { level: promise.level ?? level, atLeast: parseShare(promise.at_least) };
  return {
    calendar,
    marketing: {
      mqlPerWeek: marketing.mql_per_week && {
        target: marketing.mql_per_week.target,
        level: marketing.mql_per_week.level ?? 'fail',
        bySegment: marketing.mql_per_week.by_segment ?? {},
        bySource: marketing.mql_per_week.by_source ?? {},
      },
      pipelinePerWeek: marketing.pipeline_per_week && { ...marketing.pipeline_per_week, level: marketing.pipeline_per_week.level ?? 'warn' },
      mqlRequirements: tolerance(marketing.mql_requirements, 'warn'),
    },
    sales: {
      firstTouch: sales.first_touch && { ...tolerance(sales.first_touch, 'fail')!, within: parseDuration(sales.first_touch.within) },
      decision: sales.decision && { ...tolerance(sales.decision, 'warn')!, within: parseDuration(sales.decision.within) },
      rejectionReason: tolerance(sales.rejection_reason, 'warn'),
    },
    staleAfter: parseDuration(raw.data?.stale_after ?? '8d'),
    money: {
      ...(raw.money?.currency ? { currency: raw.money.currency } : {}),
      rates: raw.money?.rates ?? {},
      ...(raw.money?.rates_date ? { ratesDate: raw.money.rates_date } : {}),
    },
  };
}
