import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConnectorDemo, openConnectorDemo } from '../support/connector-demo';
import type { TestHub } from '../support/test-hub';

/**
 * One case model whatever the channel, on the connectors path (`tiny`, seed `huiju`): due times,
 * duty links, an on-time rate, repairs in their street and repair events at their own times.
 */
describe('cases through the connectors (pglite)', () => {
  let demo: ConnectorDemo;
  let hub: TestHub;
  const gql = async (query: string): Promise<any> => {
    const { data, errors } = await demo.gql(query);
    if (errors?.length) throw new Error(JSON.stringify(errors));
    return data;
  };
  beforeAll(async () => {
    demo = await openConnectorDemo('demo-cases');
    expect(demo.result.failures).toEqual([]);
    hub = demo.hub;
  }, 300_000);
  afterAll(async () => demo?.close());

  const one = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(hub.db)).rows[0]!;

  it('gives every case a due time and an area, and links duty items', async () => {
    const r = await one(sql<{ n: number; due: number; area: number; duty: number }>`
      select count(*)::int n, count(due_at)::int due, count(area_id)::int area, count(duty_item_id)::int duty from case_record`);
    expect(r.n).toBeGreaterThan(0);
    expect(r.due).toBe(r.n);
    expect(r.area).toBe(r.n);
    expect(r.duty).toBeGreaterThan(0);
  });

  it('has a non-null on-time rate', async () => {
    const r = await one(sql<{ rate: number | null }>`
      select (count(*) filter (where closed_at <= due_at))::float8 / nullif(count(*) filter (where closed_at is not null and due_at is not null), 0) rate from case_record`);
    expect(r.rate).not.toBeNull();
  });

  it('counts repairs in their street', async () => {
    const r = await one(sql<{ n: number; placed: number }>`
      select count(*)::int n, count(*) filter (where a.code like '420102%' and a.level = 'community')::int placed
      from case_record c left join admin_area a on a.id = c.area_id where c.kind = 'REPAIR'`);
    expect(r.n).toBeGreaterThan(0);
    expect(r.placed).toBe(r.n);
  });

  it('keeps each repair event at its own time, closedAt at the closing step', async () => {
    const r = await one(sql<{ repairs: number; distinct_times: number; observed_multi: number; closed_later: number; closed: number }>`
      with ev as (
        select c.id, count(distinct e.at)::int times, count(*) filter (where not e.inferred)::int observed
        from case_record c join case_event e on e.case_id = c.id where c.kind = 'REPAIR' group by c.id)
      select (select count(*)::int from ev) repairs,
             (select count(*)::int from ev where times > 1) distinct_times,
             (select count(*)::int from ev where observed > 2) observed_multi,
             (select count(*)::int from case_record where kind = 'REPAIR' and closed_at > reported_at) closed_later,
             (select count(*)::int from case_record where kind = 'REPAIR' and closed_at is not null) closed`);
    expect(r.distinct_times).toBeGreaterThan(r.repairs / 2);
    expect(r.observed_multi).toBeGreaterThan(0);
    expect(r.closed).toBeGreaterThan(0);
    expect(r.closed_later).toBe(r.closed);
    const closing = await one(sql<{ bad: number }>`
      select count(*)::int bad from case_record c where c.kind = 'REPAIR' and c.closed_at is not null
        and c.closed_at <> (select max(e.at) from case_event e where e.case_id = c.id and e.to_status in ('CLOSED', 'REJECTED'))`);
    expect(closing.bad).toBe(0);
  });

  it('through GraphQL: due times and duty items on cases, a non-null on-time rate every month with closed cases, repairs in their street', async () => {
    const list = await gql(`{ cases(first: 1000) { totalCount nodes { kind dueAt dutyItem { code } area { code } } } }`);
    const nodes = list.cases.nodes as { kind: string; dueAt: string | null; dutyItem: { code: string } | null; area: { code: string } | null }[];
    expect(nodes.length).toBe(list.cases.totalCount);
    expect(nodes.every((n) => n.dueAt !== null && n.area !== null)).toBe(true);
    expect(nodes.filter((n) => n.dutyItem !== null).length).toBeGreaterThan(0);
    const stats = await gql(`{ caseStats(groupBy: [MONTH]) { total { onTimeRate overdueCount } groups { period closedCount onTimeRate } } }`);
    expect(stats.caseStats.total.onTimeRate).toBeGreaterThan(0);
    for (const g of stats.caseStats.groups) if (g.closedCount > 0) expect(g.onTimeRate, g.period).not.toBeNull();
    const repairs = nodes.filter((n) => n.kind === 'REPAIR');
    const street = repairs[0]!.area!.code.slice(0, 9);
    const inStreet = repairs.filter((n) => n.area!.code.startsWith(street)).length;
    const repairStats = await gql(`{ district: caseStats(filter: { kind: [REPAIR], area: "420102" }) { total { count avgHoursToClose } }
      street: caseStats(filter: { kind: [REPAIR], area: "${street}" }) { total { count } } }`);
    expect(repairStats.district.total.count).toBe(repairs.length);
    expect(repairStats.street.total.count).toBe(inStreet);
    expect(inStreet).toBeGreaterThan(0);
    expect(repairStats.district.total.avgHoursToClose).toBeGreaterThan(0);
  });
});
