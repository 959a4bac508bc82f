import { type Caller, seesL4 } from './caller';

/**
 * The one small-group rule for L4 facts (DOMAIN.md §6): a count, filter or group over fewer than
 * {@link MIN_GROUP_SIZE} people (or cases of one person) whose defining attribute is L4 — party
 * membership, political status, special-population tags, L4 case categories — could single
 * somebody out, so for every caller whose role does not see L4 facts as rows:
 * - an L4 attribute may not be used as a list filter at all (`persons(filter: { partyMember,
 *   tag, politicalStatus })` is FORBIDDEN, src/graphql/common/l4-filter.ts): a list filtered by it
 *   names the people in the group, whatever its size — and its `totalCount` is the group's size;
 * - in an aggregate ({@link smallGroupSuppression}), a group is L4-sensitive when one of its keys
 *   is an L4 attribute (a TAG or POLITICAL_STATUS group, an L4 case category) or when the filter
 *   itself is L4; sensitive groups of 1–4 are withheld, and when exactly one would be, the next
 *   smallest group is withheld too (secondary suppression), so the total minus the visible groups
 *   does not give it away; the total is withheld when the filter is L4 and the total is 1–4;
 * - a single L4 figure (`areaStats.partyMembers`) of 1–4 is withheld ({@link withheldFigure}).
 * Roles that see L4 (ADMIN, STREET_STAFF, COMMUNITY_STAFF: they hold the party rosters anyway) get
 * the figures as they are. Used by caseStats, personStats, areaStats/gridStats.
 */
export const MIN_GROUP_SIZE = 5;

/** Case categories that reveal L4 facts about the reporter: 低保 / assistance, veterans, elderly care, disability, health, minors. */
const L4_CATEGORY_WORDS = ['社会救助', '低保', '最低生活保障', '救助', '退役军人', '养老', '残疾', '残障', '精神', '疾病', '健康', '医疗', '未成年', '特殊人群', '社区矫正', '吸毒', '刑满'];

/** True when a case category is an L4 attribute of the person concerned. */
export function isL4Category(category: string | null): boolean {
  return category !== null && L4_CATEGORY_WORDS.some((w) => category.includes(w));
}

/** True when a count of `n` (>0) is too small to show for an L4 attribute. */
export function isSmallGroup(n: number): boolean {
  return n > 0 && n < MIN_GROUP_SIZE;
}

/** True when the small-group rule applies to this caller (its role does not see L4 facts as rows). */
export function smallGroupRuleApplies(caller: Caller): boolean {
  return !seesL4(caller);
}

/**
 * Indices of the groups to withhold, given each group's count and whether it is L4-sensitive:
 * sensitive groups of 1–4 (primary suppression); when exactly one is withheld, the next smallest
 * sensitive group too — or, when there is no other sensitive group, the next smallest of the rest
 * (secondary suppression: the total minus the visible groups must not give the one away).
 * Empty groups (0) are never withheld.
 */
export function withheldGroups(counts: readonly number[], sensitive: (index: number) => boolean): Set<number> {
  const withheld = new Set<number>();
  counts.forEach((n, i) => {
    if (sensitive(i) && isSmallGroup(n)) withheld.add(i);
  });
  if (withheld.size === 1) {
    const smallest = (pick: (i: number) => boolean) => {
      let next = -1;
      counts.forEach((n, i) => {
        if (n > 0 && !withheld.has(i) && pick(i) && (next < 0 || n < counts[next]!)) next = i;
      });
      return next;
    };
    const next = smallest(sensitive) >= 0 ? smallest(sensitive) : smallest(() => true);
    if (next >= 0) withheld.add(next);
  }
  return withheld;
}

/** What one aggregate withholds: groups by index, and whether the total. */
export interface Suppression {
  readonly groups: ReadonlySet<number>;
  readonly total: boolean;
}

/**
 * The small-group rule for one aggregate (a total and its groups), for `caller`:
 * - `counts`: each group's count (people, or cases);
 * - `sensitive(i)`: group i's keys name an L4 attribute (ignored when `filterIsL4`: then every group is);
 * - `filterIsL4`: the filter allows only an L4 group (a tag, a political status, party members, L4 case categories);
 * - `total`: the total's count.
 * Nothing is withheld for a caller whose role sees L4.
 */
export function smallGroupSuppression(
  caller: Caller,
  figures: { counts: readonly number[]; sensitive: (index: number) => boolean; filterIsL4: boolean; total: number },
): Suppression {
  if (!smallGroupRuleApplies(caller)) return { groups: new Set(), total: false };
  const sensitive = figures.filterIsL4 ? () => true : figures.sensitive;
  return { groups: withheldGroups(figures.counts, sensitive), total: figures.filterIsL4 && isSmallGroup(figures.total) };
}

/** A single L4 figure (`partyMembers`) for `caller`: null when the rule applies and it is 1–4. */
export function withheldFigure(caller: Caller, n: number): number | null {
  return smallGroupRuleApplies(caller) && isSmallGroup(n) ? null : n;
}
