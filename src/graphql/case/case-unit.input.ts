import { Field, ID, InputType } from 'type-graphql';
import { HandlerRole } from './case.enums';

/** A unit a case is dispatched to. */
@InputType('CaseUnitInput', { description: 'A handling unit of a dispatch: an organisation and its role (主办 LEAD or 协办 ASSIST). Exactly one LEAD per dispatch.' })
export class CaseUnitInput {
  @Field(() => ID, { description: 'Global ID of the organisation (a residents\' committee, a department, a property firm).' })
  organizationId!: string;

  @Field(() => HandlerRole, { description: 'LEAD (主办) or ASSIST (协办).' })
  role!: HandlerRole;
}
