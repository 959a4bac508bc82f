import { type Kysely, sql } from 'kysely';
import { type OrganizationName, parseOrganizationName, scoreCompanyNames } from '../../../domain/organization-name';
import type { IdentityDecision } from './identity-decision';

/** An incoming organisation the store does not hold by its natural key. */
export interface OrganizationEvidenceRow {
  /** The incoming key (`uscc:…`, `filing:…`, `org:…`, `name:…`). */
  key: string;
  /** The USCC, when the incoming row carries one. */
  uscc: string | null;
  /** 组织机构代码 (USCC positions 9–17, or the old code itself), when known. */
  orgCode: string | null;
  /** Its match key (organization-match-keys.ts): unit type + core, and the area it is unique within. */
  matchName: string | null;
  matchScope: string | null;
  /** Business line and legal form, for a company (scored, not compared). */
  company: OrganizationName['company'];
  /** The name as the record wrote it and its normalised form (optional: only the name rules use them). */
  name?: string | null;
  nameNorm?: string | null;
}

/** Match methods of organisations and their confidence (a USCC match is the natural key, `uscc-or-name` 1). */
export const ORGANIZATION_MATCH_METHODS = {
  /** The old organisation code equals positions 9–17 of a known USCC (or a known old code). */
  'org-code': 0.9,
  /** The same unit type and normalised core in the scope the type is unique within (organization-name.ts). */
  'name-area': 0.8,
  /** A company with the same core, its suffixes (business line, legal form) differing: 0.8 × the score. */
  'name-score': 0.8,
  /**
   * The same registered company name, legal form included, in another area: a firm registered in
   * one city (its USCC's area) and named in full where it works. A registered name carries its
   * registering area (福州善邻物业服务有限公司) or is unique nationally, so the full name is the firm.
   */
  'legal-name': 0.8,
} as const;

/** A scored company candidate is attached from this score on (when no other comes within {@link SCORE_MARGIN}). */
export const AUTO_ATTACH_SCORE = 0.7;
/** Below {@link AUTO_ATTACH_SCORE} but from this score on: a new row and a `WEAK_MATCH` review. */
export const REVIEW_SCORE = 0.5;
/** The best candidate must beat the next by this much, else the choice is the operator's (`AMBIGUOUS`). */
export const SCORE_MARGIN = 0.15;

/** Identity columns an incoming row must not overwrite on a row that has a USCC of its own. */
const IDENTITY_COLUMNS = ['uscc', 'uscc_checksum_valid', 'org_code', 'filing_no', 'needs_review'] as const;
/** The row found keeps its own match key (an alias spelling does not re-key it). */
const MATCH_KEY_COLUMNS = ['match_name', 'match_scope'] as const;

/**
 * What a record without a USCC takes from a registered (USCC) row it is found to be: the
 * registered name. A mention ("安居物业" as a case's handling unit) only refers to the firm; its
 * spelling must not replace "武汉安居物业服务有限公司" (nor push it into `former_names`). A record
 * of the USCC itself still renames the row.
 */
function registeredName(target: { uscc: string | null; name: string; name_norm: string }, incomingUscc: string | null): Record<string, unknown> | undefined {
  return target.uscc !== null && incomingUscc === null ? { name: target.name, name_norm: target.name_norm } : undefined;
}

interface CandidateRow {
  key: string;
  id: string;
  natural_key: string;
  uscc: string | null;
  name: string;
  name_norm: string;
  via: 'uscc' | 'org-code' | 'name' | 'legal-name';
  /** The row is itself the subject of an open review (a mention nobody has resolved yet). */
  under_review: boolean;
}

interface Scored extends CandidateRow {
  score: number;
  lineDiffers: boolean;
  legalFormDiffers: boolean;
}

/** How far an incoming company and a candidate agree (1 for a unit of any other type: same key, same scope). */
function scoreOf(e: OrganizationEvidenceRow, candidateName: string): { score: number; lineDiffers: boolean; legalFormDiffers: boolean } {
  if (!e.company) return { score: 1, lineDiffers: false, legalFormDiffers: false };
  const other = parseOrganizationName(candidateName).company;
  return other ? scoreCompanyNames(e.company, other) : { score: REVIEW_SCORE, lineDiffers: true, legalFormDiffers: true };
}

/**
 * Matches organisations beyond their natural key (DOMAIN.md §4), one statement for the batch:
 *
 * 1. a row that took this USCC earlier (a name-only row a registered record attached to) → attach
 *    (`uscc-or-name`, 1);
 * 2. the old organisation code (USCC positions 9–17): one known organisation with it → attach
 *    (`org-code`); several → new row + review (`AMBIGUOUS`);
 * 3. the match key — unit type + normalised core (spelling variants of the type and the unit's own
 *    area prefixes taken off) within the area the type is unique in (a street office in its
 *    district, a residents' committee in its street, a department in its district or city, a
 *    company in its city, any other name in the area given). A USCC only meets a row without one
 *    (two USCCs are two organisations), in both directions: a name-only row stored first is
 *    the one a registered record lands on, and keeps its USCC from then on. Units of a type score 1;
 *    companies are scored on their suffixes ({@link scoreCompanyNames}). The best candidate from
 *    {@link AUTO_ATTACH_SCORE}, no other within {@link SCORE_MARGIN} → attach (`name-area` at 1,
 *    else `name-score`); several close → new row + `AMBIGUOUS`; only weaker ones → new row +
 *    `WEAK_MATCH`. A row that is itself under an open review (an ambiguous mention) takes only its
 *    exact spelling (score 1). A company named in full (legal form included) also meets a row of
 *    the same full name in another area (`legal-name`: a firm registered in one city, its USCC's,
 *    and named where it works), competing with the others as a score-1 candidate;
 * 4. else a new row — one for all the batch's new keys with one match key (or one full registered
 *    name across areas): the first (a USCC before a code before a name) creates it, the others
 *    attach to it ({@link groupNewRows}).
 *
 * When attaching to a row that has a USCC, the incoming identity columns are dropped so they do
 * not replace the stored ones, and a record without a USCC keeps the registered name
 * ({@link registeredName}); the found row always keeps its own match key.
 */
// biome-ignore lint/suspicious/noExplicitAny: generic write path: the table and its columns come from the entity spec at run time
export async function matchOrganizations(db: Kysely<any>, incoming: readonly OrganizationEvidenceRow[]): Promise<Map<string, IdentityDecision>> {
  const out = new Map<string, IdentityDecision>();
  if (incoming.length === 0) return out;
  const { rows } = await sql<CandidateRow>`
    with e(key, uscc, org_code, match_name, match_scope, legal_name) as (
      select * from unnest(${incoming.map((e) => e.key)}::text[], ${incoming.map((e) => e.uscc)}::text[], ${incoming.map((e) => e.orgCode)}::text[],
        ${incoming.map((e) => e.matchName)}::text[], ${incoming.map((e) => e.matchScope)}::text[], ${incoming.map(legalNameOf)}::text[])
    )
    select e.key, o.id, o.natural_key, o.uscc, o.name, o.name_norm, 'uscc' as via, false as under_review
    from e join organization o on o.uscc = e.uscc
    where e.uscc is not null and o.natural_key <> e.key
    union all
    select e.key, o.id, o.natural_key, o.uscc, o.name, o.name_norm, 'org-code' as via, false as under_review
    from e join organization o on o.org_code = e.org_code
    where e.org_code is not null and o.natural_key <> e.key
    union all
    select e.key, o.id, o.natural_key, o.uscc, o.name, o.name_norm, 'name' as via,
      exists (select 1 from match_review r where r.entity = 'organization' and r.entity_id = o.id and r.status = 'OPEN') as under_review
    from e join organization o on o.match_scope = e.match_scope and o.match_name = e.match_name
    where e.match_name is not null and e.match_scope is not null and o.natural_key <> e.key
      and (e.uscc is null or o.uscc is null) and (e.org_code is null or o.org_code is null or o.org_code = e.org_code)
    union all
    select e.key, o.id, o.natural_key, o.uscc, o.name, o.name_norm, 'legal-name' as via,
      exists (select 1 from match_review r where r.entity = 'organization' and r.entity_id = o.id and r.status = 'OPEN') as under_review
    from e join organization o on o.name_norm = e.legal_name and o.match_name = e.match_name
    where e.legal_name is not null and o.natural_key <> e.key and o.match_scope is distinct from e.match_scope
      and (e.uscc is null or o.uscc is null) and (e.org_code is null or o.org_code is null or o.org_code = e.org_code)
    order by 1, 2`.execute(db);
  const byKey = new Map<string, CandidateRow[]>();
  for (const r of rows) {
    let list = byKey.get(r.key);
    if (!list) {
      list = [];
      byKey.set(r.key, list);
    }
    list.push(r);
  }
  const unmatched: OrganizationEvidenceRow[] = [];
  for (const e of incoming) {
    const attach = (c: CandidateRow, method: string, confidence: number): IdentityDecision => {
      const keepValues = registeredName(c, e.uscc);
      return {
        kind: 'attach',
        target: { id: c.id, naturalKey: c.natural_key },
        method,
        confidence,
        dropColumns: c.uscc !== null ? [...IDENTITY_COLUMNS, ...MATCH_KEY_COLUMNS] : MATCH_KEY_COLUMNS,
        ...(keepValues ? { keepValues } : {}),
      };
    };
    const candidates = byKey.get(e.key) ?? [];
    const byUscc = distinct(candidates.filter((c) => c.via === 'uscc'));
    const byCode = distinct(candidates.filter((c) => c.via === 'org-code'));
    const byName = distinct(candidates.filter((c) => c.via === 'name' || c.via === 'legal-name'));
    if (byUscc.length > 0) out.set(e.key, attach(byUscc[0]!, 'uscc-or-name', 1));
    else if (byCode.length === 1) out.set(e.key, attach(byCode[0]!, 'org-code', ORGANIZATION_MATCH_METHODS['org-code']));
    else if (byCode.length > 1) out.set(e.key, { kind: 'review', reason: 'AMBIGUOUS', candidates: byCode.map((c) => c.id), evidence: { orgCode: true, name: byName.length > 0 } });
    else {
      const decision = byName.length > 0 ? decideByName(e, byName, attach) : null;
      if (decision) out.set(e.key, decision);
      else {
        out.set(e.key, { kind: 'new' });
        unmatched.push(e);
      }
    }
  }
  for (const [key, d] of groupNewRows(unmatched)) out.set(key, d);
  return out;
}

/** The name tier's decision over scored candidates; null when none is close enough to say anything. */
function decideByName(e: OrganizationEvidenceRow, candidates: CandidateRow[], attach: (c: CandidateRow, method: string, confidence: number) => IdentityDecision): IdentityDecision | null {
  // a row whose own identity is under review takes only its exact spelling: anything else landing
  // there would follow it into whichever unit the operator merges it with
  const scored: Scored[] = candidates
    .map((c) => ({ ...c, ...scoreOf(e, c.name) }))
    .filter((c) => !c.under_review || c.score === 1)
    .sort((a, b) => b.score - a.score);
  const best = scored[0];
  if (!best) return null;
  const evidence = (list: Scored[]) => ({ name: true, lineDiffers: list.some((c) => c.lineDiffers), legalFormDiffers: list.some((c) => c.legalFormDiffers) });
  if (best.score >= AUTO_ATTACH_SCORE) {
    const close = scored.filter((c) => c.score > round(best.score - SCORE_MARGIN));
    if (close.length === 1) {
      if (best.via === 'legal-name') return attach(best, 'legal-name', ORGANIZATION_MATCH_METHODS['legal-name']);
      return best.score === 1 ? attach(best, 'name-area', ORGANIZATION_MATCH_METHODS['name-area']) : attach(best, 'name-score', round(ORGANIZATION_MATCH_METHODS['name-score'] * best.score));
    }
    return { kind: 'review', reason: 'AMBIGUOUS', candidates: close.map((c) => c.id), evidence: evidence(close) };
  }
  const weak = scored.filter((c) => c.score >= REVIEW_SCORE);
  return weak.length > 0 ? { kind: 'review', reason: 'WEAK_MATCH', candidates: weak.map((c) => c.id), evidence: evidence(weak) } : null;
}

/**
 * The full registered name a company is matched by in any area ({@link ORGANIZATION_MATCH_METHODS}
 * `legal-name`): its normalised name when it says a legal form (有限公司…), else null.
 */
function legalNameOf(e: OrganizationEvidenceRow): string | null {
  return e.company?.legalForm && e.nameNorm ? e.nameNorm : null;
}

/**
 * New rows of one batch that are one unit: linked by the same match key and scope, or by the same
 * registered company name ({@link legalNameOf}) and match key in different areas (the links taken
 * together: a mention in one area and the firm registered in another are one group). The first of
 * a group — a USCC before an old code before a name, then by key — is created, the others attach
 * to it, a company only when its suffixes score {@link AUTO_ATTACH_SCORE} against it; a row
 * without a USCC attaching to one with a USCC takes its name ({@link registeredName}). Two USCCs
 * or two different old codes stay two rows; a name beside several of them stays its own row (no
 * guess).
 */
function groupNewRows(rows: readonly OrganizationEvidenceRow[]): Map<string, IdentityDecision> {
  const out = new Map<string, IdentityDecision>();
  // union-find over the rows' keys
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let root = k;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(k, root);
    return root;
  };
  const firstWith = new Map<string, string>();
  const link = (label: string | null, key: string) => {
    if (label === null) return;
    const other = firstWith.get(label);
    if (other === undefined) firstWith.set(label, key);
    else parent.set(find(key), find(other));
  };
  const keyed = rows.filter((e) => e.matchName !== null && e.matchScope !== null);
  for (const e of keyed) parent.set(e.key, e.key);
  for (const e of keyed) {
    link(`scope\u0000${e.matchScope}\u0000${e.matchName}`, e.key);
    const legal = legalNameOf(e);
    link(legal === null ? null : `legal\u0000${e.matchName}\u0000${legal}`, e.key);
  }
  const groups = new Map<string, OrganizationEvidenceRow[]>();
  for (const e of keyed) {
    const root = find(e.key);
    let list = groups.get(root);
    if (!list) {
      list = [];
      groups.set(root, list);
    }
    list.push(e);
  }
  for (const members of groups.values()) if (members.length > 1) attachToFirst(members, out);
  return out;
}

/** One group of {@link groupNewRows}: the others attach to the first. */
function attachToFirst(members: OrganizationEvidenceRow[], out: Map<string, IdentityDecision>): void {
  const rank = (e: OrganizationEvidenceRow) => (e.uscc ? 0 : e.orgCode ? 1 : 2);
  members.sort((a, b) => rank(a) - rank(b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const coded = members.filter((m) => m.uscc || m.orgCode);
  if (new Set(coded.map((m) => m.uscc ?? m.orgCode)).size > 1) return;
  const first = members[0]!;
  for (const m of members.slice(1)) {
    if (m.uscc || (m.orgCode && m.orgCode !== first.orgCode && !first.uscc?.includes(m.orgCode))) continue;
    const { score } = first.company && m.company ? scoreCompanyNames(first.company, m.company) : { score: 1 };
    if (score < AUTO_ATTACH_SCORE) continue;
    const method = score < 1 ? 'name-score' : m.matchScope === first.matchScope ? 'name-area' : 'legal-name';
    const keepValues = first.uscc && first.name && first.nameNorm ? registeredName({ uscc: first.uscc, name: first.name, name_norm: first.nameNorm }, m.uscc) : undefined;
    out.set(m.key, {
      kind: 'attach',
      target: { id: '', naturalKey: first.key },
      method,
      confidence: method === 'name-score' ? round(ORGANIZATION_MATCH_METHODS['name-score'] * score) : ORGANIZATION_MATCH_METHODS[method],
      dropColumns: [...IDENTITY_COLUMNS, ...MATCH_KEY_COLUMNS],
      ...(keepValues ? { keepValues } : {}),
    });
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

function distinct(rows: CandidateRow[]): CandidateRow[] {
  const seen = new Map<string, CandidateRow>();
  for (const r of rows) if (!seen.has(r.id)) seen.set(r.id, r);
  return [...seen.values()];
}
