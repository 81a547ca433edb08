// Part of `npm run build`: writes the validator of each schema in schema/ as code next to the
// compiled modules, so that no command compiles a schema at start-up (see src/config/schema-validators.ts).
import fs from 'node:fs';
import path from 'node:path';
import { PRECOMPILED_DIR, SCHEMA_DIR, precompiledFile, validatorSource } from '../dist/config/schema-validators.js';

fs.rmSync(PRECOMPILED_DIR, { recursive: true, force: true });
fs.mkdirSync(PRECOMPILED_DIR, { recursive: true });
for (const schemaFile of fs.readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json'))) {
  fs.writeFileSync(precompiledFile(schemaFile), validatorSource(schemaFile));
}
console.error(`validators: ${path.relative(process.cwd(), PRECOMPILED_DIR)}`);
