import type { Selectable } from 'kysely';
import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from 'type-graphql';
import type { MatchReviewTable } from '../../db/tables/identity.table';
import { maskFreeText } from '../../domain/masking';

export type MatchReviewRow = Selectable<MatchReviewTable>;

/** Status of a review entry. */
export const MatchReviewStatus = { OPEN: 'OPEN', MERGED: 'MERGED', DISMISSED: 'DISMISSED' } as const;
export type MatchReviewStatus = (typeof MatchReviewStatus)[keyof typeof MatchReviewStatus];
registerEnumType(MatchReviewStatus, {
  name: 'MatchReviewStatus',
  description: 'Where a review entry stands.',
  valuesConfig: {
    OPEN: { description: 'Waiting for an operator.' },
    MERGED: { description: 'The new row was merged with a candidate (`mergeEntities`).' },
    DISMISSED: { description: 'The new row stays a row of its own (`dismissMatchReview`).' },
  },
});

/** Why an incoming record became a new row although existing rows resemble it. */
export const MatchReviewReason = { AMBIGUOUS: 'AMBIGUOUS', WEAK_MATCH: 'WEAK_MATCH' } as const;
export type MatchReviewReason = (typeof MatchReviewReason)[keyof typeof MatchReviewReason];
registerEnumType(MatchReviewReason, {
  name: 'MatchReviewReason',
  description: 'Why a record was queued for review.',
  valuesConfig: {
    AMBIGUOUS: { description: 'Several existing rows match its identity evidence equally well.' },
    WEAK_MATCH: { description: 'Existing rows match part of its evidence only (e.g. the mobile under another name).' },
  },
});

/** Entities the review queue and merges cover, as GraphQL type names. */
export const MergeableEntity = { PERSON: 'PERSON', ORGANIZATION: 'ORGANIZATION' } as const;
export type MergeableEntity = (typeof MergeableEntity)[keyof typeof MergeableEntity];
registerEnumType(MergeableEntity, {
  name: 'MergeableEntity',
  description: 'Kinds of rows the review queue and merges cover.',
  valuesConfig: { PERSON: { description: '居民 a person' }, ORGANIZATION: { description: '单位 / 组织 an organisation' } },
});

/** `person` → `PERSON`. */
export function toMergeableEntity(entity: string): MergeableEntity {
  return entity.toUpperCase() as MergeableEntity;
}

/**
 * 待核对的匹配 — an entry of the identity review queue. The subject and candidates are shown
 * through their own types (names, ID numbers and mobiles masked); the evidence says which fields
 * agreed, never their values.
 */
@ObjectType('MatchReview', { simpleResolvers: true, description: '待核对 — a record that became a new row although existing rows resemble it, waiting for an operator to merge or dismiss (operators only; personal information masked).' })
export class MatchReviewType {
  @Field(() => ID, { description: 'Review id (for `dismissMatchReview`).' })
  id!: string;

  @Field(() => MergeableEntity, { description: 'Kind of the rows.' })
  entity!: MergeableEntity;

  @Field(() => MatchReviewReason, { description: 'Why it was queued.' })
  reason!: MatchReviewReason;

  @Field(() => MatchReviewStatus, { description: 'OPEN, MERGED or DISMISSED.' })
  status!: MatchReviewStatus;

  @Field(() => [String], { description: 'Identity fields that agreed with at least one candidate: `name`, `mobile`, `birthDate`, `orgCode`, `nameArea`.' })
  agreedOn!: string[];

  @Field(() => String, { description: 'Source of the incoming record.' })
  source!: string;

  @Field(() => String, { description: 'Stream of the incoming record.' })
  stream!: string;

  @Field(() => String, { description: 'Key of the incoming record in its source (ID-number and mobile patterns masked).' })
  externalId!: string;

  @Field(() => ID, { nullable: true, description: 'The merge that resolved it (for `undoMerge`), when MERGED.' })
  mergeId!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When it was queued.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was merged or dismissed.' })
  resolvedAt!: Date | null;

  /** Row id of the new row. */
  subjectRowId!: string;
  /** Row ids of the candidates. */
  candidateRowIds!: string[];
}

/** Row → GraphQL type; the external id is masked like lineage's. */
export function toMatchReviewType(row: MatchReviewRow): MatchReviewType {
  const t = new MatchReviewType();
  t.id = row.id;
  t.entity = toMergeableEntity(row.entity);
  t.reason = row.reason;
  t.status = row.status;
  const evidence = (typeof row.evidence === 'string' ? JSON.parse(row.evidence) : row.evidence) as Record<string, boolean>;
  t.agreedOn = Object.entries(evidence ?? {}).filter(([, v]) => v === true).map(([k]) => k).sort();
  t.source = row.source;
  t.stream = row.stream;
  t.externalId = maskFreeText(row.external_id);
  t.mergeId = row.merge_id;
  t.createdAt = row.created_at;
  t.resolvedAt = row.resolved_at;
  t.subjectRowId = row.entity_id;
  t.candidateRowIds = [...row.candidate_ids];
  return t;
}
