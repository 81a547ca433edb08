/** Reads `sla.yaml` into the agreement: the schema and the clock it names, every problem of both at once. */
import { ConfigError } from '../errors.ts';
import { parseShare, type Level, type Sla } from '../domain/sla.ts';
import { FIRST_YEAR, LAST_YEAR } from '../domain/period.ts';
import { calendarProblems, isTimeOfDay, parseDuration, workingCalendar, type Weekday } from '../domain/working-time.ts';
import { inDocumentOrder, readYamlFile, schemaProblems, type YamlFile } from './yaml-file.ts';

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
  // What the schema says and what it cannot say (an unknown zone, 30 February…) in one run, in the
  // order they are written: a user fixes them all at once, never in rounds.
  const problems = inDocumentOrder(yaml, [...schemaProblems(yaml, SLA_SCHEMA), ...clockAndMoneyProblems(yaml)]);
  if (problems.length) throw new ConfigError(problems.join('\n'));
  const raw = yaml.value as RawSla;
  const calendar = workingCalendar({ timezone: raw.timezone, ...raw.working_hours, holidays: raw.holidays });

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

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const HOLIDAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The problems a schema cannot see, looked for in every part the schema finds well-formed (a part
 * it does not is its problem, said once): the zone, the working hours, holidays that are no date
 * (2026-02-30) or outside the years a period may be in, rates without the currency they convert into.
 */
function clockAndMoneyProblems(yaml: YamlFile): string[] {
  const raw = yaml.value;
  if (!isObject(raw)) return [];
  const problems: string[] = [];
  const hours = isObject(raw.working_hours) ? raw.working_hours : {};
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const time = (value: unknown) => (typeof value === 'string' && isTimeOfDay(value) ? value : undefined);
  for (const problem of calendarProblems({ timezone: text(raw.timezone), start: time(hours.start), end: time(hours.end) })) {
    problems.push(yaml.problem(problem.at === 'timezone' ? ['timezone'] : ['working_hours', problem.at], problem.message));
  }
  if (Array.isArray(raw.holidays)) {
    raw.holidays.forEach((holiday: unknown, i) => {
      if (typeof holiday !== 'string' || !HOLIDAY.test(holiday)) return;
      const [y, m, d] = holiday.split('-').map(Number) as [number, number, number];
      const date = new Date(Date.UTC(y, m - 1, d));
      if (y < FIRST_YEAR || y > LAST_YEAR) problems.push(yaml.problem(['holidays', i], `"${holiday}" is out of range: the year must be between ${FIRST_YEAR} and ${LAST_YEAR}`));
      else if (date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) problems.push(yaml.problem(['holidays', i], `"${holiday}" is not a date`));
    });
  }
  const money = isObject(raw.money) ? raw.money : {};
  if (isObject(money.rates) && Object.keys(money.rates).length > 0 && money.currency === undefined) {
    problems.push(yaml.problem(['money', 'rates'], 'rates convert into the team\'s currency: add money.currency (e.g. currency: EUR)'));
  }
  return problems;
}
