import { type Caller, seesL4 } from './caller';

/**
 * The one small-group rule for L4 facts (DOMAIN.md §6): a count, filter or group over fewer than
 * {@link MIN_GROUP_SIZE} people (or cases of one person) whose defining attribute is L4 could
 * single somebody out, so for every caller whose role does not see L4 facts as rows it is withheld:
 * - `areaStats.partyMembers` of 1–4 is null and named in `suppressed`;
 * - `caseStats` groups of an L4 category with 1–4 cases are suppressed (plus one more when a
 *   single group would be, so totals do not give it away);
 * - an L4 attribute may not be used as a list filter at all (`persons(filter: { partyMember })`
 *   is FORBIDDEN): a list filtered by it names the people in the group, whatever its size.
 * Roles that see L4 (ADMIN, STREET_STAFF, COMMUNITY_STAFF: they hold the party rosters anyway) get
 * the figures as they are.
 */
export const MIN_GROUP_SIZE = 5;

/** Case categories that reveal L4 facts about the reporter: 低保 / assistance, veterans, elderly care, disability, health, minors. */
const L4_CATEGORY_WORDS = ['社会救助', '低保', '救助', '退役军人', '养老', '残疾', '残障', '精神', '疾病', '健康', '医疗', '未成年', '特殊人群', '社区矫正', '吸毒', '刑满'];

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
