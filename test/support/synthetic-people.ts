/**
 * A synthetic people connector for distributed-ingestion tests and benchmarks: it generates its
 * records in memory from its config (no files), so a test can ask for 20,000 people, three
 * versions of each in shuffled order, a share of malformed records, or a full snapshot.
 *
 * Object `i` has external id `p<i>`, a valid, unique 18-digit ID number, and lives in household
 * `H-<i/3>`. Version `v` of it has `updated_at` = 2026-01-01 + v days and name `居民<i>-<v>`.
 */
import { z } from 'zod';
import { change, defineConnector, defineStream, RecordError, type ReadMessage } from '../../src/sdk';
import type { ResolvedSource } from '../../src/ingest/sync/resolve-source';

export const syntheticConfig = z
  .object({
    /** Objects (people). */
    count: z.number().int().min(0),
    /** Versions of each object. */
    versions: z.number().int().min(1).default(1),
    /** Shuffle the order of all records (versions of one object included). */
    shuffle: z.boolean().default(false),
    seed: z.number().int().default(1),
    /** Every n-th record is malformed (cycling: unparseable line, missing name, bad ID checksum); 0 = none. */
    malformedEvery: z.number().int().min(0).default(0),
    /** Only these objects (a snapshot where the others are missing). */
    only: z.array(z.number().int()).optional(),
    /** Wrap the records in a full snapshot of residencies under this scope (external-id prefix). */
    snapshot: z.object({ scope: z.string(), asOf: z.string() }).optional(),
    /** A checkpoint every n records (cursor: records emitted). */
    checkpointEvery: z.number().int().min(1).default(1_000),
    /** Offset added to every version's day (a second, newer export). */
    dayOffset: z.number().int().default(0),
  })
  .strict();

type Config = z.infer<typeof syntheticConfig>;

interface PersonRow {
  id?: string;
  id_number?: string;
  name?: string;
  household_no?: string;
  updated_at?: string;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A valid ID number unique for i < 36,500,000. */
export function syntheticIdNumber(i: number): string {
  const birth = new Date(Date.UTC(1950, 0, 1) + Math.floor(i / 1000) * 86_400_000);
  const date = birth.toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `420102${date}${String(i % 1000).padStart(3, '0')}`;
  const sum = [...first17].reduce((s, d, k) => s + Number(d) * WEIGHTS[k]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4_294_967_296;
  };
}

/** The records the config describes, in read order (`failed` ones as the raw text). */
export function syntheticRecords(config: Config): ({ kind: 'record'; data: PersonRow } | { kind: 'failed'; raw: string })[] {
  const objects = config.only ?? Array.from({ length: config.count }, (_, i) => i);
  const out: ({ kind: 'record'; data: PersonRow } | { kind: 'failed'; raw: string })[] = [];
  for (const i of objects) {
    for (let v = 0; v < config.versions; v++) {
      const day = new Date(Date.UTC(2026, 0, 1 + v + config.dayOffset)).toISOString();
      out.push({ kind: 'record', data: { id: `p${i}`, id_number: syntheticIdNumber(i), name: `居民${i}-${v + config.dayOffset}`, household_no: `H-${Math.floor(i / 3)}`, updated_at: day } });
    }
  }
  if (config.shuffle) {
    const rnd = prng(config.seed);
    for (let k = out.length - 1; k > 0; k--) {
      const j = Math.floor(rnd() * (k + 1));
      [out[k], out[j]] = [out[j]!, out[k]!];
    }
  }
  if (config.malformedEvery > 0) {
    for (let k = config.malformedEvery - 1, n = 0; k < out.length; k += config.malformedEvery, n++) {
      const r = out[k]!;
      if (r.kind !== 'record') continue;
      if (n % 3 === 0) out[k] = { kind: 'failed', raw: `{"id": "${r.data.id}", broken` };
      else if (n % 3 === 1) out[k] = { kind: 'record', data: { ...r.data, name: undefined } };
      else out[k] = { kind: 'record', data: { ...r.data, id_number: `${r.data.id_number!.slice(0, 17)}${r.data.id_number!.endsWith('0') ? '1' : '0'}` } };
    }
  }
  return out;
}

const people = defineStream<Config, PersonRow>({
  name: 'people',
  description: 'Synthetic people',
  primaryKey: ['id'],
  cursorField: 'updated_at',
  // declared like a real connector's, so the distributed tests run with sealed raw-topic values
  personalFields: { name: ['name'], idNumber: ['id_number'] },
  async *read(ctx, cursor): AsyncIterable<ReadMessage> {
    const records = syntheticRecords(ctx.config);
    const start = typeof cursor === 'number' ? cursor : 0;
    if (ctx.config.snapshot && start === 0) yield { type: 'snapshot-begin', scope: ctx.config.snapshot.scope };
    for (let k = start; k < records.length; k++) {
      if (ctx.signal.aborted) return;
      const r = records[k]!;
      if (r.kind === 'record') yield { type: 'record', data: r.data, position: { index: k } };
      else yield { type: 'failed', reason: 'BAD_JSON', message: `record ${k} is not valid JSON`, raw: r.raw, position: { index: k } };
      if ((k + 1) % ctx.config.checkpointEvery === 0) yield { type: 'checkpoint', cursor: k + 1 };
    }
    if (ctx.config.snapshot && start === 0) yield { type: 'snapshot-end', scope: ctx.config.snapshot.scope, asOf: ctx.config.snapshot.asOf };
    yield { type: 'checkpoint', cursor: records.length };
  },
  externalId: (r) => String(r.id ?? ''),
  version: (r, readAt) => r.updated_at ?? readAt,
  map(r) {
    if (!r.id) throw new RecordError('MISSING_FIELD', 'id is missing');
    if (!r.id_number) throw new RecordError('MISSING_FIELD', 'id_number is missing');
    if (!r.name) throw new RecordError('MISSING_FIELD', 'name is missing');
    if (!r.household_no) throw new RecordError('MISSING_FIELD', 'household_no is missing');
    return [
      change('person', { idNumber: r.id_number, name: r.name }),
      change('household', { householdNo: r.household_no, kind: 'RESIDENT' }),
      change('residency', { personIdNumber: r.id_number, householdNo: r.household_no, category: 'FLOATING' }),
    ];
  },
});

export const syntheticPeopleConnector = defineConnector<Config>({
  id: 'synthetic-people',
  version: '1.0.0',
  displayName: 'Synthetic people (tests)',
  description: 'Generated people for distributed-ingestion tests',
  config: syntheticConfig,
  async check() {
    return { ok: true };
  },
  streams: [people],
});

/** A resolved source over the synthetic connector. */
export function syntheticSource(id: string, config: z.input<typeof syntheticConfig>): ResolvedSource {
  return { id, connector: syntheticPeopleConnector, config: syntheticConfig.parse(config), displayConfig: {}, scheduleMs: null, baseDir: process.cwd() };
}
