/**
 * Personal information on the raw topics (src/kafka/README.md): a source published to
 * `huiju.raw.<source>` carries its declared ID numbers and mobiles encrypted, so a dump of the
 * topic's bytes holds none in clear; the ingest worker opens them and writes exactly what an
 * in-process sync writes (same ID and mobile hashes, same payload hashes); a record in the older
 * clear format is still applied; the DLQ topic shows no declared value in clear.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { expect, inject, it } from 'vitest';
import { FIXTURE_CONFIG } from '../../connectors/street-office/conformance';
import { streetOfficeConnector } from '../../connectors/street-office/index';
import { TEMPLATE_CONNECTOR } from '../../connectors/index';
import { citizenIdCheckChar } from '../../src/domain/citizen-id';
import { syncSource } from '../../src/ingest/sync/run-sync';
import type { ResolvedSource } from '../../src/ingest/sync/resolve-source';
import { createKafka } from '../../src/kafka/client';
import { dlqTopic, rawHeaders, rawTopic } from '../../src/kafka/raw-topic';
import type { ConnectorDefinition } from '../../src/sdk/connector';
import { declaredValues } from '../../src/sdk/personal-fields';
import { ingestUntilCaughtUp, publishSource } from '../support/kafka-ingest';
import { useKafkaTestResources } from '../support/kafka-test-resources';
import { describeWithKafka, kafkaBrokers } from '../support/services';
import type { TestHub } from '../support/test-hub';

const run = randomUUID().slice(0, 8);
const hasPostgres = Boolean(inject('databaseUrl'));

/** 18-character ID numbers whose check character holds, anywhere in a text. */
function validIdNumbersIn(text: string): string[] {
  return [...text.matchAll(/(?<![0-9])[0-9]{17}[0-9Xx](?![0-9])/g)].map((m) => m[0]).filter((id) => citizenIdCheckChar(id.slice(0, 17)) === id[17]!.toUpperCase());
}
/** 11-digit mainland mobiles, anywhere in a text. */
function mobilesIn(text: string): string[] {
  return [...text.matchAll(/(?<![0-9])1[3-9][0-9]{9}(?![0-9])/g)].map((m) => m[0]);
}

/** Every message of a topic as one text: keys, values and header values, as the broker holds them. */
async function dumpTopic(brokers: string[], topic: string, expected: number): Promise<string> {
  const consumer = createKafka({ brokers }).consumer({ groupId: `huiju-test-dump-${randomUUID()}`, maxWaitTimeInMs: 200 });
  const parts: string[] = [];
  let seen = 0;
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let done!: () => void;
    const all = new Promise<void>((r) => (done = r));
    await consumer.run({
      eachMessage: async ({ message }) => {
        parts.push(message.key?.toString('utf8') ?? '', message.value?.toString('utf8') ?? '');
        for (const v of Object.values(message.headers ?? {})) parts.push(String(v ?? ''));
        if (++seen >= expected) done();
      },
    });
    await Promise.race([all, new Promise((_, reject) => setTimeout(() => reject(new Error(`read ${seen} of ${expected} messages of ${topic}`)), 30_000))]);
  } finally {
    await consumer.disconnect();
  }
  return parts.join('\n');
}

describeWithKafka('personal information on the raw topics (real broker, real PostgreSQL)', () => {
  const kafka = useKafkaTestResources();
  const brokers = () => kafkaBrokers();
  const hub = (key: Buffer) => kafka.hub(key);
  const resolved = (id: string, connector: ConnectorDefinition, config: unknown): ResolvedSource => {
    kafka.source(id);
    return { id, connector, config: connector.config.parse(config), displayConfig: {}, scheduleMs: null, baseDir: process.cwd() };
  };

  it.skipIf(!hasPostgres)('street-office and template fixtures: no clear ID number or mobile on the raw topic; ingest writes what an in-process sync writes', { timeout: 120_000 }, async () => {
    const key = randomBytes(32);
    const templateFixtures = await (await TEMPLATE_CONNECTOR.conformance()).setup();
    const sources = [resolved(`t-seal-street-${run}`, streetOfficeConnector, FIXTURE_CONFIG), resolved(`t-seal-template-${run}`, TEMPLATE_CONNECTOR.connector, templateFixtures.config)];

    // what the records say in clear, by declaration: none of it may be on the topic
    const clearIdentifiers = new Set<string>();
    for (const source of sources) {
      for (const stream of source.connector.streams) {
        for await (const m of stream.read({ config: source.config, sourceId: source.id, signal: new AbortController().signal, logger: { debug() {}, info() {}, warn() {} }, baseDir: process.cwd() }, null)) {
          if (m.type !== 'record') continue;
          for (const v of declaredValues(m.data, stream.personalFields ?? {})) if ((v.kind === 'idNumber' || v.kind === 'mobile') && v.value.length >= 7) clearIdentifiers.add(v.value);
        }
      }
    }
    expect(clearIdentifiers.size).toBeGreaterThan(10);

    const local = await hub(key);
    const dist = await hub(key);
    for (const source of sources) {
      expect((await syncSource(local, source)).every((r) => r.status === 'SUCCEEDED')).toBe(true);
      // one partition: the workers then apply the streams in the order an in-process sync does (grids before the residents in them)
      const reports = await publishSource(dist, source, brokers(), 1);
      expect(reports.every((r) => r.status === 'SUCCEEDED')).toBe(true);
      const published = reports.reduce((s, r) => s + (r.published ?? 0), 0);
      expect(published).toBeGreaterThan(0);

      const dump = await dumpTopic(brokers(), rawTopic(source.id), published);
      expect(dump).toContain('"$enc"');
      expect(validIdNumbersIn(dump), `${source.id}: clear ID numbers on the raw topic`).toEqual([]);
      expect(mobilesIn(dump), `${source.id}: clear mobiles on the raw topic`).toEqual([]);
      expect([...clearIdentifiers].filter((v) => dump.includes(v)), `${source.id}: declared values in clear on the raw topic`).toEqual([]);
    }

    // a record of the older clear format, already on the topic before sealing: still applied
    const oldId = `11010519491231003${citizenIdCheckChar('11010519491231003')}`;
    const oldFormat = { exportedAt: '2026-06-03T08:00:00+08:00', row: { 编号: 'p-old', 姓名: '旧格式', 公民身份号码: oldId, 联系电话: '13900002222', 户号: 'T-OLD', 更新时间: '2026-06-03T08:00:00+08:00' } };
    const producer = createKafka({ brokers: brokers() }).producer();
    await producer.connect();
    await producer.send({
      topic: rawTopic(sources[1]!.id),
      messages: [{ key: 'p-old', value: JSON.stringify({ data: oldFormat, position: { file: 'old.csv', line: 2 }, readAt: '2026-06-03T00:00:00.000Z' }), headers: rawHeaders('record', { source: sources[1]!.id, stream: 'people', schemaVersion: '1.0.0' }) }],
    });
    await producer.disconnect();

    for (const source of sources) await ingestUntilCaughtUp(dist, source, brokers(), `huiju-test-${run}-seal-${source.id}`);

    // the same rows as in-process, the old-format record on top
    const contents = async (h: TestHub) => {
      const q = async (text: string) => (await sql.raw<Record<string, unknown>>(text).execute(h.db)).rows;
      return {
        persons: await q("select natural_key, name, id_hash, mobile_hash from person where name <> '旧格式' order by natural_key"),
        // the records applied, with their payloads; not every row each is tied to: a record that only
        // refers to a row leaves lineage when it creates it, none when the row was there already —
        // and a chunk of the worker holds other records than a batch of the sync
        lineage: await q("select distinct source, stream, external_id, payload_hash from source_record where external_id <> 'people:p-old' order by 1, 2, 3, 4"),
        deadLetters: await q('select source, stream, stage, reason_code, payload_hash, payload from dead_letter order by payload_hash, reason_code'),
      };
    };
    const a = await contents(local);
    const b = await contents(dist);
    expect(a.persons.length).toBeGreaterThan(5);
    expect(a.persons.filter((p) => p.mobile_hash !== null).length).toBeGreaterThan(2);
    expect(b).toEqual(a);
    const old = await dist.db.selectFrom('person').select(['id_hash', 'mobile_hash']).where('name', '=', '旧格式').executeTakeFirstOrThrow();
    expect(old.id_hash).toBe(dist.vault.hash('citizen-id', oldId));
    expect(old.mobile_hash).not.toBeNull();

    // the DLQ topic: every dead letter of the run, none with a declared value in clear
    for (const source of sources) {
      const letters = Number((await dist.db.selectFrom('dead_letter').select((eb) => eb.fn.countAll<number>().as('n')).where('source', '=', source.id).executeTakeFirstOrThrow()).n);
      expect(letters).toBeGreaterThan(0);
      const dlq = await dumpTopic(brokers(), dlqTopic(source.id), letters);
      expect(validIdNumbersIn(dlq)).toEqual([]);
      expect(mobilesIn(dlq)).toEqual([]);
      expect([...clearIdentifiers].filter((v) => dlq.includes(v))).toEqual([]);
      for (const name of ['张伟', '王芳', '赵磊', '张三', '李四', '王五', '赵六', '孙七', '孫七']) expect(dlq, `${source.id}: a name in clear on the DLQ topic`).not.toContain(name);
    }
  });
});
