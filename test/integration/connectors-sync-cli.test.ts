/**
 * `huiju connectors sync` with several sources: `--all` (or several ids) syncs them
 * `--concurrency` at a time, prints one JSON line per source, and two sources that describe the
 * same organisations (shared rows, locked by both) end with the rows one source at a time gives.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
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
    // sync --full forgets the cursors through the same reset: everything is read again, nothing changes
    const full = await runCli(['connectors', 'sync', 'registry-b', '--full', '--json'], together.env);
    expect(full.code, full.stderr).toBe(0);
    const [fullRun] = full.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(fullRun.streams.map((s: { read: number }) => s.read)).toEqual(lines[1].streams.map((s: { read: number }) => s.read));
    expect(fullRun.streams.map((s: { applied: number }) => s.applied)).toEqual(lines[1].streams.map(() => 0));
    const fullBadStream = await runCli(['connectors', 'sync', 'registry-b', '--full', '--stream', 'nope'], together.env);
    expect(fullBadStream.code).toBe(1);
    expect(fullBadStream.stderr).toContain('no stream nope');

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

/**
 * Configuration that helps (#15): commands need only the secrets of the sources they run, `sync`
 * runs each source's check first and stops with its message, and one message lists every problem.
 */
describe.each(availableStoreKinds().filter((k) => k === 'postgres'))('huiju with a source lacking its secret or its folder, on %s', (kind) => {
  const cliHub = useCliTestHubs(kind);
  // a name no environment sets
  const UNSET = 'HUIJU_TEST_CLI_UNSET_TOKEN';

  const setup = async (extra: Record<string, unknown> = {}) => {
    const dir = mkdtempSync(join(tmpdir(), 'huiju-cli-config-'));
    const configFile = join(dir, 'huiju.config.json');
    writeFileSync(
      configFile,
      JSON.stringify({
        sources: [
          { id: 'committee', connector: 'committee-api', config: { baseUrl: 'http://127.0.0.1:1', token: `\${${UNSET}}` }, schedule: '1h' },
          { id: 'street-a', connector: 'street-office', config: { path: './exports', streetCode: '420102002' } },
        ],
        ...extra,
      }),
    );
    const { hub, env } = await cliHub({ HUIJU_CONFIG: configFile });
    return { hub, env, dir };
  };

  it('commands that run no source need no source secret', async () => {
    const { env } = await setup();
    const query = await runCli(['query', '{ __typename }', '--compact'], env);
    expect(query.code, query.stderr).toBe(0);
    expect(query.stdout).toContain('Query');
    const list = await runCli(['connectors', 'list', '--json'], env);
    expect(list.code, list.stderr).toBe(0);
    expect((JSON.parse(list.stdout) as { sources: { id: string; config: Record<string, unknown> }[] }).sources.map((s) => [s.id, s.config.token])).toEqual([
      ['committee', '***'],
      ['street-a', undefined],
    ]);
    const text = await runCli(['connectors', 'list'], env);
    expect(text.stdout).toContain(`    cannot run: sources[committee].config.token: environment variable ${UNSET} is not set`);
    const deadLetters = await runCli(['dead-letters', 'list', '--json'], env);
    expect(deadLetters.code, deadLetters.stderr).toBe(0);
  });

  it('sync checks each source first and stops with its message: the unset secret, the missing folder — nothing read, no INTERNAL', async () => {
    const { hub, env, dir } = await setup();
    const secretless = await runCli(['connectors', 'sync', 'committee'], env);
    expect(secretless.code).toBe(1);
    expect(secretless.stderr).toContain(`FAILED (config): committee — sources[committee].config.token: environment variable ${UNSET} is not set`);
    expect(secretless.stderr).toContain('error CHECK_FAILED: committee failed the check: nothing was synced');

    const folderless = await runCli(['connectors', 'sync', 'street-a'], env);
    expect(folderless.code).toBe(1);
    expect(folderless.stderr).toContain(`FAILED (config): street-a — sources[street-a].config.path: folder ${join(dir, 'exports')} does not exist`);
    expect(folderless.stderr).not.toContain('INTERNAL');
    expect(folderless.stderr).not.toContain('ENOENT');
    const runs = await sql<{ n: string }>`select count(*) as n from sync_run`.execute(hub.db);
    expect(Number(runs.rows[0]!.n)).toBe(0);

    // `connectors check` says the same
    const check = await runCli(['connectors', 'check', 'street-a'], env);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`FAILED (config): street-a — sources[street-a].config.path: folder ${join(dir, 'exports')} does not exist`);

    // --no-check: the secret is still required, by the source synced only
    const unchecked = await runCli(['connectors', 'sync', 'committee', '--no-check'], env);
    expect(unchecked.code).toBe(2);
    expect(unchecked.stderr).toContain(`error CONFIG_INVALID: source committee cannot run:\n  - sources[committee].config.token: environment variable ${UNSET} is not set`);
    // --no-check (as a scheduled sync) on the missing folder: the streams fail as a config problem naming the key and the folder, not INTERNAL ENOENT
    const unread = await runCli(['connectors', 'sync', 'street-a', '--no-check'], env);
    expect(unread.code).toBe(1);
    expect(unread.stderr).toContain(`error PATH_NOT_FOUND (config): sources[street-a].config.path: folder ${join(dir, 'exports')} does not exist`);
    expect(unread.stderr).not.toContain('INTERNAL');
  });

  it('start refuses a scheduled source whose secret is unset, naming the key and the variable', async () => {
    const { env } = await setup();
    const start = await runCli(['start', '--no-demo'], { ...env, HUIJU_AUTH_MODE: 'open', PORT: '0' });
    expect(start.code).toBe(2);
    expect(start.stderr).toContain(`error CONFIG_INVALID: source committee cannot run:\n  - sources[committee].config.token: environment variable ${UNSET} is not set`);
    expect(start.stderr).toContain('remove the `schedule`');
  });

  it('a GB18030 export declared utf-8 is an ENCODING_MISMATCH dead letter naming the encodings and the setting, not SCHEMA_DRIFT', async () => {
    const { FIXTURE_CONFIG } = await import('../../connectors/street-office/conformance');
    const { env, dir } = await setup({ sources: [{ id: 'street-a', connector: 'street-office', config: { ...FIXTURE_CONFIG, path: './exports', encoding: 'utf-8' } }] });
    // 人口_20240301.csv of the fixtures is GBK (Excel's "CSV" on a Chinese Windows)
    cpSync(resolve(__dirname, '../../connectors/street-office/fixtures'), join(dir, 'exports'), { recursive: true });
    const sync = await runCli(['connectors', 'sync', 'street-a', '--json'], env);
    const reasons = sync.stdout
      .trim()
      .split('\n')
      .flatMap((l) => (JSON.parse(l) as { streams: { reasons: Record<string, number> }[] }).streams)
      .reduce<Record<string, number>>((all, s) => Object.assign(all, s.reasons), {});
    expect(reasons.ENCODING_MISMATCH, sync.stderr + sync.stdout).toBeGreaterThan(0);
    // the one schema drift left is the fixtures' genuinely old template (a UTF-8 file)
    const drift = JSON.parse((await runCli(['dead-letters', 'list', '--reason', 'SCHEMA_DRIFT', '--json'], env)).stdout) as { message: string }[];
    expect(drift.map((l) => l.message.split(':')[0])).toEqual(['人口_20240215_旧模板.csv']);
    const letters = await runCli(['dead-letters', 'list', '--reason', 'ENCODING_MISMATCH', '--json'], env);
    const [letter] = JSON.parse(letters.stdout) as { message: string }[];
    expect(letter!.message).toBe(
      "人口_20240301.csv: not UTF-8 as declared (encoding: utf-8); it reads cleanly as GB18030 (GBK, GB2312) — set encoding: gb18030 (or auto) in the source's config",
    );
  });

  it("one message lists the hub's problems and the sources' together", async () => {
    const { env } = await setup({ server: { prot: 4000 }, sources: [{ id: 'street-a', connector: 'street-office', config: { pathh: './exports', streetCode: '420102002' } }] });
    const query = await runCli(['query', '{ __typename }'], env);
    expect(query.code).toBe(2);
    const message = query.stderr.slice(query.stderr.indexOf('error CONFIG_INVALID'));
    expect(message).toContain('server.prot: unknown key — did you mean "port"?');
    expect(message).toContain('sources[street-a].config.pathh: unknown key — did you mean "path"?');
    expect(message).toContain('sources[street-a].config.path: missing (string required)');
    expect(message.match(/error CONFIG_INVALID/g)).toHaveLength(1);
  });
});
