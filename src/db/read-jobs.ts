/**
 * What the read worker does for each job (`ReadWorker`), apart from the thread itself: read-worker.ts
 * calls it there, and tests call it on their own connection.
 */
import { surveyStore, type CheckData, type StoreSurvey } from '../domain/check.ts';
import { GlossaryIndex } from '../domain/glossary.ts';
import { GlossaryLookups } from '../domain/metrics/facts.ts';
import type { Database } from './database.ts';
import type { LeadsAnswer, ReadJob, SurveyAnswer } from './read-in-worker.ts';

/** The survey's duplicate emails, asked before the survey itself (`smk review`), and the data version they were read at. */
export interface EarlyDuplicates {
  duplicates: StoreSurvey['duplicates'];
  dataVersion: number;
}

export function earlyDuplicates(db: Database): EarlyDuplicates {
  return db.snapshot(() => ({ duplicates: db.duplicateEmails(), dataVersion: db.dataVersion() }));
}

/** A job's answer, read from one state of the database; `early` duplicates are used only if they were read from that state too. */
export function answerReadJob(db: Database, job: ReadJob, early?: EarlyDuplicates): SurveyAnswer | LeadsAnswer {
  if (job.kind === 'window-leads') return db.windowLeadsJson(job.from, job.to, job.rowids);
  const glossary = new GlossaryLookups(new GlossaryIndex(job.glossary));
  return db.snapshot(() => {
    const dataVersion = db.dataVersion();
    const data: CheckData = {
      sampleValues: () => db.sampleValues(),
      leadSurvey: (request) => db.leadSurvey(request),
      dealSurvey: (request) => db.dealSurvey(request),
      duplicateEmails: () => (early?.dataVersion === dataVersion ? early.duplicates : db.duplicateEmails()),
    };
    return { dataVersion, survey: surveyStore(data, glossary, job.asOf) };
  });
}
