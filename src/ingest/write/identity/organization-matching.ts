import { type Kysely, sql } from 'kysely';
import type { IdentityDecision } from './identity-decision';

/** An incoming organisation the store does not hold by its natural key. */
export interface OrganizationEvidenceRow {
  /** The incoming key (`uscc:…`, `org:…`, `name:…`). */
  key: string;
  /** 组织机构代码 (USCC positions 9–17, or the old code itself), when known. */
  orgCode: string | null;
  /** True when the incoming row carries a USCC. */
  hasUscc: boolean;
  nameNorm: string;
  /** 12-digit code of the area the name is unique within, when known. */
  areaCode: string | null;
}

/** Match methods of organisations and their confidence (a USCC match is the natural key, 1). */
export const ORGANIZATION_MATCH_METHODS = {
  /** The old organisation code equals positions 9–17 of a known USCC (or a known old code). */
  'org-code': 0.9,
  /** Same normalised name in the same area. */
  'name-area': 0.8,
} as const;

/** Identity columns an incoming row must not overwrite on a row that has a USCC of its own. */
const IDENTITY_COLUMNS = ['uscc', 'uscc_checksum_valid', 'org_code', 'filing_no', 'needs_review'] as const;

interface CandidateRow {
  key: string;
  id: string;
  natural_key: string;
  uscc: string | null;
  via: 'org-code' | 'name-area';
}

/**
 * Matches organisations after the USCC (their natural key) in the order of DOMAIN.md §4, one
 * statement for the batch:
 *
 * 1. the old organisation code (USCC positions 9–17): one known organisation with that code →
 *    `attach` (`org-code`); several → new row + review (`AMBIGUOUS`);
 * 2. else the normalised name within the same area (an incoming USCC only matches a row without
 *    a USCC: two USCCs are two organisations): one → `attach` (`name-area`); several → new row +
 *    review (`AMBIGUOUS`);
 * 3. else a new row. Names without an area are not matched (too weak across a district).
 *
 * When attaching to a row that has a USCC, the incoming identity columns are dropped so they do
 * not replace the stored ones.
 */
export async function matchOrganizations(db: Kysely<any>, incoming: readonly OrganizationEvidenceRow[]): Promise<Map<string, IdentityDecision>> {
  const out = new Map<string, IdentityDecision>();
  if (incoming.length === 0) return out;
  const { rows } = await sql<CandidateRow>`
    with e(key, org_code, has_uscc, name_norm, area_code) as (
      select * from unnest(${incoming.map((e) => e.key)}::text[], ${incoming.map((e) => e.orgCode)}::text[],
        ${incoming.map((e) => e.hasUscc)}::boolean[], ${incoming.map((e) => e.nameNorm)}::text[], ${incoming.map((e) => e.areaCode)}::text[])
    )
    select e.key, o.id, o.natural_key, o.uscc, 'org-code' as via
    from e join organization o on o.org_code = e.org_code
    where e.org_code is not null and o.natural_key <> e.key
    union all
    select e.key, o.id, o.natural_key, o.uscc, 'name-area' as via
    from e join admin_area a on a.code = e.area_code join organization o on o.area_id = a.id and o.name_norm = e.name_norm
    where e.name_norm <> '' and o.natural_key <> e.key and (not e.has_uscc or o.uscc is null)
    order by 1, 2`.execute(db);
  const byKey = new Map<string, CandidateRow[]>();
  for (const r of rows) {
    let list = byKey.get(r.key);
    if (!list) byKey.set(r.key, (list = []));
    list.push(r);
  }
  for (const e of incoming) {
    const candidates = byKey.get(e.key) ?? [];
    const byCode = distinct(candidates.filter((c) => c.via === 'org-code'));
    const byName = distinct(candidates.filter((c) => c.via === 'name-area'));
    const tier = byCode.length > 0 ? byCode : byName;
    const method = byCode.length > 0 ? 'org-code' : 'name-area';
    if (tier.length === 1) {
      const c = tier[0]!;
      out.set(e.key, {
        kind: 'attach',
        target: { id: c.id, naturalKey: c.natural_key },
        method,
        confidence: ORGANIZATION_MATCH_METHODS[method],
        dropColumns: c.uscc !== null ? IDENTITY_COLUMNS : [],
      });
    } else if (tier.length > 1) {
      out.set(e.key, { kind: 'review', reason: 'AMBIGUOUS', candidates: tier.map((c) => c.id), evidence: { orgCode: byCode.length > 0, nameArea: byName.length > 0 } });
    } else out.set(e.key, { kind: 'new' });
  }
  return out;
}

function distinct(rows: CandidateRow[]): CandidateRow[] {
  const seen = new Map<string, CandidateRow>();
  for (const r of rows) if (!seen.has(r.id)) seen.set(r.id, r);
  return [...seen.values()];
}
