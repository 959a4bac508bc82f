import { Field, GraphQLISODateTime, ID, InputType } from 'type-graphql';
import { OrganizationKind } from '../organization/organization.enums';
import { CaseKind, CaseStatus } from './case.enums';

/** Filter of case lists and case statistics. */
@InputType('CaseFilter', { description: 'Filter of cases; all given conditions must hold.' })
export class CaseFilter {
  @Field(() => String, { nullable: true, description: 'Only cases inside this area (6-, 9- or 12-digit code): a street covers all its communities and grids.' })
  area?: string | null;

  @Field(() => String, { nullable: true, description: 'Only cases of this grid (15-digit code).' })
  grid?: string | null;

  @Field(() => [CaseStatus], { nullable: true, description: 'Only cases in one of these statuses.' })
  status?: CaseStatus[] | null;

  @Field(() => [CaseKind], { nullable: true, description: 'Only these kinds.' })
  kind?: CaseKind[] | null;

  @Field(() => [String], { nullable: true, description: 'Only these categories (事项分类).' })
  category?: string[] | null;

  @Field(() => [String], { nullable: true, description: 'Only these channels.' })
  channel?: string[] | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Reported at or after this instant.' })
  reportedFrom?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Reported before this instant.' })
  reportedTo?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Only urgent (true) or non-urgent (false) cases.' })
  urgent?: boolean | null;

  @Field(() => String, { nullable: true, description: 'Only cases linked to this duty item (its global ID).' })
  dutyItem?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only overdue (true) or not overdue (false) cases: overdue is closed after its due time, or still open past it. A case without a due time is never overdue.',
  })
  overdue?: boolean | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Only cases due before this instant (办理时限 earlier than it).' })
  dueBefore?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Only cases due at or after this instant.' })
  dueAfter?: Date | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Only duty-shifted (转嫁责任, true) or not duty-shifted (false) cases: a residents\' committee handles the case (主办 or 协办) and its duty item is not on the community work list (the street\'s own 权力/责任清单, or withdrawn). See `Case.dutyShifted`.',
  })
  dutyShifted?: boolean | null;

  @Field(() => [ID], { nullable: true, description: 'Only cases one of these organisations (global IDs, at most 100) handles, as lead (主办) or assisting (协办) unit.' })
  handlingUnit?: string[] | null;

  @Field(() => [OrganizationKind], { nullable: true, description: 'Only cases with a handling unit (主办 or 协办) of one of these kinds, e.g. RESIDENTS_COMMITTEE.' })
  handlingUnitKind?: OrganizationKind[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only cases last dispatched (派遣) by one of these organisations (global IDs, at most 100): the acting unit of the latest step into DISPATCHED.' })
  dispatcher?: string[] | null;
}
