import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '../../src/auth/caller';
import { fromGlobalId } from '../../src/graphql/common/global-id';
import { availableStoreKinds } from '../support/test-hub';
import { dataOf, type DemoHub, openDemoHub } from './support/harness';

const COMMUNITY = '420102002001';
const STAFF: Caller = { role: 'COMMUNITY_STAFF', areaScope: [COMMUNITY], subject: 'staff-1' };
const ELSEWHERE: Caller = { role: 'COMMUNITY_STAFF', areaScope: ['420102003001'], subject: 'staff-2' };
const AUDITOR: Caller = { role: 'AUDITOR', areaScope: [], subject: 'auditor-1' };
const REVEAL = `mutation($id: ID!, $reason: String!) { revealPerson(id: $id, reason: $reason) { id name idNumber mobile accessLogId } }`;
const LOG = `query($f: AccessLogFilter) { accessLog(filter: $f, first: 50) { totalCount nodes { id actor role action subjectId fields reason } } }`;

/** `revealPerson`: the one audited path to clear identifiers; fail closed on the access log. */
describe.each(availableStoreKinds())('revealPerson and the access log (%s)', (kind) => {
  let h: DemoHub;
  let personId: string;
  let clear: { name: string; id: string | null; mobile: string | null };
  const logRows = async () => Number((await h.hub.db.selectFrom('access_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    h = await openDemoHub(kind);
    // a resident of the community who has an ID number and a mobile
    const d = dataOf(await h.gql(`{ persons(filter: { area: "${COMMUNITY}" }, first: 200) { nodes { id idNumberMasked mobileMasked } } }`, {}, STAFF));
    const p = d.persons.nodes.find((n: any) => n.idNumberMasked && n.mobileMasked);
    expect(p).toBeDefined();
    personId = p.id;
    const row = await h.hub.db.selectFrom('person').select(['name', 'id_enc', 'mobile_enc']).where('id', '=', fromGlobalId(personId).id).executeTakeFirstOrThrow();
    clear = { name: row.name, id: row.id_enc && h.hub.vault.decrypt(row.id_enc), mobile: row.mobile_enc && h.hub.vault.decrypt(row.mobile_enc) };
  });
  afterAll(async () => h?.close());

  it('shows the clear values to a permitted caller in scope and logs who, whom, which fields and why', async () => {
    const before = await logRows();
    const r = dataOf(await h.gql(REVEAL, { id: personId, reason: '入户走访核实联系方式' }, STAFF)).revealPerson;
    expect(r).toMatchObject({ id: personId, name: clear.name, idNumber: clear.id, mobile: clear.mobile });
    expect(await logRows()).toBe(before + 1);
    const log = dataOf(await h.gql(LOG, { f: { actor: 'staff-1' } }, AUDITOR)).accessLog;
    expect(log.nodes[0]).toMatchObject({ id: r.accessLogId, actor: 'staff-1', role: 'COMMUNITY_STAFF', action: 'REVEAL_PERSON', subjectId: personId, reason: '入户走访核实联系方式' });
    expect(log.nodes[0].fields).toEqual(['name', 'idNumber', 'mobile']);
    // the log itself names the person by ID only
    expect(JSON.stringify(log)).not.toContain(clear.name);
  });

  it('refuses roles without pi.reveal, a missing reason, and a person outside the scope — and logs none of them', async () => {
    const before = await logRows();
    for (const role of ['ANALYST', 'OPERATOR', 'AUDITOR', 'APP'] as const) {
      const r = await h.gql(REVEAL, { id: personId, reason: '核实身份信息' }, { role, areaScope: [COMMUNITY], subject: `x-${role}` });
      expect(r.errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
      expect(r.data?.revealPerson ?? null).toBeNull();
    }
    const short = await h.gql(REVEAL, { id: personId, reason: '  ' }, STAFF);
    expect(short.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const outside = await h.gql(REVEAL, { id: personId, reason: '核实身份信息' }, ELSEWHERE);
    expect(outside.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(JSON.stringify(outside)).not.toContain(clear.name);
    expect(await logRows()).toBe(before);
  });

  it('fails closed: when the access-log row cannot be written, nothing is revealed', async () => {
    await sql`create function access_log_refuse() returns trigger language plpgsql as $$ begin raise exception 'log store unavailable'; end $$`.execute(h.hub.db);
    await sql`create trigger access_log_refuse before insert on access_log for each row execute function access_log_refuse()`.execute(h.hub.db);
    try {
      const before = await logRows();
      const r = await h.gql(REVEAL, { id: personId, reason: '入户走访核实联系方式' }, STAFF);
      expect(r.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(r.data?.revealPerson ?? null).toBeNull();
      const text = JSON.stringify(r);
      for (const v of [clear.name, clear.id, clear.mobile]) if (v) expect(text).not.toContain(v);
      expect(await logRows()).toBe(before);
    } finally {
      await sql`drop trigger access_log_refuse on access_log`.execute(h.hub.db);
      await sql`drop function access_log_refuse()`.execute(h.hub.db);
    }
  });

  it('keeps the access log append-only, and shows it to auditors only', async () => {
    await expect(sql`update access_log set reason = 'changed'`.execute(h.hub.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from access_log`.execute(h.hub.db)).rejects.toThrow(/append-only/);
    for (const role of ['COMMUNITY_STAFF', 'STREET_STAFF', 'OPERATOR', 'ANALYST', 'GRID_WORKER'] as const) {
      const r = await h.gql(LOG, {}, { role, areaScope: [COMMUNITY], subject: `x-${role}` });
      expect(r.errors?.[0]?.extensions?.code, role).toBe('FORBIDDEN');
    }
    expect(dataOf(await h.gql(LOG, {}, AUDITOR)).accessLog.totalCount).toBeGreaterThan(0);
  });
});
