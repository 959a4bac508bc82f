import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { caseById } from '../case/case.loaders';
import { CaseType } from '../case/case.type';
import type { HubContext } from '../context';

/**
 * `Case.linkedCases`: the same matter reported through another channel (an appeal and its
 * 12345 copy), linked by the write path, never merged. One statement per request level for all
 * cases asked; the linked cases load through the scoped case loader.
 */
@Resolver(() => CaseType)
export class CaseLinkResolver {
  @FieldResolver(() => [CaseType], { description: 'The same matter reported through another channel (同一诉求多渠道重复反映): linked, not merged; each keeps its own history.' })
  async linkedCases(@Root() kase: CaseType, @Ctx() ctx: HubContext): Promise<CaseType[]> {
    const linkedIds = await ctx.loaders
      .get<string, string[]>('caseLinks', async (ids) => {
        const rows = await ctx.readDb
          .selectFrom('case_link')
          .select(['case_id', 'linked_case_id'])
          .where((eb) => eb.or([eb('case_id', 'in', [...ids]), eb('linked_case_id', 'in', [...ids])]))
          .execute();
        return ids.map((id) => rows.flatMap((r) => (r.case_id === id ? [r.linked_case_id] : r.linked_case_id === id ? [r.case_id] : [])).sort());
      })
      .load(kase.rowId);
    const cases = await Promise.all(linkedIds.map((id) => caseById(ctx, id)));
    return cases.filter((c): c is CaseType => c !== null);
  }
}
