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

/** Wrong flags or arguments. */
export class UsageError extends Error {}

/** A configuration or mapping file that cannot be used. */
export class ConfigError extends Error {}
