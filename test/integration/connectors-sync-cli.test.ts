/**
 * `huiju connectors sync` with several sources: `--all` (or several ids) syncs them
 * `--concurrency` at a time, prints one JSON line per source, and two sources that describe the
 * same organisations (shared rows, locked by both) end with the rows one source at a time gives.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { runCli, useCliTestHubs } from '../support/run-cli';
import { availableStoreKinds } from '../support/test-hub';

const fixtures = resolve(__dirname, '../../connectors/social-org-registry/fixtures');

describe.each(availableStoreKinds().filter((k) => k === 'postgres'))('huiju connectors sync with several sources on %s', (kind) => {
  const cliHub = useCliTestHubs(kind);

  const setup = async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huiju-cli-sync-'));
    const configFile = join(dir, 'huiju.config.json');
    // two registries with the same organisations: every canonical row is shared
    writeFileSync(configFile, JSON.stringify({ sources: ['registry-a', 'registry-b'].map((id) => ({ id, connector: 'social-org-registry', config: { path: fixtures }, allowPathsOutside: true })) }));
    const { hub, env } = await cliHub({ HUIJU_CONFIG: configFile });
    const rows = async () => (await sql<Record<string, unknown>>`select natural_key, name, uscc, status, kind from organization order by natural_key`.execute(hub.db)).rows;
    return { hub, env, rows };
  };

  it('syncs --all two at a time, one JSON line per source, to the rows of one source at a time', async () => {
    const together = await setup();
    const r = await runCli(['connectors', 'sync', '--all', '--concurrency', '2', '--json'], together.env);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.source)).toEqual(['registry-a', 'registry-b']);
    for (const l of lines) {
      expect(l.streams.length).toBeGreaterThan(0);
      for (const s of l.streams) expect(s.status).toBe('SUCCEEDED');
    }
    expect(lines[0].streams[0].read).toBe(lines[1].streams[0].read);
    // --json: no progress lines anywhere
    expect(r.stderr).not.toMatch(/records\/s/);

    // connectors list shows each source's latest sync (per stream runs summed)
    const listed = await runCli(['connectors', 'list', '--json'], together.env);
    expect(listed.code, listed.stderr).toBe(0);
    const sources = (JSON.parse(listed.stdout) as { sources: { id: string; lastRun: { status: string; read: number; streams: number } | null }[] }).sources;
    expect(sources.map((s) => [s.id, s.lastRun?.status, s.lastRun?.read])).toEqual(
      lines.map((l) => [l.source, 'SUCCEEDED', l.streams.reduce((n: number, s: { read: number }) => n + s.read, 0)]),
    );
    const text = await runCli(['connectors', 'list'], together.env);
    expect(text.stdout).toMatch(/registry-a\s+social-org-registry\s+on demand\s+last SUCCEEDED /);

    // reset forgets the cursors: the next sync of that source reads everything again
    const cursors = async () => (await sql<{ source_id: string; stream: string }>`select source_id, stream from connector_cursor order by 1, 2`.execute(together.hub.db)).rows;
    expect((await cursors()).filter((c) => c.source_id === 'registry-a').length).toBeGreaterThan(0);
    const reset = await runCli(['connectors', 'reset', 'registry-a', '--json'], together.env);
    expect(reset.code, reset.stderr).toBe(0);
    expect(JSON.parse(reset.stdout).forgotten.length).toBeGreaterThan(0);
    expect((await cursors()).map((c) => c.source_id)).not.toContain('registry-a');
    expect((await cursors()).map((c) => c.source_id)).toContain('registry-b');
    // without --json: a final progress line per stream on stderr, with the stream's own rate and time; stdout stays empty
    const again = await runCli(['connectors', 'sync', 'registry-a'], together.env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe('');
    const streamLines = again.stderr.split('\n').filter((l) => /^registry-a\/\S+ SUCCEEDED /.test(l));
    expect(streamLines.length).toBe(lines[0].streams.length);
    for (const [i, l] of streamLines.entries()) {
      expect(l).toMatch(new RegExp(`^registry-a/${lines[0].streams[i].stream} SUCCEEDED  read ${lines[0].streams[i].read.toLocaleString('en-US')}  applied \\d+ .*\\(\\d[\\d,]* records/s, \\d+\\.\\d s\\)$`));
    }
    const badStream = await runCli(['connectors', 'reset', 'registry-a', '--stream', 'nope'], together.env);
    expect(badStream.code).toBe(1);
    expect(badStream.stderr).toContain('no stream nope');

    const apart = await setup();
    // a source that never ran says so
    const fresh = await runCli(['connectors', 'list'], apart.env);
    expect(fresh.stdout).toMatch(/registry-b\s+social-org-registry\s+on demand\s+never synced/);
    for (const id of ['registry-a', 'registry-b']) expect((await runCli(['connectors', 'sync', id, '--concurrency', '1', '--json'], apart.env)).code).toBe(0);
    const rows = await together.rows();
    expect(rows.length).toBeGreaterThan(5);
    expect(rows).toEqual(await apart.rows());
  });

  it('refuses a sync that names no source, or names sources and --all', async () => {
    const { env } = await setup();
    const none = await runCli(['connectors', 'sync'], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--all');
    const both = await runCli(['connectors', 'sync', 'registry-a', '--all'], env);
    expect(both.code).toBe(2);
    const unknown = await runCli(['connectors', 'sync', 'registry-a', 'nope'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no source "nope"');
  });
});
