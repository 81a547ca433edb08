/**
 * The JSON Schema validators of the configuration files. Compiling a schema with ajv costs
 * about a tenth of a second per command, so `npm run build` writes each validator as code
 * (ajv's standalone output, `scripts/build-validators.mjs`) next to the compiled modules;
 * without that code (tests and `npm run dev` run the sources) the schema is compiled here.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv as AjvClass, Options, ValidateFunction } from 'ajv';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SCHEMA_DIR = path.resolve(here, '..', '..', 'schema');
/** Where the build writes the validators' code: `dist/config/validators/<schema>.cjs`. */
export const PRECOMPILED_DIR = path.join(here, 'validators');

const require = createRequire(import.meta.url);
const OPTIONS: Options = { allErrors: true, strict: false, verbose: true };

export const precompiledFile = (schemaFile: string) => path.join(PRECOMPILED_DIR, schemaFile.replace(/\.json$/, '.cjs'));

function readSchema(schemaFile: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, schemaFile), 'utf8')) as Record<string, unknown>;
}

// Loaded only when a schema has to be compiled: importing ajv is half the cost.
const newAjv = (options: Options): AjvClass => new (require('ajv') as { Ajv: typeof AjvClass }).Ajv(options);

export function loadValidator(schemaFile: string): ValidateFunction {
  const file = precompiledFile(schemaFile);
  if (fs.existsSync(file)) return require(file) as ValidateFunction;
  return newAjv(OPTIONS).compile(readSchema(schemaFile));
}

/** The validator of a schema as CommonJS code, with the same options as `loadValidator`. */
export function validatorSource(schemaFile: string): string {
  const ajv = newAjv({ ...OPTIONS, code: { source: true } });
  const standalone = require('ajv/dist/standalone') as { default: (ajv: AjvClass, validate: ValidateFunction) => string };
  return standalone.default(ajv, ajv.compile(readSchema(schemaFile)));
}
