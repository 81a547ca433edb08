/**
 * A saved column mapping (`--mapping FILE.yaml`): how one recurring export maps to the
 * canonical fields, with its date format, time zone and constants, so the marketer types
 * it once. Errors name the file, line and column; `schema/mapping.schema.json` is its schema.
 */
import { stringify } from 'yaml';
import { ConfigError } from '../errors.ts';
import type { RecordKind } from '../domain/fields.ts';
import { readYamlFile, schemaProblems } from '../config/yaml-file.ts';

export interface MappingFile {
  kind?: RecordKind;
  profile?: string;
  columns: Record<string, string>;
  date_format?: string;
  timezone?: string;
  encoding?: string;
  delimiter?: string;
  sheet?: string;
  decimal?: '.' | ',';
  set: Record<string, string>;
}

export const MAPPING_SCHEMA = 'mapping.schema.json';

export function readMappingFile(file: string): MappingFile {
  const yaml = readYamlFile(file);
  const problems = yaml.value === null || typeof yaml.value !== 'object' || Array.isArray(yaml.value)
    ? [yaml.problem([], 'a mapping file is a YAML mapping with keys kind, profile, columns, date_format, timezone, encoding, delimiter, sheet, decimal, set')]
    : schemaProblems(yaml, MAPPING_SCHEMA);
  if (problems.length) throw new ConfigError(problems.join('\n'));
  const raw = yaml.value as Record<string, unknown>;
  const texts = (map: unknown) => Object.fromEntries(Object.entries((map ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  return { ...(raw as Partial<MappingFile>), columns: texts(raw.columns), set: texts(raw.set) };
}

/** The text of a mapping file, for saving what the user answered. */
export function mappingFileText(mapping: MappingFile): string {
  const body: Record<string, unknown> = {};
  if (mapping.kind) body.kind = mapping.kind;
  if (mapping.profile) body.profile = mapping.profile;
  body.columns = mapping.columns;
  for (const key of ['date_format', 'timezone', 'encoding', 'delimiter', 'sheet', 'decimal'] as const) {
    if (mapping[key]) body[key] = mapping[key];
  }
  if (Object.keys(mapping.set).length) body.set = mapping.set;
  return `# smk column mapping: canonical field → column of the export. Use with: smk import ${mapping.kind ?? 'leads'} FILE --mapping THIS_FILE\n${stringify(body)}`;
}
