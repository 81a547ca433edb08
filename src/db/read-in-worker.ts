/**
 * Reads in a worker thread, through a read-only connection of its own, while the main thread
 * reads or computes something else: on a 2-core machine the two overlap. A report reads half of
 * its window's leads there; the review too, then the check's whole-table survey while it works out
 * the reports.
 *
 * The thread starts at once, before the command has read its configuration, so that it is ready
 * when the job comes. Every answer carries the data version it was read at (`Database.dataVersion`):
 * the caller uses it only when its own reads saw the same one, else it reads all on its own.
 */
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { StoreSurvey } from '../domain/check.ts';
import type { Glossary } from '../domain/glossary.ts';
import type { DealDatedColumns } from '../domain/metrics/facts.ts';
import { compiledWorker, worthAWorker, type WorkerSetting } from '../worker-threads.ts';

export type ReadJob =
  | { kind: 'survey'; glossary: Glossary; asOf: number; zone: string }
  | { kind: 'window-leads'; from: string; to: string; rowids: [number, number]; dealDated: DealDatedColumns };

export interface SurveyAnswer {
  survey: StoreSurvey;
  dataVersion: number;
}

export interface LeadsAnswer {
  /** `Database.windowLeadsJson`'s text. */
  json: string;
  dataVersion: number;
}

export type ReadRequest = { id: number; job: ReadJob };
export type ReadReply = { id: number; ok: true; value: SurveyAnswer | LeadsAnswer } | { id: number; ok: false; message: string };

export interface ReadWorkerData {
  dbPath: string;
}

const WORKER_FILE = compiledWorker(new URL('./read-worker.js', import.meta.url));

/**
 * Databases from this size (about 100,000 leads) are read with a worker: below it, starting the
 * thread costs more than it saves.
 */
const WORKER_FROM_BYTES = 50 * 1024 * 1024;

export class ReadWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, (reply: ReadReply | undefined) => void>();
  private nextId = 0;

  private constructor(file: string, data: ReadWorkerData) {
    this.worker = new Worker(file, { workerData: data });
    // It keeps the process alive only while a job is out: an idle thread never holds up the exit.
    this.worker.unref();
    this.worker.on('message', (reply: ReadReply) => {
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) this.worker.unref();
    });
    const fail = () => {
      for (const settle of this.waiting.values()) settle(undefined);
      this.waiting.clear();
      this.worker.unref();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', fail);
  }

  /**
   * A worker for the database at `dbPath`, or undefined when it is not worth one (a small or
   * missing database, one in memory, no compiled worker). `setting` comes from SMK_READ_WORKER.
   */
  static start(dbPath: string, setting: WorkerSetting): ReadWorker | undefined {
    if (WORKER_FILE === undefined || dbPath === ':memory:' || !fs.existsSync(dbPath)) return undefined;
    if (!worthAWorker(setting, fs.statSync(dbPath).size, WORKER_FROM_BYTES)) return undefined;
    return new ReadWorker(WORKER_FILE, { dbPath });
  }

  /** The check's store survey (`surveyStore`); undefined when the thread could not answer. */
  survey(glossary: Glossary, asOf: number, zone: string): Promise<SurveyAnswer | undefined> {
    return this.ask({ kind: 'survey', glossary, asOf, zone }) as Promise<SurveyAnswer | undefined>;
  }

  /** `Database.windowLeadsJson`; undefined when the thread could not answer. */
  windowLeads(from: string, to: string, rowids: [number, number], dealDated: DealDatedColumns): Promise<LeadsAnswer | undefined> {
    return this.ask({ kind: 'window-leads', from, to, rowids, dealDated }) as Promise<LeadsAnswer | undefined>;
  }

  stop(): void {
    void this.worker.terminate();
  }

  private ask(job: ReadJob): Promise<SurveyAnswer | LeadsAnswer | undefined> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      // A failure in the thread is not reported here: the caller reads on its own thread, where a real problem gets its usual message.
      this.waiting.set(id, (reply) => resolve(reply?.ok ? reply.value : undefined));
      this.worker.ref();
      this.worker.postMessage({ id, job } satisfies ReadRequest);
    });
  }
}
