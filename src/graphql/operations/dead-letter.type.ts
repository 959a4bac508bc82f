import type { Selectable } from 'kysely';
import { Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import type { DeadLetterTable } from '../../db/tables/ingestion.table';

export type DeadLetterRow = Selectable<DeadLetterTable>;

/** A record the hub could not use: where it was, why, and its payload with personal information masked. */
@ObjectType('DeadLetter', { simpleResolvers: true, description: '死信 — a record the hub could not use, kept with its reason code and its raw payload (personal information masked) until it is replayed or discarded.' })
export class DeadLetterType {
  @Field(() => ID, { description: 'Dead-letter id (for `huiju dead-letters replay --id`).' })
  id!: string;

  @Field(() => String, { description: 'Configured source id.' })
  source!: string;

  @Field(() => String, { description: 'Stream of the source.' })
  stream!: string;

  @Field(() => String, { nullable: true, description: 'The record\'s key in its stream, when it had one.' })
  externalId!: string | null;

  @Field(() => String, { description: 'Where the record was, as JSON: `{"file":…,"line":…}`, `{"page":…}`, `{"topic":…,"partition":…,"offset":…}`.' })
  positionJson!: string;

  @Field(() => String, { description: 'Stage that failed: PARSE, VALIDATE, MAP, RESOLVE or UPSERT.' })
  stage!: string;

  @Field(() => String, { description: 'Reason code, e.g. INVALID_ID_CHECKSUM, MOJIBAKE, SCHEMA_DRIFT, UNRESOLVED_REFERENCE.' })
  reason!: string;

  @Field(() => String, { description: 'What was wrong, for people (never contains personal information).' })
  message!: string;

  @Field(() => String, { nullable: true, description: 'The raw payload as JSON, personal information masked (ID numbers, mobiles, names).' })
  payloadJson!: string | null;

  @Field(() => String, { description: 'OPEN, REPLAYED or DISCARDED.' })
  status!: string;

  @Field(() => Int, { description: 'How often it was replayed.' })
  replayCount!: number;

  @Field(() => GraphQLISODateTime, { description: 'When it was stored.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When a replay wrote it.' })
  replayedAt!: Date | null;
}

/** Row → GraphQL type. The ciphertext kept for replay never leaves the store. */
export function toDeadLetterType(row: Pick<DeadLetterRow, 'id' | 'source' | 'stream' | 'external_id' | 'position' | 'stage' | 'reason_code' | 'message' | 'payload' | 'status' | 'replay_count' | 'created_at' | 'replayed_at'>): DeadLetterType {
  return Object.assign(new DeadLetterType(), {
    id: row.id,
    source: row.source,
    stream: row.stream,
    externalId: row.external_id,
    positionJson: JSON.stringify(row.position ?? {}),
    stage: row.stage,
    reason: row.reason_code,
    message: row.message,
    payloadJson: row.payload === null || row.payload === undefined ? null : JSON.stringify(row.payload),
    status: row.status,
    replayCount: row.replay_count,
    createdAt: row.created_at,
    replayedAt: row.replayed_at,
  });
}
