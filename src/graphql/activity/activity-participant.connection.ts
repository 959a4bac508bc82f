import { Field, Float, ObjectType } from 'type-graphql';
import { connectionType, EdgeBase } from '../common/connection';
import { PersonType } from '../person/person.type';

/** A participant of an activity, with the hours given. */
@ObjectType('ActivityParticipantEdge', { simpleResolvers: true, description: 'A participant of an activity with the hours they gave (志愿服务时长).' })
export class ActivityParticipantEdge extends EdgeBase<PersonType> {
  @Field(() => PersonType, { description: 'The participant (masked).' })
  declare node: PersonType;

  @Field(() => Float, { nullable: true, description: 'Hours given (服务时长).' })
  hours!: number | null;
}

/** A page of an activity's participants. */
export const ActivityParticipantConnection = connectionType(PersonType, 'ActivityParticipant', 'A page of an activity\'s participants (参与人员), masked.', ActivityParticipantEdge);
