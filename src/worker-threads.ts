/**
 * What the two kinds of worker thread share (the import's reader, `import/normalized-rows.ts`,
 * and the reports' second connection, `db/read-in-worker.ts`): where the compiled worker module
 * is, and whether a job is big enough to pay for starting one (about 50 ms).
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** From SMK_IMPORT_WORKER / SMK_READ_WORKER: `always` or `never` override the size, for tests and diagnosis. */
export type WorkerSetting = 'auto' | 'always' | 'never';

export function workerSetting(value: string | undefined): WorkerSetting {
  return value === 'always' || value === 'never' ? value : 'auto';
}

/**
 * The path of a worker module given relative to the caller's (`new URL('./x-worker.js', import.meta.url)`),
 * or undefined when it is not compiled: running from the TypeScript sources, nothing runs in a worker.
 */
export function compiledWorker(url: URL): string | undefined {
  const file = fileURLToPath(url);
  return fs.existsSync(file) ? file : undefined;
}

/** Whether a job of `bytes` (null: unknown) goes to a worker thread, from `threshold` bytes on unless the setting says otherwise. */
export function worthAWorker(setting: WorkerSetting, bytes: number | null, threshold: number): boolean {
  return setting === 'auto' ? (bytes ?? 0) >= threshold : setting === 'always';
}
