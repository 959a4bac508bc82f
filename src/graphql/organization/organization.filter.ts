import { Field, InputType } from 'type-graphql';
import { OrganizationKind } from './organization.enums';

/** Filter of the `organizations` list. */
@InputType('OrganizationFilter', { description: 'Filter of organisations; all given conditions must hold.' })
export class OrganizationFilter {
  @Field(() => String, { nullable: true, description: 'Only organisations registered to an area inside this one (6-, 9- or 12-digit code).' })
  area?: string | null;

  @Field(() => [OrganizationKind], { nullable: true, description: 'Only these kinds.' })
  kind?: OrganizationKind[] | null;

  @Field(() => String, { nullable: true, description: 'Name contains this text, compared in normal form (names are stored as written): Traditional or Simplified, full- or half-width input finds either spelling.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'Exact unified social credit code.' })
  uscc?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Only organisations that host a party organisation (true) or host none (false): 党组织覆盖 of social organisations and firms, 红色物业. A party fact: FORBIDDEN for roles that do not see L4 facts.',
  })
  hasPartyOrganization?: boolean | null;
}
