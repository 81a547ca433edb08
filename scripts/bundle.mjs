// Last step of `npm run build`: bundles the compiled CLI and its two worker threads, each with the
// packages it uses, into dist/bundle/, which bin/smk.js runs. Node then loads one file per thread
// instead of a few hundred modules, resolved one by one: every command starts about 45 ms sooner.
//
// The bundle sits two folders below the project, as dist/commands/ and dist/config/ do, so that the
// paths the modules find their files by (package.json, schema/, templates/, the worker next to its
// caller, the validators next to schema-validators) hold in both. better-sqlite3 stays outside: it
// loads its native addon from its own folder.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const outdir = path.join('dist', 'bundle');
fs.rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: ['dist/cli.js', 'dist/db/read-worker.js', 'dist/import/normalize-worker.js'],
  entryNames: '[name]',
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // exceljs is loaded only when a workbook is imported (read-workbook.ts): bundled, it would be parsed at every start.
  external: ['better-sqlite3', 'exceljs'],
  // The CommonJS packages bundled here call require() for Node's own modules: an ES module has none.
  banner: { js: "import { createRequire as smkCreateRequire } from 'node:module'; const require = smkCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
fs.cpSync(path.join('dist', 'config', 'validators'), path.join(outdir, 'validators'), { recursive: true });
console.error(`bundle: ${outdir}`);
