/**
 * The small-group rule for L4 facts (DOMAIN.md §6): an aggregate over fewer than
 * {@link MIN_GROUP_SIZE} people (or cases of one person) whose defining attribute is L4 could
 * single somebody out, so it is withheld.
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
