/** The worker thread of `surveyStoreInWorker`: opens the database for reading, asks the survey, posts the answer. */
import { parentPort, workerData } from 'node:worker_threads';
import { surveyStore } from '../domain/check.ts';
import { GlossaryIndex } from '../domain/glossary.ts';
import { GlossaryLookups } from '../domain/metrics/facts.ts';
import { Database } from './database.ts';
import type { SurveyJob, SurveyMessage } from './survey-in-worker.ts';

const post = (message: SurveyMessage) => parentPort!.postMessage(message);
const job = workerData as SurveyJob;
try {
  const db = Database.openForReading(job.dbPath);
  try {
    const glossary = new GlossaryLookups(new GlossaryIndex(job.glossary));
    const answer = db.snapshot(() => ({ dataVersion: db.dataVersion(), survey: surveyStore(db, glossary, job.asOf) }));
    post({ type: 'answer', answer });
  } finally {
    db.close();
  }
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
}
