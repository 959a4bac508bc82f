import { Field, ObjectType } from 'type-graphql';
import { OrganizationType } from '../organization/organization.type';
import { HandlerRole } from './case.enums';

/** A handling unit of a case. */
@ObjectType('CaseHandler', { simpleResolvers: true, description: 'A unit handling a case: the lead unit (主办) or an assisting one (协办).' })
export class CaseHandlerType {
  @Field(() => HandlerRole, { description: 'Lead or assisting.' })
  role!: HandlerRole;

  @Field(() => OrganizationType, { description: 'The handling unit.' })
  organization!: OrganizationType;
}
