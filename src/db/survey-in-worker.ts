/**
 * The check's store survey (`surveyStore`: every whole-table question of `smk check`) in a worker
 * thread, through a read-only connection of its own. The review asks it there while this thread
 * reads the period and computes the reports: on a 2-core machine the two halves overlap.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { StoreSurvey } from '../domain/check.ts';
import type { Glossary } from '../domain/glossary.ts';

/** What the thread needs, as plain data (it crosses by structured clone). */
export interface SurveyJob {
  dbPath: string;
  glossary: Glossary;
  asOf: number;
}

export interface SurveyAnswer {
  survey: StoreSurvey;
  /** `Database.dataVersion()` in the same read transaction as the survey. */
  dataVersion: number;
}

export type SurveyMessage = { type: 'answer'; answer: SurveyAnswer } | { type: 'error'; message: string };

/** Compiled next to this module; absent when running from the TypeScript sources. */
const WORKER_FILE = fileURLToPath(new URL('./survey-worker.js', import.meta.url));

/**
 * Starts the survey in a worker thread. Resolves to undefined when it could not be asked there
 * (no compiled worker, a database in memory, a failure in the thread): the caller then asks on
 * its own thread, where a real problem with the database gets its usual message.
 */
export function surveyStoreInWorker(job: SurveyJob): Promise<SurveyAnswer | undefined> {
  if (job.dbPath === ':memory:' || !fs.existsSync(WORKER_FILE)) return Promise.resolve(undefined);
  const worker = new Worker(WORKER_FILE, { workerData: job });
  return new Promise((resolve) => {
    let settled = false;
    const settle = (answer: SurveyAnswer | undefined) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      resolve(answer);
    };
    worker.on('message', (message: SurveyMessage) => settle(message.type === 'answer' ? message.answer : undefined));
    worker.on('error', () => settle(undefined));
    worker.on('exit', () => settle(undefined));
  });
}
