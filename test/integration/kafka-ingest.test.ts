/**
 * Distributed ingestion against the real broker and PostgreSQL: `syncSource` publishing to
 * `huiju.raw.<source>` and `huiju ingest` workers applying it (src/kafka/). Every test uses its own
 * source id (so its own topics) and consumer group.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { Consumer } from 'kafkajs';
import { expect, inject, it } from 'vitest';
import { syncSource } from '../../src/ingest/sync/run-sync';
import { createKafka } from '../../src/kafka/client';
import { listConsumedOffsets, resetConsumedOffsets } from '../../src/kafka/consumed-offset.repository';
import { dlqTopic, rawHeaders, rawTopic } from '../../src/kafka/raw-topic';
import { ingestUntilCaughtUp, peopleContents, publishSource, rowVersions } from '../support/kafka-ingest';
import { useKafkaTestResources } from '../support/kafka-test-resources';
import { describeWithKafka, kafkaBrokers } from '../support/services';
import { syntheticIdNumber, syntheticSource } from '../support/synthetic-people';

const run = randomUUID().slice(0, 8);

const hasPostgres = Boolean(inject('databaseUrl'));

describeWithKafka('distributed ingestion (real broker, real PostgreSQL)', () => {
  const kafka = useKafkaTestResources();
  const brokers = () => kafkaBrokers();
  const hub = (key?: Buffer) => kafka.hub(key);
  const sourceId = (name: string) => kafka.source(`t-${name}-${run}`);

  it.skipIf(!hasPostgres)('publish → ingest writes what an in-process sync writes, snapshots across partitions included', { timeout: 90_000 }, async () => {
    const key = randomBytes(32);
    const id = sourceId('same');
    // one version per export: which stale versions are validated (and dead-lettered) depends on how
    // records fall into batches, so versions are the replay test's business
    const first = { count: 600, shuffle: true, malformedEvery: 50, snapshot: { scope: 'p', asOf: '2026-03-01' } };
    // the second export lacks every 7th person: their residencies end on its date
    const second = { ...first, only: Array.from({ length: 600 }, (_, i) => i).filter((i) => i % 7 !== 0), dayOffset: 30, snapshot: { scope: 'p', asOf: '2026-04-01' } };

    const local = await hub(key);
    for (const config of [first, second]) {
      const reports = await syncSource(local, syntheticSource(id, config));
      expect(reports.map((r) => r.status)).toEqual(['SUCCEEDED']);
      // the second run reads from the cursor: start each export afresh, as a new export would be
      await local.db.deleteFrom('connector_cursor').execute();
    }

    const dist = await hub(key);
    const group = `huiju-test-${run}-same`;
    let readAhead = 0;
    /** Partitions whose first chunk (of an ingest run) was read ahead, full-sized, while another partition's batch committed. */
    let firstChunksReadAhead = 0;
    for (const config of [first, second]) {
      const reports = await publishSource(dist, syntheticSource(id, config), brokers(), 4);
      expect(reports[0]).toMatchObject({ status: 'SUCCEEDED', published: config === first ? 600 : second.only.length });
      await dist.db.deleteFrom('connector_cursor').execute();
      // chunks of 40: a fetched batch holds several, and each after the first is decoded and staged
      // while the one before commits (chunk-read-ahead.ts) — the comparison below covers that path
      const { events } = await ingestUntilCaughtUp(dist, syntheticSource(id, config), brokers(), group, { maxBatchRecords: 40 });
      readAhead += events.reduce((n, e) => n + e.readAhead, 0);
      // the partitions' batches of one fetch: the first applied starts small, and a batch that waits
      // for the transaction lane reads its first chunk ahead, full-sized (transaction-lanes.ts)
      const firsts = [...new Map([...events].reverse().map((e) => [e.partition, e])).values()];
      firstChunksReadAhead += firsts.filter((e) => e.records === 40 && e.readAhead === 40).length;
    }
    expect(readAhead).toBeGreaterThan(0);
    expect(firstChunksReadAhead).toBeGreaterThan(0);

    const a = await peopleContents(local.db);
    const b = await peopleContents(dist.db);
    expect(a.persons.length).toBeGreaterThan(580);
    expect(a.deadLetters.length).toBeGreaterThan(20);
    const ended = a.residencies.filter((r) => r.valid_to !== null);
    // the missing people, and those whose record in the second export was malformed
    expect(ended.length).toBeGreaterThanOrEqual(Math.ceil(600 / 7));
    expect(b).toEqual(a);

    const progress = await dist.db.selectFrom('snapshot_progress').selectAll().orderBy('as_of').execute();
    expect(progress.map((p) => [p.reached, p.residencies_ended, p.completed_at !== null])).toEqual([
      [[0, 1, 2, 3], 0, true],
      [[0, 1, 2, 3], ended.length, true],
    ]);
  });

  it.skipIf(!hasPostgres)('dead-letters 1,000 malformed messages among 9,000 good ones, also on the DLQ topic, without stopping', { timeout: 90_000 }, async () => {
    const h = await hub();
    const id = sourceId('bad');
    // 9,700 records from the connector, every 14th malformed (≈ 690: unparseable, missing name, bad ID checksum) …
    const source = syntheticSource(id, { count: 9_692, malformedEvery: 14 });
    await publishSource(h, source, brokers(), 3);
    const fromConnector = Math.floor(9_692 / 14);
    // … and garbage from another producer: not JSON, an unknown stream, a record envelope without data
    const producer = createKafka({ brokers: brokers() }).producer();
    await producer.connect();
    const garbage = 1_000 - fromConnector;
    const base = { source: id, stream: 'people', schemaVersion: '1.0.0' };
    await producer.send({
      topic: rawTopic(id),
      messages: Array.from({ length: garbage }, (_, i) =>
        i % 3 === 0
          ? { key: `g${i}`, value: `not json ${i} ${syntheticIdNumber(i)}`, headers: rawHeaders('record', base) }
          : i % 3 === 1
            ? { key: `g${i}`, value: JSON.stringify({ data: { id: `g${i}` }, readAt: '2026-01-01T00:00:00Z' }), headers: rawHeaders('record', { ...base, stream: 'nope' }) }
            : { key: `g${i}`, value: JSON.stringify({ nothing: i }), headers: rawHeaders('record', base) },
      ),
    });
    await producer.disconnect();

    const group = `huiju-test-${run}-bad`;
    const { events } = await ingestUntilCaughtUp(h, source, brokers(), group);
    const sum = (k: 'applied' | 'deadLetters' | 'records') => events.reduce((s, e) => s + e[k], 0);
    expect(sum('records')).toBe(9_692 + garbage);
    expect(sum('deadLetters')).toBe(1_000);
    expect(sum('applied')).toBe(9_000);

    const reasons = await h.db.selectFrom('dead_letter').select(['reason_code', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('reason_code').execute();
    const byReason = Object.fromEntries(reasons.map((r) => [r.reason_code, Number(r.n)]));
    expect(Object.values(byReason).reduce((a, b) => a + b, 0)).toBe(1_000);
    expect(byReason).toMatchObject({ BAD_JSON: expect.any(Number), MISSING_FIELD: expect.any(Number), INVALID_ID_CHECKSUM: expect.any(Number), BAD_MESSAGE: expect.any(Number), UNKNOWN_STREAM: expect.any(Number) });
    expect(Number((await h.db.selectFrom('person').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(9_000);
    const letters = await h.db.selectFrom('dead_letter').select(['payload', 'position', 'message']).execute();
    expect(JSON.stringify(letters)).not.toMatch(/(?<!\d)\d{17}[\dX](?!\d)/);
    expect(letters.every((l) => typeof (l.position as { offset?: unknown }).offset === 'number')).toBe(true);

    // the same 1,000 on the DLQ topic, with their context headers and masked values
    const dlq: { headers: Record<string, string>; value: string }[] = [];
    const consumer: Consumer = createKafka({ brokers: brokers() }).consumer({ groupId: `huiju-test-${run}-dlq`, maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topics: [dlqTopic(id)], fromBeginning: true });
    let allIn!: () => void;
    const done = new Promise<void>((r) => (allIn = r));
    await consumer.run({
      eachMessage: async ({ message }) => {
        dlq.push({ headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)])), value: message.value?.toString() ?? '' });
        if (dlq.length >= 1_000) allIn();
      },
    });
    await Promise.race([done, new Promise((r) => setTimeout(r, 30_000))]);
    await consumer.disconnect();
    await kafka.admin().deleteGroups([`huiju-test-${run}-dlq`]).catch(() => {});
    expect(dlq.length).toBe(1_000);
    for (const m of dlq.slice(0, 50)) {
      expect(m.headers).toMatchObject({ 'huiju.context.topic': rawTopic(id), 'huiju.source': id, 'huiju.reason': expect.stringMatching(/^[A-Z_]+$/), 'huiju.stage': expect.stringMatching(/^(PARSE|VALIDATE|MAP|RESOLVE|UPSERT)$/) });
      expect(Number(m.headers['huiju.context.offset'])).toBeGreaterThanOrEqual(0);
    }
    expect(dlq.map((m) => m.value).join('\n')).not.toMatch(/(?<!\d)\d{17}[\dX](?!\d)/);
  });

  it.skipIf(!hasPostgres)('replaying the whole topic (offsets reset) changes no row; shuffled versions end at the newest', { timeout: 90_000 }, async () => {
    const h = await hub();
    const id = sourceId('replay');
    const source = syntheticSource(id, { count: 1_000, versions: 4, shuffle: true, seed: 7 });
    await publishSource(h, source, brokers(), 4);
    const group = `huiju-test-${run}-replay`;
    const first = await ingestUntilCaughtUp(h, source, brokers(), group);
    expect(first.events.reduce((s, e) => s + e.records, 0)).toBe(4_000);

    // every person carries the name of its newest version (version 3), whatever order they came in
    const names = await h.db.selectFrom('person').select('name').execute();
    expect(names).toHaveLength(1_000);
    expect(names.every((n) => /^居民\d+-3$/.test(n.name as string))).toBe(true);
    const lineage = await h.db.selectFrom('source_record').select(['entity', 'source_version']).where('entity', '=', 'person').execute();
    expect(lineage.every((l) => new Date(l.source_version as Date).toISOString() === '2026-01-04T00:00:00.000Z')).toBe(true);

    const before = await peopleContents(h.db);
    const versions = await rowVersions(h.db);
    expect(await resetConsumedOffsets(h.db, group, [rawTopic(id)])).toBe(4);
    const replay = await ingestUntilCaughtUp(h, source, brokers(), group);
    expect(replay.events.reduce((s, e) => s + e.records, 0)).toBe(4_000);
    expect(replay.events.reduce((s, e) => s + e.applied, 0)).toBe(0);
    expect(await peopleContents(h.db)).toEqual(before);
    expect(await rowVersions(h.db)).toEqual(versions);

    const offsets = await listConsumedOffsets(h.db, { group });
    expect(offsets).toHaveLength(4);
    expect(offsets.every((o) => o.lag === 0 && o.highWatermark === o.nextOffset)).toBe(true);
  });
});
