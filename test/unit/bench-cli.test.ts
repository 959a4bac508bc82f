import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BENCH = join(import.meta.dirname, '..', '..', 'bin', 'bench.mjs');

describe('npm run bench -- <name> --help', () => {
  it('prints what the benchmark measures and its options, and runs nothing', () => {
    const out = execFileSync(process.execPath, [BENCH, 'ingest-files', '--help'], { encoding: 'utf8', timeout: 20_000 });
    expect(out).toContain('File-ingestion benchmark');
    expect(out).toContain('--batch-size');
    // the comment markers are gone, and nothing was measured (no table)
    expect(out).not.toMatch(/^\s*\*/m);
    expect(out).not.toContain('ingest-files benchmark (PostgreSQL)');
  });

  it('lists the benchmarks on --help alone, and refuses an unknown one with exit 2', () => {
    expect(execFileSync(process.execPath, [BENCH, '--help'], { encoding: 'utf8' })).toMatch(/available: .*ingest-files/);
    const unknown = spawnSync(process.execPath, [BENCH, 'no-such-bench'], { encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown benchmark: no-such-bench');
  });
});
