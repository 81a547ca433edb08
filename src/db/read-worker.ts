/** The thread of `ReadWorker`: opens the database for reading as it starts, then answers each job. */
import { parentPort, workerData } from 'node:worker_threads';
import { surveyStore, type CheckData, type StoreSurvey } from '../domain/check.ts';
import { GlossaryIndex } from '../domain/glossary.ts';
import { GlossaryLookups } from '../domain/metrics/facts.ts';
import { Database } from './database.ts';
import type { ReadJob, ReadReply, ReadRequest, ReadWorkerData } from './read-in-worker.ts';

const port = parentPort!;
const { dbPath, duplicatesFirst } = workerData as ReadWorkerData;
let db: Database | undefined;
let openError: string | undefined;
/** The duplicate emails, asked while the main thread reads its configuration, and the data version they were read at. */
let early: { duplicates: StoreSurvey['duplicates']; dataVersion: number } | undefined;
try {
  db = Database.openForReading(dbPath);
  const opened = db;
  if (duplicatesFirst) early = opened.snapshot(() => ({ duplicates: opened.duplicateEmails(), dataVersion: opened.dataVersion() }));
} catch (error) {
  openError = error instanceof Error ? error.message : String(error);
}

function answer(db: Database, job: ReadJob) {
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

port.on('message', ({ id, job }: ReadRequest) => {
  let reply: ReadReply;
  try {
    if (!db) throw new Error(openError);
    reply = { id, ok: true, value: answer(db, job) };
  } catch (error) {
    reply = { id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
