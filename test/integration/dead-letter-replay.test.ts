import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { listDeadLetters } from '../../src/ingest/dead-letter.repository';
import { replayDeadLetters } from '../../src/ingest/replay-dead-letters';
import type { ResolvedSource } from '../../src/ingest/sync/resolve-source';
import { syncSource } from '../../src/ingest/sync/run-sync';
import { change, defineConnector, defineStream, RecordError } from '../../src/sdk';
import { availableStoreKinds, createTestHub, type TestHub } from '../support/test-hub';

interface Row {
  id: string;
  idNumber: string;
  name: string;
  householdNo?: string;
}

const rows: Row[] = [
  { id: 'r1', idNumber: '420102199003070010', name: '张三', householdNo: 'H1' },
  // no household: unusable until the source config names a default
  { id: 'r2', idNumber: '11010519491231002X', name: '李四' },
  // a bad check character: no config fixes that
  { id: 'r3', idNumber: '36042619910102009X', name: '王五', householdNo: 'H1' },
];

const config = z.object({ defaultHousehold: z.string().optional() });
const connector = defineConnector<z.infer<typeof config>>({
  id: 'replay-test',
  version: '1.0.0',
  displayName: 'Replay test',
  description: 'rows in memory',
  config,
  check: async () => ({ ok: true }),
  streams: [
    defineStream<z.infer<typeof config>, Row>({
      name: 'rows',
      description: 'rows',
      primaryKey: ['id'],
      async *read() {
        for (const r of rows) yield { type: 'record', data: r };
      },
      externalId: (r) => r.id,
      version: () => '2026-06-01T00:00:00Z',
      map(r, { config: c }) {
        const householdNo = r.householdNo ?? c.defaultHousehold;
        if (!householdNo) throw new RecordError('MISSING_FIELD', 'householdNo is missing');
        return [
          change('household', { householdNo, kind: 'RESIDENT' }),
          change('person', { idNumber: r.idNumber, name: r.name }),
          change('residency', { personIdNumber: r.idNumber, householdNo, category: 'FLOATING' }),
        ];
      },
    }),
  ],
});

const source = (c: z.infer<typeof config>): ResolvedSource => ({ id: 'replay-src', connector, config: c, displayConfig: {}, scheduleMs: null, baseDir: process.cwd() });

describe.each(availableStoreKinds())('dead-letter replay on %s', (kind) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub(kind);
    await syncSource(hub, source({}));
  });
  afterAll(async () => hub?.destroy());

  it('lists dead letters masked, without the ciphertext kept for replay', async () => {
    const letters = await listDeadLetters(hub.db, { source: 'replay-src' });
    expect(letters.map((l) => l.reason).sort()).toEqual(['INVALID_ID_CHECKSUM', 'MISSING_FIELD']);
    const text = JSON.stringify(letters);
    expect(text).not.toContain('11010519491231002X');
    expect(text).not.toContain('李四');
    expect(text).not.toContain('v1:');
    const stored = await hub.db.selectFrom('dead_letter').select('payload_enc').where('reason_code', '=', 'MISSING_FIELD').executeTakeFirstOrThrow();
    expect(JSON.parse(hub.vault.decrypt(stored.payload_enc!))).toEqual(rows[1]);
  });

  it('writes a dead letter once its cause is fixed, and keeps the one that still fails open', async () => {
    const report = await replayDeadLetters(hub, [source({ defaultHousehold: 'H-DEFAULT' })], { source: 'replay-src' });
    expect(report).toMatchObject({ considered: 2, replayed: 1, stillFailing: 1, newReason: 0, skipped: [] });
    const person = await hub.db.selectFrom('person').select('name').where('name', '=', '李四').execute();
    expect(person).toHaveLength(1);
    const letters = await hub.db.selectFrom('dead_letter').select(['reason_code', 'status', 'replay_count']).orderBy('reason_code').execute();
    expect(letters).toEqual([
      { reason_code: 'INVALID_ID_CHECKSUM', status: 'OPEN', replay_count: 1 },
      { reason_code: 'MISSING_FIELD', status: 'REPLAYED', replay_count: 1 },
    ]);
    // replaying again only looks at what is still open
    expect(await replayDeadLetters(hub, [source({ defaultHousehold: 'H-DEFAULT' })], { source: 'replay-src' })).toMatchObject({ considered: 1, stillFailing: 1 });
  });

  it('skips dead letters whose source is not configured', async () => {
    const report = await replayDeadLetters(hub, [], { source: 'replay-src' });
    expect(report.skipped).toHaveLength(1);
    expect(report.replayed).toBe(0);
  });
});
