/**
 * The errors a user can fix, each mapped to an exit code in one place (`exitCodeOf`).
 * Anything else is a bug: it is reported as one, with a stack trace only under SMK_DEBUG.
 */

export const ExitCode = {
  ok: 0,
  /** A check or SLA promise at `fail` level was broken. */
  failed: 1,
  /** Usage, configuration or input error. */
  usage: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error the user or the machine caused, with the exit code it ends the command with: every
 * such error extends this, and `main` prints its message alone (no stack trace).
 */
export class SmkError extends Error {
  readonly exitCode: ExitCode = ExitCode.usage;
}

/** Wrong flags or arguments. */
export class UsageError extends SmkError {}

/** A configuration or mapping file that cannot be used. */
export class ConfigError extends SmkError {}

/** The output could not be written (standard output, or the file of `-o`). */
export class OutputError extends SmkError {}
