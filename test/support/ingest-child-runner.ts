/**
 * Runs test/support/ingest-child.ts (an ingest worker in its own process) for crash tests and the
 * full-size kill script.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./ingest-child.ts', import.meta.url));

export interface ChildRun {
  code: number | null;
  signal: string | null;
  batches: number;
}

/** Runs the worker child; SIGKILLs it after `killAfter` committed batches, or SIGTERMs it once `until()` holds. */
export function runIngestChild(args: string[], opts: { killAfter?: number; until?: () => Promise<boolean> }): Promise<ChildRun> {
  return new Promise((res) => {
    // one process (no tsx wrapper), so SIGKILL really kills the worker
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let batches = 0;
    let poll: NodeJS.Timeout | undefined;
    child.stdout!.on('data', (chunk: Buffer) => {
      batches += (chunk.toString().match(/batch \d+/g) ?? []).length;
      if (opts.killAfter !== undefined && batches >= opts.killAfter) child.kill('SIGKILL');
    });
    if (opts.until) {
      const check = async () => {
        if (await opts.until!().catch(() => false)) child.kill('SIGTERM');
        else poll = setTimeout(check, 300);
      };
      poll = setTimeout(check, 300);
    }
    child.on('exit', (code, signal) => {
      clearTimeout(poll);
      res({ code, signal, batches });
    });
  });
}

