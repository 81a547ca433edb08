/**
 * Which column of an export holds each canonical field: a built-in profile (chosen or
 * detected from the header), a saved mapping file, `--map field=Column` overrides and
 * `--set field=value` constants, in that order of precedence.
 */
import { SmkError } from '../errors.ts';
import { fieldNamesOf, fieldsOf, type RecordKind } from './fields.ts';
import { detectProfile, genericColumns, GENERIC, normalizeHeader, PROFILE_NAMES, profilesFor, signatureScore, type Profile } from './profiles.ts';
import type { DayOrder } from './dates.ts';
import { didYouMean } from './suggest.ts';

export interface MappingRequest {
  kind: RecordKind;
  headers: readonly string[];
  /** `--profile` or the mapping file's `profile`; detected from the header when absent. */
  profile?: string;
  /** A mapping file's columns (field → header). */
  columns?: Readonly<Record<string, string>>;
  /** `--map` (field → header), applied last. */
  overrides?: Readonly<Record<string, string>>;
  /** `--set` (field → constant value). */
  constants?: Readonly<Record<string, string>>;
}

export interface ResolvedMapping {
  kind: RecordKind;
  profile: string;
  profileTitle: string;
  detected: boolean;
  /** field → column index in the header. */
  columns: Record<string, number>;
  constants: Record<string, string>;
  /** Column indices no field uses: kept with each record as JSON. */
  extraColumns: number[];
  dayOrder?: DayOrder;
  reportFooter: boolean;
}

/** A mapping problem: `missing` lists required fields no column could be found for. */
export class MappingError extends SmkError {
  readonly missing: string[];
  constructor(message: string, missing: string[] = []) {
    super(message);
    this.missing = missing;
  }
}

/** Fields without which a record has no identity. */
export function requiredFields(kind: RecordKind): { allOf: string[]; anyOf: string[] } {
  return kind === 'leads' ? { allOf: [], anyOf: ['id', 'email'] } : { allOf: ['id'], anyOf: [] };
}

export function resolveMapping(request: MappingRequest): ResolvedMapping {
  const { kind, headers } = request;
  const profile = chooseProfile(request);
  const columns: Record<string, number> = {};
  const indexOfHeader = headerIndex(headers);

  if (profile) {
    for (const [field, candidates] of Object.entries(profile.columns)) {
      for (const candidate of candidates) {
        const index = indexOfHeader.get(normalizeHeader(candidate));
        if (index !== undefined) {
          columns[field] = index;
          break;
        }
      }
    }
  } else {
    Object.assign(columns, genericColumns(kind, headers));
  }

  const fieldNames = fieldNamesOf(kind);
  const explicit = [...Object.entries(request.columns ?? {}), ...Object.entries(request.overrides ?? {})];
  for (const [field, header] of explicit) {
    checkField(kind, field, fieldNames, '--map');
    const index = indexOfHeader.get(normalizeHeader(header));
    if (index === undefined) {
      throw new MappingError(`--map ${field}=${header}: there is no column "${header}"${didYouMean(header, headers)}; the columns are: ${headers.join(', ')}`);
    }
    columns[field] = index;
  }
  const constants: Record<string, string> = {};
  for (const [field, value] of Object.entries(request.constants ?? {})) {
    checkField(kind, field, fieldNames, '--set');
    constants[field] = value;
    delete columns[field];
  }

  const missing = missingRequired(kind, columns, constants);
  if (missing.length) {
    throw new MappingError(`no column for ${missing.join(' or ')}`, missing);
  }

  const used = new Set(Object.values(columns));
  const extraColumns = headers.map((_, i) => i).filter((i) => !used.has(i) && headers[i] !== '');
  return {
    kind,
    profile: profile?.name ?? GENERIC,
    profileTitle: profile?.title ?? 'canonical field names',
    detected: request.profile === undefined || request.profile === 'salesforce',
    columns,
    constants,
    extraColumns,
    dayOrder: profile?.dayOrder,
    reportFooter: profile?.reportFooter ?? false,
  };
}

function chooseProfile(request: MappingRequest): Profile | undefined {
  const { kind, headers, profile } = request;
  if (profile === undefined) return detectProfile(kind, headers);
  if (profile === GENERIC) return undefined;
  if (!(PROFILE_NAMES as readonly string[]).includes(profile)) {
    throw new MappingError(`unknown profile "${profile}"${didYouMean(profile, PROFILE_NAMES)}; profiles: ${PROFILE_NAMES.join(', ')}`);
  }
  const candidates = profilesFor(kind, profile);
  // `salesforce` covers report and Data Loader exports: the header tells which.
  return candidates.reduce((best, p) => (signatureScore(p, headers) > signatureScore(best, headers) ? p : best), candidates[0]!);
}

function headerIndex(headers: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  headers.forEach((header, i) => {
    const key = normalizeHeader(header);
    if (!index.has(key)) index.set(key, i);
  });
  return index;
}

function checkField(kind: RecordKind, field: string, fieldNames: readonly string[], flag: string): void {
  if (!fieldNames.includes(field)) {
    throw new MappingError(`${flag} ${field}=…: "${field}" is not a ${kind === 'leads' ? 'lead' : 'deal'} field${didYouMean(field, fieldNames)}; fields: ${fieldNames.join(', ')}`);
  }
}

function missingRequired(kind: RecordKind, columns: Record<string, number>, constants: Record<string, string>): string[] {
  const has = (field: string) => columns[field] !== undefined || constants[field] !== undefined;
  const { allOf, anyOf } = requiredFields(kind);
  const missing = allOf.filter((f) => !has(f));
  if (anyOf.length && !anyOf.some(has)) missing.push(...anyOf);
  return missing;
}

/** The mapping as it is stored with the batch and written to a mapping file. */
export function describeMapping(mapping: ResolvedMapping, headers: readonly string[]): { profile: string; columns: Record<string, string>; set: Record<string, string> } {
  const columns: Record<string, string> = {};
  for (const field of fieldsOf(mapping.kind).map((f) => f.name)) {
    const index = mapping.columns[field];
    if (index !== undefined) columns[field] = headers[index]!;
  }
  return { profile: mapping.profile, columns, set: { ...mapping.constants } };
}
