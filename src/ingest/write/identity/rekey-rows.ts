import type { CanonicalEntity } from '../../../sdk/canonical-change';
import type { EntitySpec, PreparedRow, RowRef } from '../entity-spec';

/** The prepared changes of a batch, by record index (as the write path holds them). */
export type PreparedByRecord = Map<number, { spec: EntitySpec; row: PreparedRow }[]>;

/** Calls `visit` with every reference of a row, its children's included. */
export function forEachRef(row: PreparedRow, visit: (ref: RowRef) => void): void {
  for (const ref of Object.values(row.refs)) if (ref) visit(ref);
  for (const child of row.children ?? []) for (const c of child.rows) for (const ref of Object.values(c.refs)) if (ref) visit(ref);
}

/**
 * Rewrites the keys of one entity in a batch: rows keyed `from` are re-keyed to `to` (losing
 * `dropColumns[from]`, taking `keepValues[from]`), and every reference to `from` now points at `to`
 * (a row keyed by its references, `EntitySpec.keyFromRefs`, takes the key they now give).
 */
export function rekeyRows(
  prepared: PreparedByRecord,
  entity: CanonicalEntity,
  remap: ReadonlyMap<string, string>,
  dropColumns: ReadonlyMap<string, readonly string[]>,
  keepValues: ReadonlyMap<string, Readonly<Record<string, unknown>>> = new Map(),
): void {
  if (remap.size === 0) return;
  const rewrite = (ref: RowRef | null): RowRef | null => (ref && ref.entity === entity && remap.has(ref.key) ? { entity, key: remap.get(ref.key)! } : ref);
  for (const rows of prepared.values()) {
    for (const { spec, row } of rows) {
      if (spec.entity === entity && remap.has(row.naturalKey)) {
        for (const c of dropColumns.get(row.naturalKey) ?? []) delete row.columns[c];
        const kept = Object.entries(keepValues.get(row.naturalKey) ?? {}).filter(([c]) => c in row.columns);
        for (const [c, v] of kept) row.columns[c] = v;
        if (kept.length > 0) row.kept = [...new Set([...(row.kept ?? []), ...kept.map(([c]) => c)])];
        row.naturalKey = remap.get(row.naturalKey)!;
      }
      let moved = false;
      for (const [column, ref] of Object.entries(row.refs)) {
        const to = rewrite(ref);
        if (to !== ref) moved = true;
        row.refs[column] = to;
      }
      // a row keyed by the rows it links follows them
      if (moved && spec.keyFromRefs) row.naturalKey = spec.keyFromRefs(row.refs, row);
      for (const child of row.children ?? []) for (const c of child.rows) for (const [column, ref] of Object.entries(c.refs)) c.refs[column] = rewrite(ref);
    }
  }
}
