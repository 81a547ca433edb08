/**
 * The one writer of every command's output, to standard output or to the file of `-o`.
 *
 * Invariants: an `-o` file is never one smk is using (the database and its `-wal`/`-shm`/`-journal`
 * files, the glossary and SLA in use, an input), it is replaced whole or not at all (written beside
 * it, then renamed over it), and one that holds personal data is created 0600. A failure to write
 * is one sentence and exit 2; a reader that stopped reading (EPIPE, `smk review | head`) is not a failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { OutputError } from '../errors.ts';
import type { Io } from './io.ts';

export interface OutputTarget {
  /** The file of `-o`; standard output when absent. */
  file?: string;
  /** The text names leads (or may): such a file is readable by its owner only. */
  personal: boolean;
  /** Files the output must never replace: `filesInUse` of the command. */
  inUse: readonly FileInUse[];
}

/** A file a command uses, and what it is, e.g. "the database", "the SLA". */
export interface FileInUse {
  path: string;
  what: string;
}

export async function writeOutput(io: Io, text: string, target: OutputTarget): Promise<void> {
  if (target.file === undefined) return writeStdout(io, text);
  refuseFileInUse(target.file, target.inUse);
  writeFileWhole(target.file, text, target.personal);
}

/** Resolves once the text is handed to the system; rejects with an OutputError when that fails. */
function writeStdout(io: Io, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') resolve();
      else reject(new OutputError(`cannot write to standard output: ${reasonOf(error)}`));
    };
    // Kept after a failure: the stream may emit the error after calling back with it.
    io.stdout.on('error', fail);
    io.stdout.write(text, (error) => {
      if (error) fail(error);
      else {
        io.stdout.off('error', fail);
        resolve();
      }
    });
  });
}

function refuseFileInUse(file: string, inUse: readonly FileInUse[]): void {
  const target = identity(file);
  const used = inUse.find((candidate) => identity(candidate.path) === target);
  if (used) throw new OutputError(`-o ${file}: that is ${used.what} (${used.path}); write the output to another file`);
}

/** The same string for two paths of one file: its device and inode when it exists, else its absolute path with links resolved. */
function identity(file: string): string {
  try {
    const stat = fs.statSync(file);
    return `inode:${stat.dev}:${stat.ino}`;
  } catch {
    const dir = path.dirname(path.resolve(file));
    let real = dir;
    try {
      real = fs.realpathSync(dir);
    } catch {
      // a folder that does not exist: the write will say so
    }
    return `path:${path.join(real, path.basename(file))}`;
  }
}

function writeFileWhole(file: string, text: string, personal: boolean): void {
  let existing: fs.Stats | undefined;
  try {
    existing = fs.statSync(file);
  } catch {
    existing = undefined;
  }
  if (existing?.isDirectory()) throw new OutputError(`-o ${file}: that is a folder; give a file's path`);
  if (existing && !existing.isFile()) {
    // A device or a pipe (/dev/stdout, a FIFO): written in place, never replaced.
    try {
      fs.writeFileSync(file, text);
    } catch (error) {
      throw new OutputError(`-o ${file}: cannot write: ${reasonOf(error as NodeJS.ErrnoException)}`);
    }
    return;
  }
  // Through links to the file they name: the link stays, the file it points to is replaced.
  const real = existing ? fs.realpathSync(file) : file;
  const dir = path.dirname(path.resolve(real));
  if (!fs.existsSync(dir)) throw new OutputError(`-o ${file}: the folder ${dir} does not exist; create it first or write elsewhere`);
  const mode = personal ? 0o600 : existing ? existing.mode & 0o777 : undefined;
  const temporary = path.join(dir, `.${path.basename(real)}.smk-${process.pid}-${Date.now()}.tmp`);
  try {
    fs.writeFileSync(temporary, text, { flag: 'wx', mode: mode ?? 0o666 });
    if (mode !== undefined) fs.chmodSync(temporary, mode);
    fs.renameSync(temporary, real);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    const kept = existing ? `; ${file} is as it was` : '';
    throw new OutputError(`-o ${file}: cannot write: ${reasonOf(error as NodeJS.ErrnoException)}${kept}`);
  }
}

/** A file system error as words, with its code for searching. */
function reasonOf(error: NodeJS.ErrnoException): string {
  const words: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'that is a folder',
    EIO: 'the disk failed to write',
    ENOENT: 'the folder does not exist',
  };
  const code = error.code ?? '';
  return words[code] ? `${words[code]} (${code})` : error.message;
}
