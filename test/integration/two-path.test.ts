/**
 * One result whatever the path (ARCHITECTURE.md, distributed mode): the demo's sources applied
 * in-process by `syncSource`, and the same inputs published to `<prefix>raw.<source>` (three
 * partitions) and applied by two ingest workers of one group — one in this process applying two
 * partitions at a time, one in a child process SIGKILLed part-way and restarted — give the same
 * store: every canonical table's values and references by natural key (golden records included),
 * the row every record is tied to, the same dead letters and the same records still waiting.
 * Arrival order differs (a resident before its grid, a repair before its building, an activity's
 * participant before the resident's record, two workers resolving identities at once); parking,
 * the identity locks, order-independent survivorship and key choice make it not matter. How the
 * store got there (origins named through references, match rows, merges) is printed, not
 * compared: see test/support/canonical-contents.ts. `HUIJU_TWO_PATH_PROFILE` picks the demo
 * profile (default `ci`); `HUIJU_TWO_PATH_DUMP=<file>` writes both stores' contents there as JSON
 * for a closer look at a difference.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, inject, it } from 'vitest';
import { demoInputFolder, loadDemoViaConnectors } from '../../src/demo/load-demo-via-connectors';
import type { ProfileName } from '../../src/demo/profiles';
import { settleParked } from '../../src/ingest/park/settle-parked';
import { createIngestWorker } from '../../src/kafka/ingest-worker';
import { openRawPublisher } from '../../src/kafka/publish-raw';
import { dlqTopic, rawTopic } from '../../src/kafka/raw-topic';
import { canonicalContents, canonicalDiff, lineageComparison } from '../support/canonical-contents';
import { runIngestChild } from '../support/ingest-child-runner';
import { caughtUp } from '../support/kafka-ingest';
import { useKafkaTestResources } from '../support/kafka-test-resources';
import { describeWithKafka, kafkaBrokers } from '../support/services';
import { createTestHub, type TestHub } from '../support/test-hub';

const PROFILE: ProfileName = (process.env.HUIJU_TWO_PATH_PROFILE as ProfileName | undefined) ?? 'ci';
const CHILD = fileURLToPath(new URL('../support/demo-ingest-child.ts', import.meta.url));
const run = randomUUID().slice(0, 8);

describeWithKafka(`one result whatever the path: the ${PROFILE} demo in-process and through Kafka`, () => {
  const kafka = useKafkaTestResources();
  const folders = [mkdtempSync(join(tmpdir(), 'huiju-two-path-a-')), mkdtempSync(join(tmpdir(), 'huiju-two-path-b-'))];
  const hubs: TestHub[] = [];
  afterAll(async () => {
    for (const h of hubs) await h.destroy().catch(() => {});
    for (const f of folders) rmSync(f, { recursive: true, force: true });
  });

  it.skipIf(!inject('databaseUrl'))('gives equal stores, table by table, with two workers, two partitions at a time and kills', { timeout: 900_000 }, async () => {
    const brokers = kafkaBrokers();
    const key = randomBytes(32);
    // this run's own topics: a rerun never reads an earlier run's messages
    const topicPrefix = `huiju-t${run}.`;
    const inProcess = await kafka.hub(key);
    const distributed = await createTestHub('postgres', { piiKey: key, config: { kafka: { topicPrefix } } });
    hubs.push(distributed);

    const a = await loadDemoViaConnectors(inProcess, { profile: PROFILE, folder: folders[0]! });
    expect(a.failures).toEqual([]);

    const publisher = await openRawPublisher(distributed, { brokers, partitions: 3 });
    const b = await loadDemoViaConnectors(distributed, { profile: PROFILE, folder: folders[1]!, runStream: publisher.runStream }).finally(() => publisher.close());
    expect(b.failures).toEqual([]);
    expect(b.sources.map((s) => s.id)).toEqual(a.sources.map((s) => s.id));
    const topics = b.sources.flatMap((s) => [kafka.topic(rawTopic(s.id, topicPrefix)), kafka.topic(dlqTopic(s.id, topicPrefix))]);

    const group = `huiju-test-${run}-two-path`;
    const done = async () => {
      for (const s of b.sources) if (!(await caughtUp(distributed.db, brokers, s.id, group, topicPrefix))) return false;
      return true;
    };
    const args = [distributed.databaseUrl!, key.toString('hex'), brokers.join(','), group, demoInputFolder({ folder: folders[1]!, profile: PROFILE }), '300', '2', topicPrefix];
    // the child worker alone first (it holds every partition), SIGKILLed after two chunks
    const first = await runIngestChild(args, { script: CHILD, killAfter: 2 });
    let kills = first.signal === 'SIGKILL' ? 1 : 0;
    // then two workers share the group: this process's, and the child again (killed once more if it gets that far)
    const worker = createIngestWorker(distributed, { sources: b.sources, brokers, groupId: group, instanceId: 'two-path-in-process', partitionsConsumedConcurrently: 2, maxBatchRecords: 400, sessionTimeout: 10_000 });
    await worker.start();
    try {
      const second = await runIngestChild(args, { script: CHILD, killAfter: 3, until: done });
      if (second.signal === 'SIGKILL') kills += 1;
      const last = await runIngestChild(args, { script: CHILD, until: done });
      expect(last.code).toBe(0);
    } finally {
      await worker.stop();
    }
    expect(kills).toBeGreaterThan(0);
    // what a worker's parking timer does: apply what waits for a row another worker committed meanwhile
    await settleParked(distributed);

    const left = await canonicalContents(inProcess.db);
    const right = await canonicalContents(distributed.db);
    if (process.env.HUIJU_TWO_PATH_DUMP) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(process.env.HUIJU_TWO_PATH_DUMP, JSON.stringify({ left: { ...left.rows, ...left.history }, right: { ...right.rows, ...right.history } }));
    }
    const rows = canonicalDiff(left.rows, right.rows);
    const history = canonicalDiff(left.history, right.history);
    const lineage = lineageComparison(left.lineage, right.lineage);
    const line = (t: string, d: (typeof rows)[string]) => `  ${t.padEnd(30)} ${String(d.rows).padStart(7)} rows  lost ${d.lost}  extra ${d.extra}${d.examples.length ? `\n    ${d.examples.join('\n    ')}` : ''}`;
    console.info(
      `two-path test (${PROFILE}, ${topics.length / 2} sources, ${kills} kills): in-process vs Kafka\n` +
        Object.entries(rows).map(([t, d]) => line(t, d)).join('\n') +
        `\n  lineage: ${lineage.shared} records tied in both, ${lineage.differing.length} to another row; tied in one store only: ${lineage.only.left} / ${lineage.only.right}${lineage.differing.slice(0, 5).map((d) => `\n    ${d}`).join("")}` +
        `\n  history (may differ with arrival order, see test/support/canonical-contents.ts):\n` +
        Object.entries(history).map(([t, d]) => `  ${t.padEnd(30)} ${String(d.rows).padStart(7)} rows  lost ${d.lost}  extra ${d.extra}`).join('\n'),
    );
    expect(left.rows.person!.length).toBeGreaterThan(100);
    expect(left.rows.case_record!.length).toBeGreaterThan(10);
    for (const [table, d] of Object.entries(rows)) expect({ table, lost: d.lost, extra: d.extra }).toEqual({ table, lost: 0, extra: 0 });
    expect(lineage.differing).toEqual([]);
    expect(lineage.shared).toBeGreaterThan(left.rows.person!.length);
  });
});
