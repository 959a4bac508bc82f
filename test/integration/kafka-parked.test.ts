/**
 * The Kafka path of out-of-order references (src/ingest/park/): a source's streams land on
 * different partitions of `huiju.raw.<source>`, so a worker may apply residents before the grids
 * they live in. Here it surely does: the residents are published and ingested first, the grids
 * after. They are parked, not dead-lettered, and applied when the grids land.
 */
import { randomUUID } from 'node:crypto';
import { expect, inject, it } from 'vitest';
import { hubIngestOptions, ingestBatch } from '../../src/ingest/ingest-batch';
import { parkedTotal } from '../../src/ingest/park/parked-records.repository';
import { syncSource } from '../../src/ingest/sync/run-sync';
import { openRawPublisher } from '../../src/kafka/publish-raw';
import { districtFrame } from '../support/district-frame';
import { gridResidentsSource } from '../support/grid-residents';
import { endOffsets, ingestUntilCaughtUp } from '../support/kafka-ingest';
import { useKafkaTestResources } from '../support/kafka-test-resources';
import { describeWithKafka, kafkaBrokers } from '../support/services';
import { rawTopic } from '../../src/kafka/raw-topic';

const run = randomUUID().slice(0, 8);
const hasPostgres = Boolean(inject('databaseUrl'));

describeWithKafka('parked records on the Kafka path (real broker, real PostgreSQL)', () => {
  const kafka = useKafkaTestResources();

  it.skipIf(!hasPostgres)('applies residents ingested before their grids (another partition) once the grids land, with no dead letter', { timeout: 120_000 }, async () => {
    const hub = await kafka.hub();
    await ingestBatch(hub.db, districtFrame('2026-03-01T00:00:00Z'), hubIngestOptions(hub));
    const id = kafka.source(`t-parked-${run}`);
    const residents = 1_500;
    const source = gridResidentsSource(id, { grids: 12, residents });
    const group = `huiju-test-${run}-parked`;
    const publisher = await openRawPublisher(hub, { brokers: kafkaBrokers(), partitions: 4 });
    const settles: { waiting: number }[] = [];
    try {
      await syncSource(hub, source, { runStream: publisher.runStream, streams: ['residents'], batchSize: 500 });
      // the residents are spread over the partitions; ingested alone, every one waits for its grid
      const ends = await endOffsets(kafkaBrokers(), rawTopic(id));
      expect([...ends.values()].filter((n) => n > 0).length).toBeGreaterThan(1);
      const first = await ingestUntilCaughtUp(hub, source, kafkaBrokers(), group, { maxBatchRecords: 400 });
      expect(first.events.reduce((n, e) => n + e.parked, 0)).toBe(residents);
      expect(first.events.reduce((n, e) => n + e.deadLetters, 0)).toBe(0);
      expect(await parkedTotal(hub.db, { source: id })).toBe(residents);

      await syncSource(hub, source, { runStream: publisher.runStream, streams: ['grids'] });
      const second = await ingestUntilCaughtUp(hub, source, kafkaBrokers(), group, { settleEveryMs: 200, onSettle: (r) => settles.push(r) });
      expect(second.events.reduce((n, e) => n + e.unparked, 0)).toBe(residents);
    } finally {
      await publisher.close();
    }
    expect(await parkedTotal(hub.db)).toBe(0);
    const counts = await hub.db
      .selectFrom('household')
      .select((eb) => [eb.fn.countAll<string>().as('all'), eb.fn.count<string>('grid_id').as('placed')])
      .executeTakeFirstOrThrow();
    expect({ all: Number(counts.all), placed: Number(counts.placed) }).toEqual({ all: residents, placed: residents });
    expect(await hub.db.selectFrom('dead_letter').selectAll().execute()).toEqual([]);
    // the worker's timer settled the parking lot while it ran, counting what waited then (the lot
    // is empty at the end, asserted above; whether one more tick came after the last chunk is timing)
    expect(settles.length).toBeGreaterThan(0);
    for (const s of settles) expect(s.waiting).toBeLessThanOrEqual(residents);
  });
});
