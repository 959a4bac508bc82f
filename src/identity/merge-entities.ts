import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/database';
import { HuijuError } from '../errors';
import { MERGEABLE, type RowReference } from './merge-references';

/** Error codes of merges and reviews (`HuijuError.code`). */
export const MERGE_ERROR_CODES = {
  /** The row, merge or review does not exist. */
  NOT_FOUND: 'NOT_FOUND',
  /** Both rows hold something only one may (both are party members), or a row is merged into itself. */
  MERGE_CONFLICT: 'MERGE_CONFLICT',
  /** The entity cannot be merged. */
  MERGE_UNSUPPORTED: 'MERGE_UNSUPPORTED',
  /** The merge is already undone, or the review is no longer open. */
  ALREADY_RESOLVED: 'ALREADY_RESOLVED',
  /** A later merge involving the kept row must be undone first. */
  UNDO_ORDER: 'UNDO_ORDER',
} as const;

/** The outcome of a merge or its undo. */
export interface MergeSummary {
  mergeId: string;
  entity: string;
  targetId: string;
  sourceId: string;
  status: 'MERGED' | 'UNDONE';
  /** Referencing rows moved from the source row to the target. */
  movedRows: number;
  /** Referencing rows dropped because the target already had the same one (restored by undo). */
  droppedRows: number;
}

const refKey = (ref: RowReference) => `${ref.table}.${ref.column}`;

/** Computes the natural key of moved rows keyed by what they link again (`RowReference.naturalKey`). */
// biome-ignore lint/suspicious/noExplicitAny: the referencing table is picked at run time (MERGEABLE)
async function rekeyMoved(t: Kysely<any>, ref: RowReference, keys: readonly string[]): Promise<void> {
  await sql`update ${sql.table(ref.table)} set natural_key = ${ref.naturalKey!} where ${sql.ref(ref.rowKey)}::text = any(${[...keys]}::text[])`.execute(t);
}

function entityCondition(ref: RowReference, alias = '') {
  return ref.entity ? sql`and ${sql.ref(`${alias}${alias ? '.' : ''}entity`)} = ${ref.entity}` : sql``;
}

/**
 * Merges row `sourceId` into row `targetId` of one entity (an operator's decision, e.g. from the
 * review queue), in one transaction:
 *
 * - every reference to the source (residencies, roles, cases, participations, lineage, match rows,
 *   aliases) moves to the target; a referencing row the target already has (same household, same
 *   activity, same source record) is dropped and kept on the merge;
 * - the source row is removed and kept on the merge as it was; its natural key becomes an alias
 *   of the target, so later records of it land on the target;
 * - open reviews between the two rows are closed as MERGED.
 *
 * The target row itself is not changed (which values survive is the write path's business), so
 * {@link undoMerge} restores the state before the merge exactly.
 */
export async function mergeEntities(db: Kysely<Database>, entity: string, targetId: string, sourceId: string, actor: string): Promise<MergeSummary> {
  return db.transaction().execute((trx) => mergeRows(trx, entity, targetId, sourceId, actor));
}

/** How the hub itself decided a merge (an automatic one, e.g. of two spellings of one building). */
export interface MergeMatch {
  method: string;
  confidence: number;
}

/** Key in `entity_merge.moved` of the match rows an automatic merge wrote (removed by the undo). */
const CREATED_MATCHES = 'match.created';
/** Key in `entity_merge.moved` of the merges of twin children done first (undone with this one). */
const TWIN_MERGES = 'entity_merge.twins';

/**
 * {@link mergeEntities} inside the caller's transaction — for the write path, which merges two
 * stored spellings of one building while it applies a batch. With `match`, each lineage row of the
 * merged-away row that has no `match` row gets one (method, confidence): the record is now tied to
 * the kept row by that decision. {@link undoMerge} removes those match rows again.
 */
export async function mergeRows(trx: Kysely<Database>, entity: string, targetId: string, sourceId: string, actor: string, match?: MergeMatch): Promise<MergeSummary> {
  const spec = MERGEABLE[entity];
  if (!spec) throw new HuijuError(MERGE_ERROR_CODES.MERGE_UNSUPPORTED, `${entity} rows cannot be merged`);
  if (targetId === sourceId) throw new HuijuError(MERGE_ERROR_CODES.MERGE_CONFLICT, 'a row cannot be merged into itself');
  {
    // biome-ignore lint/suspicious/noExplicitAny: the merge locks and rewrites the table of the entity, picked at run time (MERGEABLE)
    const t = trx as unknown as Kysely<any>;
    const { rows } = await sql<{ id: string; natural_key: string; row: Record<string, unknown> }>`
      select id, natural_key, to_jsonb(x) as row from ${sql.table(spec.table)} x where id = any(${[targetId, sourceId]}::uuid[]) for update`.execute(t);
    const target = rows.find((r) => r.id === targetId);
    const source = rows.find((r) => r.id === sourceId);
    if (!target || !source) throw new HuijuError(MERGE_ERROR_CODES.NOT_FOUND, `${entity} not found`, { missing: !target ? 'target' : 'source' });
    const mergeId = randomUUID();
    const moved: Record<string, string[]> = {};
    const dropped: Record<string, Record<string, unknown>[]> = {};
    if (spec.twins) {
      // children both rows have (a dwelling with the same unit and room) are merged first
      const tw = spec.twins;
      const same = sql.join(tw.sameColumns.map((c) => sql`k.${sql.ref(c)} = s.${sql.ref(c)}`), sql` and `);
      const { rows: pairs } = await sql<{ source: string; target: string }>`
        select s.id as source, k.id as target from ${sql.table(tw.table)} s
        join ${sql.table(tw.table)} k on k.${sql.ref(tw.column)} = ${targetId} and ${same}
        where s.${sql.ref(tw.column)} = ${sourceId} order by s.id`.execute(t);
      const twins: string[] = [];
      for (const p of pairs) twins.push((await mergeRows(trx, tw.entity, p.target, p.source, actor, match)).mergeId);
      if (twins.length > 0) moved[TWIN_MERGES] = twins;
    }
    if (match) {
      const { rows: created } = await sql<{ id: string }>`
        insert into match (entity, entity_id, source_record_id, method, confidence)
        select ${entity}, ${targetId}, sr.id, ${match.method}, ${match.confidence} from source_record sr
        where sr.entity = ${entity} and sr.entity_id = ${sourceId} and not exists (select 1 from match m where m.source_record_id = sr.id)
          -- a record the target has lineage from already is dropped below, not moved
          and not exists (select 1 from source_record o where o.entity = sr.entity and o.entity_id = ${targetId} and o.source = sr.source and o.stream = sr.stream and o.external_id = sr.external_id)
        returning id::text`.execute(t);
      if (created.length > 0) moved[CREATED_MATCHES] = created.map((c) => c.id);
    }
    for (const ref of spec.references) {
      if (ref.exclusive) {
        const { rows: both } = await sql<{ n: number }>`
          select count(distinct ${sql.ref(ref.column)})::int as n from ${sql.table(ref.table)}
          where ${sql.ref(ref.column)} = any(${[targetId, sourceId]}::uuid[])`.execute(t);
        if (both[0]!.n > 1) throw new HuijuError(MERGE_ERROR_CODES.MERGE_CONFLICT, `both rows have a ${ref.table} row; only one may`, { table: ref.table });
      }
      if (ref.uniqueWith) {
        const cols = sql.raw(ref.uniqueWith);
        const { rows: clash } = await sql<{ row: Record<string, unknown>; key: string }>`
          select to_jsonb(s) as row, s.${sql.ref(ref.rowKey)}::text as key from ${sql.table(ref.table)} s
          where s.${sql.ref(ref.column)} = ${sourceId} ${entityCondition(ref, 's')}
            and (${cols}) in (select ${cols} from ${sql.table(ref.table)} where ${sql.ref(ref.column)} = ${targetId} ${entityCondition(ref)})`.execute(t);
        if (clash.length > 0) {
          const keys = clash.map((c) => c.key);
          if (ref.table === 'source_record') {
            // their match rows go with them (on delete cascade): keep those too
            const { rows: matches } = await sql<{ row: Record<string, unknown> }>`select to_jsonb(m) as row from match m where source_record_id = any(${keys}::uuid[])`.execute(t);
            if (matches.length > 0) dropped.match = matches.map((m) => m.row);
          }
          await sql`delete from ${sql.table(ref.table)} where ${sql.ref(ref.column)} = ${sourceId} ${entityCondition(ref)} and ${sql.ref(ref.rowKey)}::text = any(${keys}::text[])`.execute(t);
          // a table may hold two references (alliance_member: the alliance and the unit)
          dropped[ref.table] = [...(dropped[ref.table] ?? []), ...clash.map((c) => c.row)];
        }
      }
      const { rows: moves } = await sql<{ key: string }>`
        update ${sql.table(ref.table)} set ${sql.ref(ref.column)} = ${targetId}
        where ${sql.ref(ref.column)} = ${sourceId} ${entityCondition(ref)}
        returning ${sql.ref(ref.rowKey)}::text as key`.execute(t);
      if (moves.length > 0) moved[refKey(ref)] = moves.map((m) => m.key);
      if (moves.length > 0 && ref.naturalKey) await rekeyMoved(t, ref, moves.map((m) => m.key));
    }
    await sql`delete from ${sql.table(spec.table)} where id = ${sourceId}`.execute(t);
    await t
      .insertInto('entity_merge')
      .values({ id: mergeId, entity, actor, target_id: targetId, source_id: sourceId, source_row: JSON.stringify(source.row), moved: JSON.stringify(moved), dropped: JSON.stringify(dropped) })
      .execute();
    await t.insertInto('entity_key_alias').values({ entity, alias_key: source.natural_key, entity_id: targetId, merge_id: mergeId }).execute();
    await sql`
      update match_review set status = 'MERGED', merge_id = ${mergeId}, resolved_at = now(), resolved_by = ${actor}
      where status = 'OPEN' and entity = ${entity}
        and ((entity_id = ${sourceId} and ${targetId}::uuid = any(candidate_ids)) or (entity_id = ${targetId} and ${sourceId}::uuid = any(candidate_ids)))`.execute(t);
    return {
      mergeId,
      entity,
      targetId,
      sourceId,
      status: 'MERGED',
      movedRows: Object.entries(moved).reduce((n, [k, v]) => (k === CREATED_MATCHES || k === TWIN_MERGES ? n : n + v.length), 0),
      droppedRows: Object.values(dropped).reduce((n, r) => n + r.length, 0),
    };
  }
}

/**
 * Undoes a merge exactly (also called a split): the removed row comes back as it was, the
 * references and lineage the merge moved go back to it, the rows it dropped are restored, its
 * alias is removed and the reviews it closed are open again. Records that arrived after the merge
 * and landed on the kept row stay there. A later merge of or into the kept row must be undone
 * first (`UNDO_ORDER`).
 */
export async function undoMerge(db: Kysely<Database>, mergeId: string, actor: string): Promise<MergeSummary> {
  return db.transaction().execute((trx) => undoMergeIn(trx, mergeId, actor));
}

/** {@link undoMerge} inside the caller's transaction. */
async function undoMergeIn(trx: Kysely<Database>, mergeId: string, actor: string): Promise<MergeSummary> {
  {
    // biome-ignore lint/suspicious/noExplicitAny: the undo writes back into the table of the merged entity, picked at run time
    const t = trx as unknown as Kysely<any>;
    const merge = await t.selectFrom('entity_merge').selectAll().where('id', '=', mergeId).forUpdate().executeTakeFirst();
    if (!merge) throw new HuijuError(MERGE_ERROR_CODES.NOT_FOUND, 'merge not found');
    if (merge.status !== 'MERGED') throw new HuijuError(MERGE_ERROR_CODES.ALREADY_RESOLVED, 'this merge is already undone');
    const spec = MERGEABLE[merge.entity as string];
    if (!spec) throw new HuijuError(MERGE_ERROR_CODES.MERGE_UNSUPPORTED, `${merge.entity} rows cannot be merged`);
    const { rows: laterRows } = await sql<{ id: string }>`
      select id from entity_merge
      where status = 'MERGED' and entity = ${merge.entity} and id <> ${mergeId}
        and created_at >= (select created_at from entity_merge where id = ${mergeId})
        and (source_id = ${merge.target_id} or target_id = ${merge.source_id} or source_id = ${merge.source_id})
      limit 1`.execute(t);
    const later = laterRows[0];
    if (later) throw new HuijuError(MERGE_ERROR_CODES.UNDO_ORDER, 'a later merge involving these rows must be undone first', { mergeId: later.id });
    const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
    const moved = parse<Record<string, string[]>>(merge.moved);
    const dropped = parse<Record<string, Record<string, unknown>[]>>(merge.dropped);
    await sql`insert into ${sql.table(spec.table)} select * from jsonb_populate_record(null::${sql.table(spec.table)}, ${JSON.stringify(parse(merge.source_row))}::jsonb)`.execute(t);
    await t.deleteFrom('entity_key_alias').where('merge_id', '=', mergeId).execute();
    // the match rows an automatic merge wrote for the moved lineage go (before the lineage moves back)
    const createdMatches = moved[CREATED_MATCHES];
    if (createdMatches?.length) await sql`delete from match where id = any(${createdMatches}::uuid[])`.execute(t);
    let movedRows = 0;
    for (const ref of spec.references) {
      const keys = moved[refKey(ref)];
      if (!keys?.length) continue;
      await sql`
        update ${sql.table(ref.table)} set ${sql.ref(ref.column)} = ${merge.source_id}
        where ${sql.ref(ref.column)} = ${merge.target_id} ${entityCondition(ref)} and ${sql.ref(ref.rowKey)}::text = any(${keys}::text[])`.execute(t);
      if (ref.naturalKey) await rekeyMoved(t, ref, keys);
      movedRows += keys.length;
    }
    let droppedRows = 0;
    // lineage before the match rows that refer to it
    const order = [...new Set(spec.references.map((r) => r.table).filter((x) => x !== 'match')), 'match'];
    for (const table of order) {
      const rows = dropped[table];
      if (!rows?.length) continue;
      await sql`insert into ${sql.table(table)} select * from jsonb_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::jsonb)`.execute(t);
      droppedRows += rows.length;
    }
    await t.updateTable('match_review').set({ status: 'OPEN', merge_id: null, resolved_at: null, resolved_by: null }).where('merge_id', '=', mergeId).execute();
    await t.updateTable('entity_merge').set({ status: 'UNDONE', undone_at: sql`now()`, undone_by: actor }).where('id', '=', mergeId).execute();
    // twin children merged with this merge are split again, now that their parent is back
    for (const twin of [...(moved[TWIN_MERGES] ?? [])].reverse()) await undoMergeIn(trx, twin, actor);
    return { mergeId, entity: merge.entity, targetId: merge.target_id, sourceId: merge.source_id, status: 'UNDONE', movedRows, droppedRows };
  }
}

/** Closes an open review without merging: the new row stays a person of its own. */
export async function dismissMatchReview(db: Kysely<Database>, reviewId: string, actor: string): Promise<void> {
  const row = await db.selectFrom('match_review').select('status').where('id', '=', reviewId).executeTakeFirst();
  if (!row) throw new HuijuError(MERGE_ERROR_CODES.NOT_FOUND, 'review not found');
  if (row.status !== 'OPEN') throw new HuijuError(MERGE_ERROR_CODES.ALREADY_RESOLVED, `this review is ${row.status.toLowerCase()}`);
  await db.updateTable('match_review').set({ status: 'DISMISSED', resolved_at: sql`now()`, resolved_by: actor }).where('id', '=', reviewId).where('status', '=', 'OPEN').execute();
}
