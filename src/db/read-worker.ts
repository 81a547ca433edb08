/** The thread of `ReadWorker`: opens the database for reading as it starts, then answers each job. */
import { parentPort, workerData } from 'node:worker_threads';
import { surveyStore } from '../domain/check.ts';
import { GlossaryIndex } from '../domain/glossary.ts';
import { GlossaryLookups } from '../domain/metrics/facts.ts';
import { Database } from './database.ts';
import type { ReadJob, ReadReply, ReadRequest } from './read-in-worker.ts';

const port = parentPort!;
let db: Database | undefined;
let openError: string | undefined;
try {
  db = Database.openForReading((workerData as { dbPath: string }).dbPath);
} catch (error) {
  openError = error instanceof Error ? error.message : String(error);
}

function answer(db: Database, job: ReadJob) {
  if (job.kind === 'window-leads') return db.windowLeadsJson(job.from, job.to, job.rowids);
  const glossary = new GlossaryLookups(new GlossaryIndex(job.glossary));
  return db.snapshot(() => ({ dataVersion: db.dataVersion(), survey: surveyStore(db, glossary, job.asOf) }));
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
