import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { isHuijuError } from '../../errors';
import { dismissMatchReview, MERGE_ERROR_CODES, mergeEntities, undoMerge } from '../../identity/merge-entities';
import { ConnectionArgs, rootConnection } from '../common/lists';
import { fromGlobalId } from '../common/global-id';
import type { HubContext } from '../context';
import { badUserInput, codedError, notFound } from '../errors';
import { Node } from '../node/node.interface';
import { requirePermission, requireRead } from '../authorization/require';
import { organizationById } from '../organization/organization.loaders';
import { personById } from '../person/person.loaders';
import { EntityMergeType, toEntityMergeType } from './entity-merge.type';
import { MatchReviewConnection } from './match-review.connection';
import { MatchReviewFilter } from './match-review.filter';
import { matchReviewListSpec } from './match-review.repository';
import { type MatchReviewRow, MatchReviewType, toMatchReviewType } from './match-review.type';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MERGEABLE_TYPES = { Person: 'person', Organization: 'organization' } as const;

/** A raw id argument (review or merge id): a uuid, else `BAD_USER_INPUT`. */
function rawId(value: string, field: string): string {
  if (!UUID.test(value)) throw badUserInput(field, `${field}: not an id`);
  return value.toLowerCase();
}

/** A merge or review error of the service → the GraphQL error with the same code. */
async function coded<T>(field: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isHuijuError(err) && err.code === MERGE_ERROR_CODES.NOT_FOUND) throw notFound(err.message.replace(/ not found$/, ''), field);
    if (isHuijuError(err) && (Object.values(MERGE_ERROR_CODES) as string[]).includes(err.code)) throw codedError(err.code, err.message, { field, ...err.details });
    throw err;
  }
}

/**
 * The identity review queue and merges (roles that read operations views; merging needs
 * `identity.merge`, and the actor is recorded on the merge and the review): records whose identity was
 * ambiguous or weak became new rows and wait here; an operator merges a new row into the right
 * candidate, undoes a merge, or dismisses the entry. Everything shown is masked.
 */
@Resolver(() => MatchReviewType)
export class MatchReviewResolver {
  @Query(() => MatchReviewConnection, { description: 'Identity review entries, newest first (operators only).' })
  matchReviews(
    @Arg('filter', () => MatchReviewFilter, { nullable: true, description: 'Conditions; all must hold.' }) filter: MatchReviewFilter | null,
    @Args(() => ConnectionArgs) page: ConnectionArgs,
    @Ctx() ctx: HubContext,
  ) {
    requireRead(ctx.caller, 'operations', 'matchReviews');
    return rootConnection(ctx, MatchReviewConnection, matchReviewListSpec(filter), page, (row: MatchReviewRow) => toMatchReviewType(row));
  }

  @FieldResolver(() => Node, { nullable: true, description: 'The row the incoming record became (null once merged away).' })
  subject(@Root() review: MatchReviewType, @Ctx() ctx: HubContext): Promise<Node | null> {
    return loadRow(ctx, review.entity, review.subjectRowId);
  }

  @FieldResolver(() => [Node], { nullable: 'items', description: 'The existing rows it might be (null for one merged away since).' })
  candidates(@Root() review: MatchReviewType, @Ctx() ctx: HubContext): Promise<(Node | null)[]> {
    return Promise.all(review.candidateRowIds.map((id) => loadRow(ctx, review.entity, id)));
  }

  @Mutation(() => EntityMergeType, {
    description:
      'Merges the row `sourceId` into the row `targetId` (Person or Organization global IDs): references and lineage move to the target, the source row is removed and kept for `undoMerge`, open reviews between them close as MERGED. Errors: BAD_USER_INPUT, NOT_FOUND, MERGE_CONFLICT (same row, or both hold what only one may), MERGE_UNSUPPORTED, FORBIDDEN.',
  })
  async mergeEntities(
    @Arg('targetId', () => ID, { description: 'Global ID of the row to keep.' }) targetId: string,
    @Arg('sourceId', () => ID, { description: 'Global ID of the row to merge into it.' }) sourceId: string,
    @Ctx() ctx: HubContext,
  ): Promise<EntityMergeType> {
    requirePermission(ctx.caller, 'identity.merge', 'mergeEntities');
    const target = fromGlobalId(targetId, 'targetId');
    const source = fromGlobalId(sourceId, 'sourceId');
    const entity = MERGEABLE_TYPES[target.type as keyof typeof MERGEABLE_TYPES];
    if (!entity) throw codedError(MERGE_ERROR_CODES.MERGE_UNSUPPORTED, `${target.type} rows cannot be merged`, { field: 'targetId' });
    if (source.type !== target.type) throw badUserInput('sourceId', `sourceId: expected the ID of a ${target.type}`);
    // both rows must be visible to the caller (an ADMIN with an area scope merges inside it only)
    const kind = entity === 'person' ? 'PERSON' : 'ORGANIZATION';
    if (!(await loadRow(ctx, kind, target.id))) throw notFound(target.type, 'targetId');
    if (!(await loadRow(ctx, kind, source.id))) throw notFound(source.type, 'sourceId');
    return toEntityMergeType(await coded('targetId', () => mergeEntities(ctx.db, entity, target.id, source.id, ctx.caller.subject)));
  }

  @Mutation(() => EntityMergeType, {
    description: 'Undoes a merge exactly (splits the rows again): the removed row, its references and lineage come back. Errors: NOT_FOUND, ALREADY_RESOLVED, UNDO_ORDER (a later merge of these rows must be undone first), FORBIDDEN.',
  })
  async undoMerge(@Arg('mergeId', () => ID, { description: 'Id of the merge (`EntityMerge.id`, `MatchReview.mergeId`).' }) mergeId: string, @Ctx() ctx: HubContext): Promise<EntityMergeType> {
    requirePermission(ctx.caller, 'identity.merge', 'undoMerge');
    const id = rawId(mergeId, 'mergeId');
    return toEntityMergeType(await coded('mergeId', () => undoMerge(ctx.db, id, ctx.caller.subject)));
  }

  @Mutation(() => MatchReviewType, { description: 'Closes an open review entry without merging: the new row stays a row of its own. Errors: NOT_FOUND, ALREADY_RESOLVED, FORBIDDEN.' })
  async dismissMatchReview(@Arg('id', () => ID, { description: 'Review id.' }) reviewId: string, @Ctx() ctx: HubContext): Promise<MatchReviewType> {
    requirePermission(ctx.caller, 'identity.merge', 'dismissMatchReview');
    const id = rawId(reviewId, 'id');
    await coded('id', () => dismissMatchReview(ctx.db, id, ctx.caller.subject));
    return toMatchReviewType(await ctx.db.selectFrom('match_review').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
  }
}

function loadRow(ctx: HubContext, entity: MatchReviewType['entity'], id: string): Promise<Node | null> {
  return entity === 'PERSON' ? personById(ctx, id) : organizationById(ctx, id);
}
