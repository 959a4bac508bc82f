import { CompiledQuery, type LogEvent } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeHubAlone, describeStatements, StatementTime, statementKind } from '../../bench/support/statement-time';

/** A statement that took `ms` and was answered at the clock's current time. */
const answered = (sql: string, ms: number): LogEvent => ({ level: 'query', query: CompiledQuery.raw(sql), queryDurationMillis: ms });

describe('bench statement time', () => {
  it('counts overlapping statements once, and only the part inside the window', () => {
    let clock = 0;
    const timing = new StatementTime(() => clock);
    // [0, 100] and [50, 150] overlap: 150 ms in flight; [300, 400]: 100 more; [900, 1000] ends outside the window
    clock = 100;
    timing.onQuery(answered('insert into "person" (id) values ($1)', 100));
    clock = 150;
    timing.onQuery(answered('insert into "residency" (id) values ($1)', 100));
    clock = 400;
    timing.onQuery(answered('commit', 100));
    clock = 1000;
    timing.onQuery(answered('select 1', 100));
    const all = timing.summary(0, 500);
    expect(all.inFlightSeconds).toBeCloseTo(0.25, 6);
    expect(all.statements).toBe(3);
    // a window starting inside the first statement counts from its start
    expect(timing.summary(120, 500).inFlightSeconds).toBeCloseTo(0.13, 6);
    expect(all.top.map((k) => k.kind)).toEqual(['insert person', 'insert residency', 'commit']);
    expect(describeStatements(all)).toMatch(/^0\.25 s with a statement in flight \(3 statements; most time: insert person 0\.10/);
    // the rest of the window, by the statement that came next: [150, 300] before the commit, [400, 500] before nothing
    expect(all.before).toEqual([{ kind: 'commit', seconds: expect.closeTo(0.15, 6), count: 1 }]);
    expect(describeHubAlone(all, 0.5)).toBe('the hub alone 0.25 s (most before: commit 0.15)');
    // a window starting before the first statement counts that gap too
    expect(timing.summary(-40, 500).before.map((k) => [k.kind, k.seconds])).toEqual([
      ['commit', expect.closeTo(0.15, 6)],
      ['insert person', expect.closeTo(0.04, 6)],
    ]);
  });

  it.each([
    ['\n  with r as (select 1), written as (\n insert into source_record (id) select 1) select 1', 'lineage'],
    ["select pg_advisory_xact_lock(hashtext('huiju:identity'), hashtext(e)) from unnest($1::text[]) as e", 'identity lock'],
    ['copy "source_record" ("id", "source") from stdin', 'copy source_record'],
    ['insert into outbox (type) select 1', 'insert outbox'],
    ['update source_record set last_seen = now() where id = $1', 'update source_record'],
    ['delete from parked_record p where p.id = $1', 'delete parked_record'],
    ['select 0::int as e, id, natural_key from "person" where natural_key = any($1)', 'select person'],
    ['select s.x from (select t ->> 0 from json_array_elements($1::json) as t) as t(x) cross join lateral (select r.x from source_record r offset 0) as s', 'select source_record'],
    ['begin', 'begin'],
  ])('names a statement by what it does: %s → %s', (statement, kind) => {
    expect(statementKind(statement)).toBe(kind);
  });
});
