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
  /** Every retry the worker reported: the error's code, and whether it was taken for transient. */
  retries: { code: string; transient: boolean }[];
}

/**
 * Runs the worker child; SIGKILLs it after `killAfter` committed batches, or SIGTERMs it once
 * `until()` holds. `onBatch` hears the running count of committed batches.
 */
export function runIngestChild(
  args: string[],
  opts: { killAfter?: number; until?: () => Promise<boolean>; onBatch?: (batches: number) => void; /** Another child speaking the same protocol (e.g. demo-ingest-child.ts). */ script?: string; /** Hears every line the child prints, as it arrives. */ onLine?: (line: string) => void },
): Promise<ChildRun> {
  return new Promise((res) => {
    // one process (no tsx wrapper), so SIGKILL really kills the worker
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', opts.script ?? CHILD, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let batches = 0;
    const retries: ChildRun['retries'] = [];
    let poll: NodeJS.Timeout | undefined;
    let pending = '';
    // SIGTERM before the child installed its handler would kill it (exit code null): wait for `started`
    let started = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        opts.onLine?.(line);
        if (line === 'started') started = true;
        else if (/^batch \d+/.test(line)) {
          batches += 1;
          opts.onBatch?.(batches);
        } else if (line.startsWith('retry ')) {
          const [, code = '', kind] = line.trim().split(' ');
          retries.push({ code, transient: kind === 'transient' });
        }
      }
      if (opts.killAfter !== undefined && batches >= opts.killAfter) child.kill('SIGKILL');
    });
    if (opts.until) {
      const check = async () => {
        if (started && (await opts.until!().catch(() => false))) child.kill('SIGTERM');
        else poll = setTimeout(check, 300);
      };
      poll = setTimeout(check, 300);
    }
    child.on('exit', (code, signal) => {
      clearTimeout(poll);
      res({ code, signal, batches, retries });
    });
  });
}

