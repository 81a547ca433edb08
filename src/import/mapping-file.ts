/**
 * A saved column mapping (`--mapping FILE.yaml`): how one recurring export maps to the
 * canonical fields, with its date format, time zone and constants, so the marketer types
 * it once. Errors name the file, line and column.
 */
import fs from 'node:fs';
import { LineCounter, parseDocument, stringify, isMap, isScalar, type Node } from 'yaml';
import { ConfigError } from '../errors.ts';
import { didYouMean } from '../domain/suggest.ts';
import type { RecordKind } from '../domain/fields.ts';

export interface MappingFile {
  kind?: RecordKind;
  profile?: string;
  columns: Record<string, string>;
  date_format?: string;
  timezone?: string;
  encoding?: string;
  delimiter?: string;
  decimal?: '.' | ',';
  set: Record<string, string>;
}

const KEYS = ['kind', 'profile', 'columns', 'date_format', 'timezone', 'encoding', 'delimiter', 'decimal', 'set'];
const MAX_BYTES = 1 << 20;

export function readMappingFile(file: string): MappingFile {
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_BYTES) throw new ConfigError(`${file}: a mapping file of more than 1 MB is not a mapping file`);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`${file}: cannot read the mapping file: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  const problems: string[] = [];
  const at = (node: Node | null | undefined, path: string, message: string) => {
    const pos = node?.range ? lineCounter.linePos(node.range[0]) : { line: 1, col: 1 };
    problems.push(`${file}:${pos.line}:${pos.col}  ${path}: ${message}`);
  };
  for (const error of doc.errors) {
    const pos = error.linePos?.[0] ?? { line: 1, col: 1 };
    problems.push(`${file}:${pos.line}:${pos.col}  ${error.message.split('\n')[0]}`);
  }
  if (problems.length) throw new ConfigError(problems.join('\n'));

  const result: MappingFile = { columns: {}, set: {} };
  const root = doc.contents;
  if (!isMap(root)) {
    at(root as Node, '(top)', 'a mapping file is a YAML mapping with keys ' + KEYS.join(', '));
    throw new ConfigError(problems.join('\n'));
  }
  for (const pair of root.items) {
    const keyNode = pair.key as Node;
    const key = isScalar(keyNode) ? String(keyNode.value) : '';
    const valueNode = pair.value as Node | null;
    if (!KEYS.includes(key)) {
      at(keyNode, key, `unknown key${didYouMean(key, KEYS)}; allowed: ${KEYS.join(', ')}`);
      continue;
    }
    if (key === 'columns' || key === 'set') {
      if (!isMap(valueNode)) {
        at(valueNode ?? keyNode, key, 'must be a mapping of field: value');
        continue;
      }
      for (const entry of valueNode.items) {
        const field = isScalar(entry.key) ? String(entry.key.value) : '';
        const value = entry.value as Node | null;
        if (!isScalar(value) || value.value === null || typeof value.value === 'object') {
          at(value ?? (entry.key as Node), `${key}.${field}`, 'must be a text value');
          continue;
        }
        result[key][field] = String(value.value);
      }
      continue;
    }
    if (!isScalar(valueNode) || valueNode.value === null) {
      at(valueNode ?? keyNode, key, 'must be a text value');
      continue;
    }
    const value = String(valueNode.value);
    if (key === 'kind' && value !== 'leads' && value !== 'deals') at(valueNode, key, `"${value}" is not leads or deals`);
    else if (key === 'decimal' && value !== '.' && value !== ',') at(valueNode, key, `"${value}" is not "." or ","`);
    else (result as unknown as Record<string, string>)[key] = value;
  }
  if (problems.length) throw new ConfigError(problems.join('\n'));
  return result;
}

/** The text of a mapping file, for saving what the user answered. */
export function mappingFileText(mapping: MappingFile): string {
  const body: Record<string, unknown> = {};
  if (mapping.kind) body.kind = mapping.kind;
  if (mapping.profile) body.profile = mapping.profile;
  body.columns = mapping.columns;
  for (const key of ['date_format', 'timezone', 'encoding', 'delimiter', 'decimal'] as const) {
    if (mapping[key]) body[key] = mapping[key];
  }
  if (Object.keys(mapping.set).length) body.set = mapping.set;
  return `# smk column mapping: canonical field → column of the export. Use with: smk import ${mapping.kind ?? 'leads'} FILE --mapping THIS_FILE\n${stringify(body)}`;
}
