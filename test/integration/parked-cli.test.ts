/**
 * `huiju parked list|expire` and the replay limit of `huiju dead-letters replay`.
 */
import { describe, expect, it } from 'vitest';
import { insertDeadLetters } from '../../src/ingest/dead-letter.repository';
import { hubIngestOptions, ingestBatch } from '../../src/ingest/ingest-batch';
import { change } from '../../src/sdk';
import { districtFrame } from '../support/district-frame';
import { gridCode } from '../support/grid-residents';
import { runCli, useCliTestHubs } from '../support/run-cli';
import { availableStoreKinds } from '../support/test-hub';

describe.each(availableStoreKinds().filter((k) => k === 'postgres'))('huiju parked and dead-letters replay --limit on %s', (kind) => {
  const cliHub = useCliTestHubs(kind);
  const setup = () => cliHub({ HUIJU_CONFIG: undefined });

  it('replays every match without --limit, and with --limit says how many are left', async () => {
    const { hub, env } = await setup();
    // letters of a source no longer configured: considered and skipped, so they stay open
    await insertDeadLetters(
      hub.db,
      Array.from({ length: 5 }, (_, i) => ({ source: 'gone', stream: 'rows', externalId: `x${i}`, stage: 'RESOLVE' as const, reason: 'UNRESOLVED_REFERENCE', message: 'grid not found', payload: { n: i } })),
      hub.vault,
    );
    const limited = await runCli(['dead-letters', 'replay', '--limit', '2'], env);
    expect(limited.code, limited.stderr).toBe(0);
    expect(limited.stdout).toContain('considered 2:');
    expect(limited.stdout).toContain('3 more match and were left by --limit 2');
    const all = await runCli(['dead-letters', 'replay'], env);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain('considered 5:');
    expect(all.stdout).not.toContain('more match');
    const help = await runCli(['dead-letters', 'replay', '--help'], env);
    expect(help.stdout).toContain('default: all that match');
  });

  it('lists the waiting records without personal information and expires them on demand', async () => {
    const { hub, env } = await setup();
    await ingestBatch(hub.db, districtFrame('2026-03-01T00:00:00Z'), hubIngestOptions(hub));
    const household = (n: number) => ({
      kind: 'mapped' as const,
      source: 's1',
      stream: 'households',
      externalId: `h${n}`,
      version: '2026-03-01T00:00:00Z',
      payload: { n },
      changes: [change('household', { householdNo: `CLI-${n}`, kind: 'RESIDENT', gridCode: gridCode(n) })],
    });
    expect((await ingestBatch(hub.db, [household(1), household(2)], hubIngestOptions(hub))).parked).toBe(2);
    const help = await runCli(['parked', '--help'], env);
    expect(help.stdout).toContain('list');
    expect(help.stdout).toContain('expire');
    const list = await runCli(['parked', 'list'], env);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain('2 record(s) waiting (ingest.parkedFor 24h)');
    expect(list.stdout).toContain('s1/households  waiting for a grid: 2');
    expect(list.stdout).toContain(`grid ${gridCode(1)} not found`);
    // within 24 h nothing expires
    const early = await runCli(['parked', 'expire', '--json'], env);
    expect(JSON.parse(early.stdout)).toEqual({ unparked: 0, expired: 0, waiting: 2 });
    const now = await runCli(['parked', 'expire', '--now'], env);
    expect(now.code, now.stderr).toBe(0);
    expect(now.stdout).toContain('2 became UNRESOLVED_REFERENCE dead letters');
    const letters = await runCli(['dead-letters', 'list', '--reason', 'UNRESOLVED_REFERENCE', '--json'], env);
    expect((JSON.parse(letters.stdout) as { message: string }[]).map((l) => l.message.split(':')[0]).sort()).toEqual([`grid ${gridCode(1)} not found`, `grid ${gridCode(2)} not found`]);
  });
});
