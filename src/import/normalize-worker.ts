/**
 * The import's worker thread: reads, parses and normalises one export (`readNormalized`) and
 * posts the batches to the main thread, which writes them. Before each 1 MB chunk of the file
 * it waits until fewer than IN_FLIGHT batches are unwritten: it runs at most a chunk ahead, so
 * memory stays flat whatever the file size.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ExportError, ExportFile } from './read-export.ts';
import { readNormalized, type NormalizeJob, type WorkerMessage } from './normalized-rows.ts';

const IN_FLIGHT = 4;

const port = parentPort!;
const post = (message: WorkerMessage) => port.postMessage(message);
let credit = IN_FLIGHT;
let resume: (() => void) | undefined;
port.on('message', () => {
  credit++;
  if (credit > 0 && resume) {
    resume();
    resume = undefined;
  }
});

try {
  const job = workerData as NormalizeJob;
  const exportFile = await ExportFile.open(job.file, job.read);
  const end = await readNormalized(
    exportFile,
    job,
    (batch) => {
      credit--;
      post({ type: 'batch', batch });
    },
    { beforeChunk: () => (credit > 0 ? undefined : new Promise<void>((r) => (resume = r))) },
  );
  post({ type: 'end', end });
} catch (error) {
  const { message, stack } = error instanceof Error ? error : new Error(String(error));
  post({ type: 'error', name: error instanceof ExportError ? 'ExportError' : 'Error', message, stack });
}
