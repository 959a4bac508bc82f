import { Field, InputType } from 'type-graphql';
import { PartyOrgLevel } from './party.enums';

/** Filter of the `partyOrgs` list. */
@InputType('PartyOrgFilter', { description: 'Filter of party organisations; all given conditions must hold.' })
export class PartyOrgFilter {
  @Field(() => String, { nullable: true, description: 'Only organisations of an area inside this one (6-, 9- or 12-digit code).' })
  area?: string | null;

  @Field(() => [PartyOrgLevel], { nullable: true, description: 'Only these levels.' })
  level?: PartyOrgLevel[] | null;

  @Field(() => String, { nullable: true, description: 'Name contains this text, compared in normal form (names are stored as written): Traditional or Simplified, full- or half-width input finds either spelling.' })
  name?: string | null;
}
