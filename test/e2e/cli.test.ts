/** The program's conventions: version, help, usage errors, exit codes, the database file. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixture, ROOT, smk, tempDir } from '../helpers.ts';

const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

describe('smk', () => {
  it('prints its version', () => {
    expect(smk(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('is built as one bundle per thread, with the validator of each schema beside it (else a command would compile it at start-up)', () => {
    const bundle = path.join(ROOT, 'dist', 'bundle');
    expect(fs.readFileSync(path.join(ROOT, 'bin', 'smk.js'), 'utf8')).toContain("import('../dist/bundle/cli.js')");
    for (const file of ['cli.js', 'read-worker.js', 'normalize-worker.js']) expect(fs.existsSync(path.join(bundle, file)), file).toBe(true);
    const schemas = fs.readdirSync(path.join(ROOT, 'schema')).filter((f) => f.endsWith('.schema.json'));
    expect(schemas.length).toBeGreaterThan(0);
    for (const schema of schemas) expect(fs.existsSync(path.join(bundle, 'validators', schema.replace(/\.json$/, '.cjs'))), schema).toBe(true);
  });

  it('prints help for the program and for import', () => {
    const help = smk(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: smk');
    expect(help.stdout).toContain('import');
    const importHelp = smk(['help', 'import']);
    expect(importHelp.code).toBe(0);
    expect(importHelp.stdout).toContain('--on-error <policy>');
    expect(importHelp.stdout).toContain('--date-format <pattern>');
  });

  it('answers an unknown command or flag with one line and the usage, exit 2', () => {
    const command = smk(['imprt']);
    expect(command.code).toBe(2);
    expect(command.stderr.split('\n')[0]).toMatch(/^smk: unknown command 'imprt'/);
    expect(command.stderr).toContain('smk --help');
    const flag = smk(['import', 'leads', 'x.csv', '--colour']);
    expect(flag.code).toBe(2);
    expect(flag.stderr.split('\n')[0]).toBe("smk: unknown option '--colour'");
    expect(flag.stderr).toContain('smk help import');
  });

  it('rejects a wrong kind, a bad choice and a bad time zone as usage errors', () => {
    expect(smk(['import', 'contacts', 'x.csv']).stderr).toContain('"contacts" is not leads or deals');
    expect(smk(['import', 'leads', 'x.csv', '--on-error', 'skip']).code).toBe(2);
    const tz = smk(['import', 'leads', 'x.csv', '--tz', 'Europe/Madird']);
    expect(tz.code).toBe(2);
    expect(tz.stderr).toContain('--tz Europe/Madird: unknown time zone');
    expect(smk(['import', 'leads', 'x.csv', '--date-format', 'DD/MM/YY']).code).toBe(2);
  });

  it('creates the database readable by its owner only, at --db, else SMK_DB', () => {
    const dir = tempDir();
    const db = path.join(dir, 'private.db');
    expect(smk(['--db', db, 'import', 'leads', fixture('rows-with-errors.csv'), '--max-rejected', '5', '-q']).code).toBe(0);
    expect(fs.statSync(db).mode & 0o777).toBe(0o600);
    const fromEnv = path.join(dir, 'env.db');
    expect(smk(['import', 'leads', fixture('rows-with-errors.csv'), '--max-rejected', '5', '-q'], { env: { SMK_DB: fromEnv } }).code).toBe(0);
    expect(fs.existsSync(fromEnv)).toBe(true);
  });

  it('--quiet prints nothing on success', () => {
    const dir = tempDir();
    const run = smk(['--db', path.join(dir, 'q.db'), 'import', 'leads', fixture('hubspot-contacts-2026-11-16.csv'), '--quiet']);
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
