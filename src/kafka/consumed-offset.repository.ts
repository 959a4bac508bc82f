import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database';
import { HuijuError } from '../errors';

/** Where a consumer group stands on one partition, as committed with the writes. */
export interface ConsumedOffset {
  consumerGroup: string;
  topic: string;
  partition: number;
  /** The next offset to apply. */
  nextOffset: number;
  /** The partition's end offset seen with the last committed batch. */
  highWatermark: number | null;
  /** `highWatermark − nextOffset` (0 when unknown or caught up). */
  lag: number;
  updatedAt: Date;
}

/** The stored next offset of a partition, or `null` when the group never committed one there. */
export async function loadConsumedOffset(db: Kysely<Database>, group: string, topic: string, partition: number): Promise<number | null> {
  const row = await db
    .selectFrom('consumed_offset')
    .select('next_offset')
    .where('consumer_group', '=', group)
    .where('topic', '=', topic)
    .where('partition', '=', partition)
    .executeTakeFirst();
  return row ? Number(row.next_offset) : null;
}

/**
 * Moves a partition's offset from `from` (what the caller read before the batch; `null` = no row)
 * to `next`, inside the batch's transaction — a compare-and-set: when another worker moved it
 * meanwhile (a rebalance while this one was busy), it throws `OFFSET_FENCED` and the transaction,
 * with the batch's writes, rolls back. So each offset is applied once per group.
 */
export async function advanceConsumedOffset(
  trx: Kysely<Database>,
  o: { group: string; topic: string; partition: number; from: number | null; next: number; highWatermark: number },
): Promise<void> {
  // from null: the first offset of the partition — insert, and only if nobody stored one meanwhile;
  // else move the stored one, only if it is still `from` (a row reset away meanwhile fences too)
  const { rows } =
    o.from === null
      ? await sql<{ next_offset: number }>`
          insert into consumed_offset (consumer_group, topic, partition, next_offset, high_watermark, updated_at)
          values (${o.group}, ${o.topic}, ${o.partition}, ${o.next}, ${o.highWatermark}, now())
          on conflict (consumer_group, topic, partition) do nothing
          returning next_offset`.execute(trx)
      : await sql<{ next_offset: number }>`
          update consumed_offset set next_offset = ${o.next}, high_watermark = ${o.highWatermark}, updated_at = now()
          where consumer_group = ${o.group} and topic = ${o.topic} and partition = ${o.partition} and next_offset = ${o.from}
          returning next_offset`.execute(trx);
  if (rows.length === 0) {
    throw new HuijuError('OFFSET_FENCED', `${o.topic}[${o.partition}] was moved past ${o.from} by another worker of group ${o.group}`, { topic: o.topic, partition: o.partition });
  }
}

/** Forgets a group's offsets on some topics (a replay from the start). */
export async function resetConsumedOffsets(db: Kysely<Database>, group: string, topics: readonly string[]): Promise<number> {
  if (topics.length === 0) return 0;
  const r = await db.deleteFrom('consumed_offset').where('consumer_group', '=', group).where('topic', 'in', [...topics]).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Every stored offset with its lag, by group, topic and partition. */
export async function listConsumedOffsets(db: Kysely<Database>, filter: { group?: string; topics?: readonly string[] } = {}): Promise<ConsumedOffset[]> {
  let q = db.selectFrom('consumed_offset').selectAll();
  if (filter.group) q = q.where('consumer_group', '=', filter.group);
  if (filter.topics) {
    if (filter.topics.length === 0) return [];
    q = q.where('topic', 'in', [...filter.topics]);
  }
  const rows = await q.orderBy('consumer_group').orderBy('topic').orderBy('partition').execute();
  return rows.map((r) => {
    const next = Number(r.next_offset);
    const hw = r.high_watermark === null ? null : Number(r.high_watermark);
    return { consumerGroup: r.consumer_group, topic: r.topic, partition: r.partition, nextOffset: next, highWatermark: hw, lag: hw === null ? 0 : Math.max(0, hw - next), updatedAt: r.updated_at };
  });
}
