/** What `smk check` finds: a rule that records break, how many, and examples. The review lists them too. */

export type FindingLevel = 'error' | 'warn' | 'info';

export interface Finding {
  code: string;
  level: FindingLevel;
  message: string;
  count: number;
  examples: string[];
  hint?: string;
}
