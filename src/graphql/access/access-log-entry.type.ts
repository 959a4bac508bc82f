import type { Selectable } from 'kysely';
import { Field, GraphQLISODateTime, ID, ObjectType } from 'type-graphql';
import type { AccessLogTable } from '../../db/tables/access.table';
import { toGlobalId } from '../common/global-id';

export type AccessLogRow = Selectable<AccessLogTable>;

/** One row of the access log. */
@ObjectType('AccessLogEntry', { simpleResolvers: true, description: '访问日志 — one audited act: who revealed which person\'s personal information, when and why.' })
export class AccessLogEntryType {
  @Field(() => ID, { description: 'Access-log row id.' })
  id!: string;

  @Field(() => GraphQLISODateTime, { description: 'When.' })
  at!: Date;

  @Field(() => String, { description: 'Who: a token subject, `api-key:<id>`, `development` or `cli`.' })
  actor!: string;

  @Field(() => String, { description: 'The role the actor had.' })
  role!: string;

  @Field(() => String, { description: 'What, e.g. REVEAL_PERSON.' })
  action!: string;

  @Field(() => ID, { nullable: true, description: 'Global ID of the object concerned.' })
  subjectId!: string | null;

  @Field(() => String, { nullable: true, description: 'What the act concerned when it is no object with a global ID: `source:<id>` (pauseSource, resumeSource), `source:<id>/<stream>` (resetStream).' })
  target!: string | null;

  @Field(() => [String], { description: 'Fields shown in clear.' })
  fields!: string[];

  @Field(() => String, { description: 'The reason the actor stated.' })
  reason!: string;
}

const NODE_TYPES: Record<string, 'Person'> = { person: 'Person' };

/** Row → GraphQL type. */
export function toAccessLogEntryType(row: AccessLogRow): AccessLogEntryType {
  const t = new AccessLogEntryType();
  t.id = row.id;
  t.at = row.at;
  t.actor = row.actor;
  t.role = row.role;
  t.action = row.action;
  const type = row.entity ? NODE_TYPES[row.entity] : undefined;
  t.subjectId = type && row.entity_id ? toGlobalId(type, row.entity_id) : null;
  t.target = row.target ?? null;
  t.fields = row.fields;
  t.reason = row.reason;
  return t;
}
