/** The thread of `ReadWorker`: opens the database for reading as it starts, then answers each job (read-jobs.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { Database } from './database.ts';
import type { ReadReply, ReadRequest, ReadWorkerData } from './read-in-worker.ts';
import { answerReadJob } from './read-jobs.ts';

const port = parentPort!;
const { dbPath } = workerData as ReadWorkerData;
let db: Database | undefined;
let openError: string | undefined;
try {
  db = Database.openForReading(dbPath);
} catch (error) {
  openError = error instanceof Error ? error.message : String(error);
}

port.on('message', ({ id, job }: ReadRequest) => {
  let reply: ReadReply;
  try {
    if (!db) throw new Error(openError);
    reply = { id, ok: true, value: answerReadJob(db, job) };
  } catch (error) {
    reply = { id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
