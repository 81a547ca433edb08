/**
 * The streams and facts about them a command may use, injected so that commands never
 * reach for `process` and tests can flip terminals on and off.
 */
export interface Io {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * Until the returned function is called, SIGINT and SIGTERM call `handler` (which must finish
   * synchronously: say what happened, undo what it can) and then end the process with 130 or 143,
   * 128 + the signal's number, as a shell reports a command the signal killed. Absent where no
   * signal can arrive (tests that run `main` in their own process).
   */
  onInterrupt?(handler: (signal: InterruptSignal) => void): () => void;
}

export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** The exit code of a command ended by a signal: 128 + its number. */
export const INTERRUPTED_EXIT: Record<InterruptSignal, number> = { SIGINT: 130, SIGTERM: 143 };

export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    env: process.env,
    cwd: process.cwd(),
    onInterrupt(handler) {
      const listener = (signal: InterruptSignal) => {
        try {
          handler(signal);
        } finally {
          process.exit(INTERRUPTED_EXIT[signal]);
        }
      };
      process.on('SIGINT', listener);
      process.on('SIGTERM', listener);
      return () => {
        process.off('SIGINT', listener);
        process.off('SIGTERM', listener);
      };
    },
  };
}

/** clig.dev: color only on a terminal, never with NO_COLOR or TERM=dumb. */
export function wantsColor(io: Io, isTTY: boolean, flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.TERM === 'dumb') return false;
  return isTTY;
}
