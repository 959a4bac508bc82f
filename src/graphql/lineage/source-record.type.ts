import type { Selectable } from 'kysely';
import { Field, GraphQLISODateTime, ObjectType } from 'type-graphql';
import type { SourceRecordTable } from '../../db/tables/lineage.table';
import { maskFreeText } from '../../domain/masking';

/** 数据来源: one source record behind a canonical row (lineage). */
@ObjectType('SourceRecord', { simpleResolvers: true, description: 'Lineage (数据来源): one record of a source system that contributed to this object.' })
export class SourceRecordType {
  @Field(() => String, { description: 'Source (connector) id, e.g. `street-files`.' })
  source!: string;

  @Field(() => String, { description: 'Stream of the source the record came from.' })
  stream!: string;

  @Field(() => String, { description: 'The record\'s key in the source (ID-number and mobile patterns masked).' })
  externalId!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the hub first read this record.' })
  firstSeen!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the hub last read this record.' })
  lastSeen!: Date;
}

/** Maps a `source_record` row. External ids are masked: a source may key people by ID number. */
export function toSourceRecordType(row: Pick<Selectable<SourceRecordTable>, 'source' | 'stream' | 'external_id' | 'first_seen' | 'last_seen'>): SourceRecordType {
  const t = new SourceRecordType();
  t.source = row.source;
  t.stream = row.stream;
  t.externalId = maskFreeText(row.external_id);
  t.firstSeen = row.first_seen;
  t.lastSeen = row.last_seen;
  return t;
}
