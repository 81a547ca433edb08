/**
 * What the read worker does for each job (`ReadWorker`), apart from the thread itself: read-worker.ts
 * calls it there, and tests call it on their own connection.
 */
import { surveyStore } from '../domain/check.ts';
import { GlossaryIndex } from '../domain/glossary.ts';
import { GlossaryLookups } from '../domain/metrics/facts.ts';
import type { Database } from './database.ts';
import type { LeadsAnswer, ReadJob, SurveyAnswer } from './read-in-worker.ts';

/** A job's answer, read from one state of the database. */
export function answerReadJob(db: Database, job: ReadJob): SurveyAnswer | LeadsAnswer {
  if (job.kind === 'window-leads') return db.windowLeadsJson(job.from, job.to, job.rowids, job.dealDated);
  const glossary = new GlossaryLookups(new GlossaryIndex(job.glossary));
  return db.snapshot(() => ({ dataVersion: db.dataVersion(), survey: surveyStore(db, glossary, job.asOf, job.zone) }));
}
