/**
 * Runs `smk` in the test's own process, through `main(argv, io)`: the way most command behaviour
 * is tested (a spawned `smk` costs a Node start per call; test/helpers.ts `smk` keeps a few
 * end-to-end paths on the built binary). The sources run as they are: nothing runs in a worker thread.
 */
import { PassThrough, Readable } from 'node:stream';
import { main } from '../src/cli.ts';
import { ROOT, type Run } from './helpers.ts';

export async function smkHere(args: string[], options: { env?: Record<string, string>; cwd?: string; input?: string | Buffer } = {}): Promise<Run> {
  const collect = () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk) => (text += chunk));
    return { stream, text: () => text };
  };
  const stdout = collect();
  const stderr = collect();
  const code = await main(args, {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin: Readable.from(options.input === undefined ? [] : [options.input]),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    stdinIsTTY: false,
    env: { NO_COLOR: '1', ...options.env },
    cwd: options.cwd ?? ROOT,
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
