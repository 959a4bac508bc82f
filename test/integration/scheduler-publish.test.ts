/**
 * Distributed mode of `huiju start`'s scheduler: with a stream runner that publishes, scheduled
 * syncs put the raw records on `huiju.raw.<source>` for the ingest workers instead of applying
 * them in-process; a run whose publisher cannot be had fails alone and the next run tries again.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { startScheduler } from '../../src/ingest/sync/scheduler';
import type { StreamRunner } from '../../src/ingest/sync/run-sync';
import { createKafka } from '../../src/kafka/client';
import { openRawPublisher, type RawPublisher } from '../../src/kafka/publish-raw';
import { rawTopic } from '../../src/kafka/raw-topic';
import { endOffsets } from '../support/kafka-ingest';
import { describeWithKafka, kafkaBrokers } from '../support/services';
import { syntheticSource } from '../support/synthetic-people';
import { createTestHub, type TestHub } from '../support/test-hub';

describeWithKafka('scheduled syncs in distributed mode', () => {
  const id = `t-sched-${randomUUID().slice(0, 8)}`;
  let hub: TestHub | undefined;
  afterAll(async () => {
    await hub?.destroy().catch(() => {});
    const admin = createKafka({ brokers: kafkaBrokers() }).admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [rawTopic(id)] }).catch(() => {});
    await admin.disconnect();
  });

  it('publish to the raw topic instead of applying, and survive a run without a publisher', { timeout: 60_000 }, async () => {
    hub = await createTestHub('pglite');
    const source = { ...syntheticSource(id, { count: 40 }), scheduleMs: 200 };
    let asked = 0;
    let publisher: RawPublisher | undefined;
    const streamRunner = async (): Promise<StreamRunner> => {
      asked += 1;
      if (asked === 1) throw Object.assign(new Error('broker not reachable yet'), { code: 'KAFKA_UNAVAILABLE' });
      publisher ??= await openRawPublisher(hub!, { brokers: kafkaBrokers(), partitions: 2 });
      return publisher.runStream;
    };
    const scheduler = startScheduler(hub, [source], { initialDelayMs: 0, streamRunner });
    const runs = () => hub!.db.selectFrom('sync_run').select(['status']).where('source_id', '=', id).execute();
    for (let i = 0; i < 200 && !(await runs()).some((r) => r.status === 'SUCCEEDED'); i++) await new Promise((r) => setTimeout(r, 100));
    await scheduler.stop();
    await publisher?.close();

    expect(asked).toBeGreaterThanOrEqual(2);
    expect((await runs()).some((r) => r.status === 'SUCCEEDED')).toBe(true);
    const published = [...(await endOffsets(kafkaBrokers(), rawTopic(id))).values()].reduce((s, n) => s + n, 0);
    expect(published).toBeGreaterThanOrEqual(40);
    // nothing was applied in-process: that is the ingest workers' job
    expect(await hub.db.selectFrom('person').select('id').execute()).toHaveLength(0);
    expect(await hub.db.selectFrom('source_record').select('id').execute()).toHaveLength(0);
  });
});
