/**
 * The publishing side of oversize records (#14): `huiju connectors sync` with Kafka publishes a
 * source's records to `huiju.raw.<source>`, whose `max.message.bytes` is the hub's
 * `kafka.maxMessageBytes` (Kafka's 1 MiB default here). A record larger than that is dead-lettered
 * in PostgreSQL (`MESSAGE_TOO_LARGE`, its raw record kept encrypted whole) instead of failing the
 * send, and the rest of the stream is published and applied; records that each fit are never
 * refused for being sent together. Real broker, real PostgreSQL; assertions on rows and offsets.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { expect, inject, it } from 'vitest';
import { replayDeadLetters } from '../../src/ingest/replay-dead-letters';
import { type StreamSyncReport, syncSource } from '../../src/ingest/sync/run-sync';
import type { ResolvedSource } from '../../src/ingest/sync/resolve-source';
import { openRawPublisher } from '../../src/kafka/publish-raw';
import { rawTopic } from '../../src/kafka/raw-topic';
import { change, defineConnector, defineStream, type ReadMessage } from '../../src/sdk';
import { endOffsets, ingestUntilCaughtUp } from '../support/kafka-ingest';
import { useKafkaTestResources } from '../support/kafka-test-resources';
import { describeWithKafka, kafkaBrokers } from '../support/services';
import { syntheticIdNumber } from '../support/synthetic-people';

const hasPostgres = Boolean(inject('databaseUrl'));
const run = randomUUID().slice(0, 8);
const MiB = 1024 * 1024;

const notesConfig = z.object({
  count: z.number().int(),
  /** Characters of every record's note. */
  noteChars: z.number().int().default(10),
  /** Records whose note is this many characters instead. */
  big: z.record(z.string(), z.number().int()).default({}),
  /** A checkpoint (which flushes what was read) after every this many records. */
  checkpointEvery: z.number().int().default(10),
});
type NotesConfig = z.infer<typeof notesConfig>;
interface NoteRow {
  id: string;
  id_number: string;
  name: string;
  note: string;
  updated_at: string;
}

/** People with a free-text note each; a few notes are as large as the test asks. */
const notes = defineStream<NotesConfig, NoteRow>({
  name: 'notes',
  description: 'People with a note',
  primaryKey: ['id'],
  personalFields: { name: ['name'], idNumber: ['id_number'] },
  async *read(ctx, cursor): AsyncIterable<ReadMessage> {
    const start = typeof cursor === 'number' ? cursor : 0;
    for (let i = start; i < ctx.config.count; i++) {
      const chars = ctx.config.big[String(i)] ?? ctx.config.noteChars;
      yield { type: 'record', data: { id: `n${i}`, id_number: syntheticIdNumber(i), name: `笔记${i}`, note: 'x'.repeat(chars), updated_at: '2026-03-01T00:00:00.000Z' }, position: { index: i } };
      if ((i + 1) % ctx.config.checkpointEvery === 0) yield { type: 'checkpoint', cursor: i + 1 };
    }
    yield { type: 'checkpoint', cursor: ctx.config.count };
  },
  externalId: (r) => r.id,
  version: (r) => r.updated_at,
  map: (r) => [change('person', { idNumber: r.id_number, name: r.name })],
});

const notesConnector = defineConnector<NotesConfig>({
  id: 'notes-test',
  version: '1.0.0',
  displayName: 'Notes (tests)',
  description: 'People with notes of chosen sizes',
  config: notesConfig,
  async check() {
    return { ok: true };
  },
  streams: [notes],
});

function notesSource(id: string, config: z.input<typeof notesConfig>): ResolvedSource {
  return { id, connector: notesConnector, config: notesConfig.parse(config), displayConfig: {}, scheduleMs: null, baseDir: process.cwd() };
}

const sum = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describeWithKafka('publishing records larger than the raw topic takes', () => {
  const kafka = useKafkaTestResources();

  it.skipIf(!hasPostgres)('dead-letters a 2 MB record as MESSAGE_TOO_LARGE (raw kept) and publishes and applies the rest of the batch', { timeout: 120_000 }, async () => {
    const hub = await kafka.hub();
    const id = kafka.source(`t-oversize-${run}`);
    const source = notesSource(id, { count: 40, big: { '17': 2 * MiB } });
    const publisher = await openRawPublisher(hub, { brokers: kafkaBrokers(), partitions: 2 });
    let reports: StreamSyncReport[];
    try {
      // one batch holds every record: the big one travels with small ones of its partition
      reports = await syncSource(hub, source, { runStream: publisher.runStream, batchSize: 1_000 });
    } finally {
      await publisher.close();
    }
    const [report] = reports;
    expect(report).toMatchObject({ status: 'SUCCEEDED', read: 40, published: 39, deadLetters: 1, reasons: { MESSAGE_TOO_LARGE: 1 } });
    expect(report!.error).toBeUndefined();
    // the broker holds the 39 others
    expect(sum(await endOffsets(kafkaBrokers(), rawTopic(id)))).toBe(39);
    // the cursor reached the end: the next sync does not read the big record again
    const cursor = await hub.db.selectFrom('connector_cursor').select('cursor').where('source_id', '=', id).executeTakeFirstOrThrow();
    expect(cursor.cursor).toBe(40);
    const runRow = await hub.db.selectFrom('sync_run').selectAll().where('source_id', '=', id).executeTakeFirstOrThrow();
    expect(runRow).toMatchObject({ status: 'SUCCEEDED', records_read: 40, dead_letters: 1 });

    const letters = await hub.db.selectFrom('dead_letter').selectAll().where('source', '=', id).execute();
    expect(letters).toHaveLength(1);
    const letter = letters[0]!;
    expect(letter).toMatchObject({ stream: 'notes', external_id: 'n17', reason_code: 'MESSAGE_TOO_LARGE', status: 'OPEN' });
    expect(letter.message).toMatch(/1048588/);
    // the stored copy is bounded and masked; the encrypted raw is the whole record
    expect(letter.payload).toMatchObject({ $truncated: true });
    expect(JSON.stringify(letter.payload)).not.toContain(syntheticIdNumber(17));
    const raw = JSON.parse(hub.vault.decrypt(letter.payload_enc!)) as NoteRow;
    expect(raw.id).toBe('n17');
    expect(raw.id_number).toBe(syntheticIdNumber(17));
    expect(raw.note).toHaveLength(2 * MiB);

    // a worker applies the 39 published records and nothing waits
    const group = `huiju-test-${run}-oversize`;
    const { events } = await ingestUntilCaughtUp(hub, source, kafkaBrokers(), group);
    expect(events.reduce((n, e) => n + e.applied, 0)).toBe(39);
    const people = await hub.db.selectFrom('person').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(people.n)).toBe(39);

    // the dead letter is replayable: its full record applies in-process
    const replay = await replayDeadLetters(hub, [source], { source: id });
    expect(replay).toMatchObject({ considered: 1, replayed: 1, skipped: [] });
    const after = await hub.db.selectFrom('person').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(40);
  });

  it.skipIf(!hasPostgres)('sends records that each fit in sends under the topic limit (300 records of 20 KB in one batch)', { timeout: 120_000 }, async () => {
    const hub = await kafka.hub();
    const id = kafka.source(`t-sizable-${run}`);
    // 6 MB in one batch of 1,000 — about 3 MB per partition, three times what one send may carry
    const source = notesSource(id, { count: 300, noteChars: 20_000, checkpointEvery: 1_000 });
    const publisher = await openRawPublisher(hub, { brokers: kafkaBrokers(), partitions: 2 });
    let reports: StreamSyncReport[];
    try {
      reports = await syncSource(hub, source, { runStream: publisher.runStream, batchSize: 1_000 });
    } finally {
      await publisher.close();
    }
    expect(reports[0]).toMatchObject({ status: 'SUCCEEDED', read: 300, published: 300, deadLetters: 0 });
    expect(sum(await endOffsets(kafkaBrokers(), rawTopic(id)))).toBe(300);
    expect(await hub.db.selectFrom('dead_letter').selectAll().where('source', '=', id).execute()).toEqual([]);
  });
});
