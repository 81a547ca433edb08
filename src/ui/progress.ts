/** A byte-based progress bar on stderr, drawn only on a terminal and at most ten times a second. */
import type { Io } from './io.ts';

export function progressBar(io: Io, label: string): { update(bytes: number, total: number | null): void; done(): void } {
  if (!io.stderrIsTTY) return { update() {}, done() {} };
  let last = 0;
  let drawn = false;
  return {
    update(bytes, total) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      drawn = true;
      const mb = (bytes / 1e6).toFixed(1);
      if (!total) {
        io.stderr.write(`\r${label} ${mb} MB`);
        return;
      }
      const share = Math.min(1, bytes / total);
      const width = 30;
      const filled = Math.round(share * width);
      io.stderr.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(share * 100)}% ${mb} MB`);
    },
    done() {
      if (drawn) io.stderr.write('\r\x1b[K');
    },
  };
}
