import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoViaConnectors } from '../../src/demo/load-demo-via-connectors';
import { startHttpServer, type RunningServer } from '../../src/server/http-server';
import { hubRoutes } from '../../src/server/routes';
import { DEVELOPMENT_CALLER } from '../../src/auth/caller';
import { captureLog } from '../support/log-capture';
import { piLeaks } from '../support/pi-scan';
import { createTestHub, type TestHub } from '../support/test-hub';

/**
 * What the hub logs — at debug level, while the demo goes through the real connectors (planted bad
 * records, dead letters, sync progress) and while GraphQL requests fail in every coded way and
 * with an unexpected error — holds no clear ID number, mobile or full name of anybody in the store.
 */
describe('the log holds no personal information', () => {
  let hub: TestHub;
  let server: RunningServer;
  let lines: string[] = [];
  const folder = mkdtempSync(join(tmpdir(), 'huiju-log-scan-'));

  beforeAll(async () => {
    const base = await createTestHub('pglite');
    const { logger, lines: logged } = captureLog('debug');
    lines = logged;
    hub = { ...base, logger };
    await loadDemoViaConnectors(hub, { profile: 'tiny', seed: 'huiju', folder });
    server = await startHttpServer(hub, { port: 0, routes: hubRoutes(hub, { resolveCaller: () => DEVELOPMENT_CALLER }) });
  }, 300_000);
  afterAll(async () => {
    await server?.close();
    await hub?.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  it('after a connector demo and failing requests, no clear identifier or full name was logged', async () => {
    const post = (query: string, variables: Record<string, unknown> = {}) =>
      fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const person = await hub.db.selectFrom('person').select(['id', 'name']).where('id_enc', 'is not', null).where(sql<boolean>`char_length(name) >= 3`).orderBy('id').executeTakeFirstOrThrow();
    const gid = Buffer.from(`Person:${person.id}`).toString('base64');
    // bad input, a NUL, an unknown field, a too-costly query, and an unexpected failure inside a reveal
    await post('query($n: String!) { persons(filter: { name: $n }) { totalCount } }', { n: `${person.name}\u0000` });
    await post('{ persons(filter: { area: "not-an-area" }) { totalCount } }');
    await post('{ nope }');
    await post('{ cases(first:1000){ nodes { area { grids(first:1000){ nodes { households(first:1000){ nodes { residents(first:1000){ nodes { name } } } } } } } } } }');
    await sql`create function log_scan_refuse() returns trigger language plpgsql as $$ begin raise exception 'access log store unavailable (row of %)', new.actor; end $$`.execute(hub.db);
    await sql`create trigger log_scan_refuse before insert on access_log for each row execute function log_scan_refuse()`.execute(hub.db);
    const reveal = await post('mutation($id: ID!, $r: String!) { revealPerson(id: $id, reason: $r) { idNumber } }', { id: gid, r: `核实 ${person.name} 的身份` });
    expect(((await reveal.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');

    const log = lines.join('');
    expect(log.length).toBeGreaterThan(1000); // the demo and the requests did log
    expect(log).toContain('"level":50'); // the unexpected failure was logged as an error
    expect(piLeaks(log)).toEqual([]);
    // full names of three or more characters (shorter ones also occur inside ordinary words)
    const names = (await hub.db.selectFrom('person').select('name').execute()).map((p) => p.name).filter((n) => Array.from(n).length >= 3);
    expect(names.length).toBeGreaterThan(50);
    expect(names).toContain(person.name); // the name sent in the requests is among those looked for
    const shown = names.filter((n) => log.includes(n));
    expect(shown).toEqual([]);
  });
});
