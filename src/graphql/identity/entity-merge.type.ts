import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { MergeSummary } from '../../identity/merge-entities';
import { toGlobalId } from '../common/global-id';
import { type MergeableEntity, toMergeableEntity } from './match-review.type';

/** The outcome of `mergeEntities` or `undoMerge`. */
@ObjectType('EntityMerge', { simpleResolvers: true, description: 'A merge of one row into another, or its undoing.' })
export class EntityMergeType {
  @Field(() => ID, { description: 'Merge id (for `undoMerge`).' })
  id!: string;

  @Field(() => String, { description: 'MERGED or UNDONE.' })
  status!: string;

  @Field(() => ID, { description: 'Global ID of the row kept.' })
  targetId!: string;

  @Field(() => ID, { description: 'Global ID of the row merged away (back again after an undo).' })
  sourceId!: string;

  @Field(() => Int, { description: 'Referencing rows (residencies, cases, lineage, …) moved.' })
  movedRows!: number;

  @Field(() => Int, { description: 'Referencing rows dropped because the kept row already had the same one (restored by an undo).' })
  droppedRows!: number;
}

const NODE_TYPE: Record<MergeableEntity, 'Person' | 'Organization'> = { PERSON: 'Person', ORGANIZATION: 'Organization' };

/** Summary → GraphQL type, with global IDs. */
export function toEntityMergeType(s: MergeSummary): EntityMergeType {
  const t = new EntityMergeType();
  const type = NODE_TYPE[toMergeableEntity(s.entity)];
  t.id = s.mergeId;
  t.status = s.status;
  t.targetId = toGlobalId(type, s.targetId);
  t.sourceId = toGlobalId(type, s.sourceId);
  t.movedRows = s.movedRows;
  t.droppedRows = s.droppedRows;
  return t;
}
