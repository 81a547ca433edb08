/**
 * YAML configuration files (glossary, SLA) read with their positions, validated against the
 * JSON Schema that ships in `schema/` (the same one editors use), and every problem reported
 * at once as `file:line:column  path: message`.
 */
import fs from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isMap, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { ConfigError } from '../errors.ts';
import { didYouMean } from '../domain/suggest.ts';
import { loadValidator } from './schema-validators.ts';

/** A configuration file is a few kilobytes; anything much larger is a mistake or an attack. */
const MAX_BYTES = 1 << 20;
/** Aliases a YAML file may expand: enough for anchors, far too few for a "billion laughs" bomb. */
const MAX_ALIAS_COUNT = 100;

export { SCHEMA_DIR } from './schema-validators.ts';

export type PathSegment = string | number;

export interface YamlFile {
  file: string;
  value: unknown;
  /** `file:line:column` of the node at a path (or of its nearest existing parent); `key` points at a map key. */
  locate(at: readonly PathSegment[], key?: boolean): string;
  /** The problem at a path, formatted for the user. */
  problem(at: readonly PathSegment[], message: string, key?: boolean): string;
}

/** Reads and parses a YAML file; syntax errors, alias bombs and huge files are ConfigErrors. */
export function readYamlFile(file: string): YamlFile {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_BYTES) throw new ConfigError(`${file}: ${(size / 1e6).toFixed(1)} MB is too large for a configuration file (limit 1 MB)`);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError(`${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : (error as Error).message}`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const problems = [...doc.errors, ...doc.warnings].map((e) => `${position(e.pos[0])}  ${firstLine(e.message)}`);
  if (problems.length) throw new ConfigError(problems.join('\n'));
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new ConfigError(`${file}: ${firstLine((error as Error).message)}`);
  }
  const locate = (at: readonly PathSegment[], key = false) => {
    const node = nearestNode(doc, at, key);
    return position(node?.range?.[0] ?? 0);
  };
  return {
    file,
    value,
    locate,
    problem: (at, message, key) => `${locate(at, key)}  ${at.length ? at.join('.') : '(top)'}: ${message}`,
  };
}

/**
 * Problems of one file (as `problem` writes them) in the order of the places they point at, line
 * then column; problems at the same place keep their order.
 */
export function inDocumentOrder(yaml: YamlFile, problems: readonly string[]): string[] {
  const place = (problem: string) => {
    const m = /^:(\d+):(\d+)/.exec(problem.startsWith(yaml.file) ? problem.slice(yaml.file.length) : '');
    return m ? [Number(m[1]), Number(m[2])] : [0, 0];
  };
  return problems
    .map((problem, i) => ({ problem, i, at: place(problem) }))
    .sort((a, b) => a.at[0]! - b.at[0]! || a.at[1]! - b.at[1]! || a.i - b.i)
    .map((p) => p.problem);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** The node at a path, or its deepest existing ancestor; for a missing key, the map that lacks it. */
function nearestNode(doc: Document, at: readonly PathSegment[], key: boolean): Node | undefined {
  let node = doc.contents as Node | null;
  for (const [i, segment] of at.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown })?.value === segment);
      if (!pair) return node;
      node = key && i === at.length - 1 ? (pair.key as Node) : ((pair.value as Node | null) ?? (pair.key as Node));
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      node = node.items[segment] as Node;
    } else {
      return node ?? undefined;
    }
  }
  return node ?? undefined;
}

const validators = new Map<string, ValidateFunction>();

function validatorFor(schemaFile: string): ValidateFunction {
  let validate = validators.get(schemaFile);
  if (!validate) {
    validate = loadValidator(schemaFile);
    validators.set(schemaFile, validate);
  }
  return validate;
}

/** Schema problems, one line each, with the allowed values and a "did you mean" for unknown keys. */
export function schemaProblems(yaml: YamlFile, schemaFile: string): string[] {
  const validate = validatorFor(schemaFile);
  if (validate(yaml.value)) return [];
  const problems: string[] = [];
  for (const error of collapse(validate.errors ?? [])) {
    const at = error.instancePath.split('/').slice(1).map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
    if (error.keyword === 'additionalProperties') {
      problems.push(yaml.problem([...at, (error.params as { additionalProperty: string }).additionalProperty], describe(error), true));
    } else {
      problems.push(yaml.problem(at, describe(error)));
    }
  }
  return [...new Set(problems)];
}

/** ajv reports a failed `type` under every branch; keep the most useful error per path. */
function collapse(errors: ErrorObject[]): ErrorObject[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.instancePath}|${error.keyword}|${JSON.stringify(error.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function describe(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = params.additionalProperty as string;
      const allowed = Object.keys((error.parentSchema as { properties?: Record<string, unknown> })?.properties ?? {});
      return `unknown key${didYouMean(key, allowed)}; allowed: ${allowed.join(', ')}`;
    }
    case 'enum': {
      const allowed = params.allowedValues as unknown[];
      const value = error.data as unknown;
      return `${JSON.stringify(value)} is not allowed${typeof value === 'string' ? didYouMean(value, allowed.map(String)) : ''}; allowed: ${allowed.join(', ')}`;
    }
    case 'required':
      return `missing ${params.missingProperty as string}`;
    case 'minItems': {
      const limit = params.limit as number;
      return limit === 1 ? 'must not be empty' : `must have at least ${limit} items`;
    }
    case 'type':
      return `must be ${params.type as string}, not ${Array.isArray(error.data) ? 'a list' : error.data === null ? 'empty' : typeof error.data}`;
    case 'pattern': {
      const description = (error.parentSchema as { description?: string } | undefined)?.description;
      return `${JSON.stringify(error.data)} is not valid${description ? `; it must be ${description}` : ''}`;
    }
    default:
      return error.message ?? 'is not valid';
  }
}
