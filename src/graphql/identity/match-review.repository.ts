import { sql } from 'kysely';
import type { ListSpec } from '../common/lists';
import type { MatchReviewFilter } from './match-review.filter';

/** The `matchReviews` list, newest first. */
export function matchReviewListSpec(filter: MatchReviewFilter | null | undefined): ListSpec {
  return {
    order: { by: sql`mr.created_at`, type: 'timestamptz', direction: 'desc', id: sql`mr.id` },
    base(db) {
      let q = db.selectFrom('match_review as mr').selectAll('mr');
      if (filter?.entity) q = q.where('mr.entity', '=', filter.entity.toLowerCase());
      if (filter?.status?.length) q = q.where('mr.status', 'in', filter.status);
      if (filter?.reason?.length) q = q.where('mr.reason', 'in', filter.reason);
      if (filter?.source) q = q.where('mr.source', '=', filter.source);
      return q;
    },
  };
}
