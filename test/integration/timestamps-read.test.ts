import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

/**
 * Instants as the store writes them, read back by the hub's own parsers (src/db/timestamp-text.ts):
 * under session time zones of whole hours, half hours and 45 minutes, on both stores, each value
 * equals the time value PostgreSQL itself computes (epoch milliseconds, fraction beyond the
 * millisecond dropped).
 */
describe.each(availableStoreKinds())('timestamps read from the store (%s)', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub(kind);
  }, 120_000);
  afterAll(async () => {
    await hub?.destroy();
  });

  for (const zone of ['UTC', 'Asia/Shanghai', 'America/St_Johns', 'Asia/Kathmandu', 'Pacific/Chatham']) {
    it(`timestamptz and timestamp under TimeZone ${zone}`, async () => {
      const rows = await hub.db.transaction().execute(async (trx) => {
        await sql.raw(`set local timezone = '${zone}'`).execute(trx);
        // instants from 0099 to 9000, with microseconds; their epoch milliseconds, truncated
        const { rows } = await sql<{ t: Date; u: Date; ms: string; text: string }>`
          select t, t at time zone 'UTC' as u, floor(extract(epoch from t) * 1000)::text as ms, t::text as text
          from (select timestamptz '0099-06-01 00:00:00.123456+00' + g * interval '17 days 3 hours 4 minutes 5.678901 seconds' as t
                from generate_series(0, 190000, 97) as g) as s`.execute(trx);
        return rows;
      });
      expect(rows.length).toBeGreaterThan(1900);
      for (const r of rows) {
        expect(r.t, r.text).toBeInstanceOf(Date);
        expect(r.t.getTime(), r.text).toBe(Number(r.ms));
        expect(r.u.getTime(), r.text).toBe(Number(r.ms));
      }
    });
  }
});
