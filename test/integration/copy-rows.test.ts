/**
 * Plain inserts sent as COPY … FROM STDIN through Kysely (src/db/copy-rows.ts), on both stores:
 * every value arrives exactly as sent, a transaction's COPY rolls back with it, columns left out
 * take their defaults, and a unique violation fails as an INSERT's does (23505, the constraint
 * named), so the write path's retry of lock conflicts sees no difference.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { copyLine, copyRows } from '../../src/db/copy-rows';
import { isLockConflict } from '../../src/db/transient-error';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { expandedProvenance, originOf, provenanceExpansion } from '../../src/ingest/write/survivorship';
import { availableStoreKinds, testHubs } from '../support/test-hub';

const awkward = ['tab\there', 'new\nline', 'carriage\rreturn', 'back\\slash \\N', '\\', '', '住户 张三 🏠', 'quote " and \' marks'];

describe.each(availableStoreKinds())('COPY rows on %s', (kind) => {
  const freshHub = testHubs(kind, async (hub) => {
    await sql`create table copy_probe (id int primary key, natural_key text unique, j jsonb, a text[], d date, b boolean, made timestamptz not null default now())`.execute(hub.db);
  });

  it('writes every value as sent, nulls and defaults included', async () => {
    const hub = await freshHub();
    const rows: unknown[][] = awkward.map((t, i) => [i, t, { t, n: i, nested: [t, null] }, `{"${t.replace(/[\\"]/g, '\\$&')}",NULL}`, '2026-03-01', i % 2 === 0]);
    rows.push([awkward.length, null, null, null, null, null]);
    const result = await hub.db.executeQuery(copyRows('copy_probe', ['id', 'natural_key', 'j', 'a', 'd', 'b'], rows.map(copyLine)));
    expect(result.numAffectedRows).toBe(BigInt(rows.length));
    const { rows: back } = await sql<{ id: number; natural_key: string | null; j: unknown; a: (string | null)[] | null; d: string | null; b: boolean | null; made: unknown }>`
      select id, natural_key, j, a, d::text as d, b, made from copy_probe order by id`.execute(hub.db);
    expect(back.map((r) => r.natural_key)).toEqual([...awkward, null]);
    expect(back.map((r) => r.j)).toEqual([...awkward.map((t, i) => ({ t, n: i, nested: [t, null] })), null]);
    expect(back.map((r) => r.a)).toEqual([...awkward.map((t) => [t, null]), null]);
    expect(back.map((r) => r.b)).toEqual([...awkward.map((_, i) => i % 2 === 0), null]);
    expect(back.slice(0, -1).every((r) => r.d === '2026-03-01' && r.made !== null)).toBe(true);
  });

  it('rolls back with its transaction, and fails on a duplicate as an insert does', async () => {
    const hub = await freshHub();
    await hub.db
      .transaction()
      .execute(async (trx) => {
        await trx.executeQuery(copyRows('copy_probe', ['id', 'natural_key'], [copyLine([1, 'one'])]));
        throw new Error('rolled back');
      })
      .catch(() => {});
    expect((await sql<{ n: number }>`select count(*)::int as n from copy_probe`.execute(hub.db)).rows[0]!.n).toBe(0);

    await hub.db.executeQuery(copyRows('copy_probe', ['id', 'natural_key'], [copyLine([1, 'one'])]));
    const err = await hub.db
      .transaction()
      .execute((trx) => trx.executeQuery(copyRows('copy_probe', ['id', 'natural_key'], [copyLine([2, 'two']), copyLine([3, 'one'])])))
      .then(
        () => null,
        (e: unknown) => e as { code?: string; constraint?: string; message?: string },
      );
    expect(err?.code).toBe('23505');
    expect(err?.constraint ?? err?.message).toContain('copy_probe_natural_key_key');
    expect(isLockConflict(err)).toBe(true);
    // a natural key taken: what the write path runs again as a lock conflict
    // nothing of the failed COPY was written, and the connection goes on
    expect((await sql<{ id: number }>`select id from copy_probe order by id`.execute(hub.db)).rows).toEqual([{ id: 1 }]);
  });

  it('fails on an unknown column before any data is read, and the same connection runs its next statements', async () => {
    const hub = await freshHub();
    // one connection (a transaction's) for all: the data sent after the refused COPY must not reach the next statement
    const outcome = await hub.db.connection().execute(async (db) => {
      const refused = await db.executeQuery(copyRows('copy_probe', ['id', 'no_such_column'], [copyLine([7, 'x'])])).then(
        () => null,
        (e: unknown) => e as { code?: string },
      );
      const next = await sql<{ n: number }>`select 41 + 1 as n`.execute(db);
      await db.executeQuery(copyRows('copy_probe', ['id', 'natural_key'], [copyLine([8, 'eight'])]));
      return { refused, next: next.rows[0]!.n };
    });
    expect(outcome.refused?.code).toBe('42703');
    expect(outcome.next).toBe(42);
    expect((await sql<{ id: number }>`select id from copy_probe order by id`.execute(hub.db)).rows).toEqual([{ id: 8 }]);
  });

  it('writes data larger than one protocol message (several MiB) whole', async () => {
    const hub = await freshHub();
    // ~3.4 MiB of two- and three-byte characters, over several of the 1 MiB CopyData messages
    const rows = Array.from({ length: 3_000 }, (_, i) => copyLine([i, `${i}:${'住户张三'.repeat(100)}`]));
    const result = await hub.db.executeQuery(copyRows('copy_probe', ['id', 'natural_key'], rows));
    expect(result.numAffectedRows).toBe(3_000n);
    const { rows: back } = await sql<{ n: number; bytes: string; last: string }>`
      select count(*)::int as n, sum(octet_length(natural_key))::text as bytes, max(natural_key) filter (where id = 2999) as last from copy_probe`.execute(hub.db);
    expect(back[0]!.n).toBe(3_000);
    expect(Number(back[0]!.bytes)).toBeGreaterThan(3 * 1024 * 1024);
    expect(back[0]!.last).toBe(`2999:${'住户张三'.repeat(100)}`);
  });

  it('expands a compact provenance as the insert statement does, so a COPYed row stores the same', async () => {
    const hub = await freshHub();
    const record = { source: 's1-002', stream: 'residents', externalId: 'R-7 "东"\\', version: '2026-03-01T08:00:00Z' } as MappedRecord;
    const origin = originOf(record, Date.parse(record.version));
    for (const said of [new Set(['natural_key', 'id', 'provenance', 'name', 'birth_date', 'tags']), new Set(['natural_key', 'name'])]) {
      const { rows } = await sql<{ p: unknown }>`select ${provenanceExpansion(sql`${origin.compact}::jsonb`, said)} as p`.execute(hub.db);
      const { rows: here } = await sql<{ p: unknown }>`select ${expandedProvenance(origin.compact, said)}::jsonb as p`.execute(hub.db);
      expect(here[0]!.p).toEqual(rows[0]!.p);
      expect(Object.keys(rows[0]!.p as object)).toContain('@');
    }
    // a full provenance object stays as it is
    const full = `{"name":${JSON.stringify(origin.key)},"@":{${origin.json}}}`;
    expect(expandedProvenance(full, new Set(['name', 'natural_key']))).toBe(full);
  });
});
