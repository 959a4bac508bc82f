import { isHuijuError } from '../../errors';
import type { JsonValue, StreamDefinition } from '../../sdk/connector';
import type { IngestRecord } from '../ingest-record';
import type { ResolvedSource } from './resolve-source';
import { withinLimit } from '../write/text-limits';

/**
 * Maps one raw record of a stream to what the write path takes: its external id, its version
 * (`readAt` when the record has none) and its canonical changes — or, when the stream's mapping
 * rejects it with a coded error, a failed record (a dead letter at stage MAP; an external id over
 * the key limit of `text-limits.ts` is `VALUE_TOO_LONG`). Used in-process by
 * `syncSource` and, on the other side of a `huiju.raw.<source>` topic, by the ingest workers, so
 * both modes map a record the same way.
 */
export function toIngestRecord(source: ResolvedSource, stream: StreamDefinition, data: unknown, position: Record<string, JsonValue> | undefined, readAt: string): IngestRecord {
  let externalId = '';
  try {
    // an id longer than a key may be would fail the lineage index: the record is a dead letter, without it
    externalId = withinLimit(stream.externalId(data), 'externalId', 'key');
    const version = stream.version(data, readAt);
    const changes = stream.map(data, { config: source.config, sourceId: source.id });
    return { kind: 'mapped', source: source.id, stream: stream.name, externalId, version, payload: data, position, changes, personalFields: stream.personalFields };
  } catch (err) {
    if (!isHuijuError(err)) throw err;
    return {
      kind: 'failed',
      source: source.id,
      stream: stream.name,
      externalId,
      position,
      stage: 'MAP',
      reason: err.code,
      message: err.message,
      payload: data,
      personalFields: stream.personalFields,
    };
  }
}
