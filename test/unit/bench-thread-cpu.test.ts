import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { statCpuSeconds, threadCpuSeconds } from '../../bench/support/bench-db';

/** A `/proc/<pid>/stat` line: pid, (comm), state, then fields 4…; utime and stime are the 14th and 15th overall. */
const statLine = (comm: string, utime: number, stime: number) => `4242 (${comm}) S 1 4242 4242 0 -1 4194560 2599 0 0 0 ${utime} ${stime} 0 0 20 0 11 0 12345 1097728000 20000 18446744073709551615`;

describe('bench thread CPU', () => {
  it('reads utime + stime in seconds, whatever the command name holds', () => {
    expect(statCpuSeconds(statLine('node', 250, 50))).toBe(3);
    // a thread may name itself with spaces and parentheses: the fields are counted after the last ')'
    expect(statCpuSeconds(statLine('V8 Worker) (x', 7, 3))).toBe(0.1);
  });

  it.skipIf(!existsSync('/proc/self/task'))("splits this process's CPU into its main thread and the others, adding up to the process's", () => {
    const before = threadCpuSeconds();
    const usageBefore = process.cpuUsage();
    // busy the main thread until the process has used 0.3 s of CPU (CPU, not wall time: a loaded
    // machine gives the loop less of a core, not less work to count)
    const cpuSoFar = () => {
      const u = process.cpuUsage(usageBefore);
      return (u.user + u.system) / 1e6;
    };
    const giveUp = Date.now() + 60_000;
    let spins = 0;
    while (cpuSoFar() < 0.3 && Date.now() < giveUp) spins += 1;
    const after = threadCpuSeconds();
    const usage = process.cpuUsage(usageBefore);
    expect(spins).toBeGreaterThan(0);
    expect(before).not.toBeNull();
    expect(after).not.toBeNull();
    const main = after!.main - before!.main;
    const others = after!.others - before!.others;
    // the loop ran on the main thread: the CPU is counted there, not on the others
    expect(main).toBeGreaterThanOrEqual(0.2);
    expect(others).toBeGreaterThanOrEqual(0);
    expect(others).toBeLessThan(main);
    // clock ticks are 10 ms, and a thread that ended meanwhile takes its seconds with it
    expect(Math.abs(main + others - (usage.user + usage.system) / 1e6)).toBeLessThan(0.1);
  });
});
