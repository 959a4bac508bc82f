import { sql } from 'kysely';
import type { ListSpec } from '../common/lists';
import type { AccessLogFilter } from './access-log.filter';

/** The `accessLog` list, newest first. */
export function accessLogListSpec(filter: AccessLogFilter | null | undefined): ListSpec {
  return {
    order: { by: sql`al.at`, type: 'timestamptz', direction: 'desc', id: sql`al.id` },
    base(db) {
      let q = db.selectFrom('access_log as al').selectAll('al');
      if (filter?.actor) q = q.where('al.actor', '=', filter.actor);
      if (filter?.action) q = q.where('al.action', '=', filter.action);
      if (filter?.since) q = q.where('al.at', '>=', filter.since);
      return q;
    },
  };
}
