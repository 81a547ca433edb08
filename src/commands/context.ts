/**
 * What every command gets: the terminal, the global flags, and lazy access to the database
 * and to the glossary and SLA files (found as the README says, loaded once).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Database } from '../db/database.ts';
import { ConfigError } from '../errors.ts';
import type { Glossary } from '../domain/glossary.ts';
import type { Sla } from '../domain/sla.ts';
import type { Io } from '../ui/io.ts';
import type { FileInUse } from '../ui/output.ts';

/**
 * smk's version, from package.json two folders up: from this module in dist/commands/, and from
 * the bundle in dist/bundle/ (scripts/bundle.mjs), which every module path here must also suit.
 */
export const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

export interface GlobalOptions {
  db?: string;
  glossary?: string;
  sla?: string;
  verbose?: boolean;
}

export interface ConfigFile {
  path: string;
  /** Where the path came from, for --verbose. */
  from: 'flag' | 'environment' | 'current directory';
}

export interface CommandContext {
  io: Io;
  options: GlobalOptions;
  /** Under --verbose, says on stderr how the command went (which files, which threads). */
  verbose(message: string): void;
  /** Where the database is, without opening (or creating) it. */
  dbPath(): string;
  /** The files an output must never replace: the database's, and the glossary and SLA in use. */
  filesInUse(): FileInUse[];
  /** The database to read: it must exist (no read command creates one), opened read-only. */
  db(): Database;
  /** The database to write (import, init): created when absent, migrated. */
  writableDb(): Database;
  glossaryFile(): ConfigFile;
  slaFile(): ConfigFile;
  glossary(): Glossary;
  sla(): Sla;
}

export type CommandAction = (context: CommandContext) => Promise<number>;

/** `--glossary FILE`, else `SMK_GLOSSARY`, else `glossary.yaml` in the current directory (likewise for the SLA). */
export function findConfigFile(io: Io, flag: string | undefined, envName: string, fileName: string, flagName: string): ConfigFile {
  if (flag !== undefined) return { path: flag, from: 'flag' };
  const fromEnv = io.env[envName];
  if (fromEnv) return { path: fromEnv, from: 'environment' };
  const local = path.join(io.cwd, fileName);
  if (!fs.existsSync(local)) {
    throw new ConfigError(`no ${fileName} in ${io.cwd}: run smk init to write one, or pass ${flagName} FILE (or set ${envName})`);
  }
  return { path: local, from: 'current directory' };
}
