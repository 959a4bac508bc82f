import { Field, ID, ObjectType } from 'type-graphql';

/** A person's identifiers in clear, returned once by `revealPerson` (and logged). */
@ObjectType('RevealedPerson', {
  simpleResolvers: true,
  description: '查看明文 — a person\'s name, ID number and mobile in clear, shown once to a caller allowed to reveal them; every reveal is in the access log.',
})
export class RevealedPersonType {
  @Field(() => ID, { description: 'Global ID of the person.' })
  id!: string;

  @Field(() => String, { description: 'Name in clear.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'ID number (公民身份号码) in clear; null when none is stored.' })
  idNumber!: string | null;

  @Field(() => String, { nullable: true, description: 'Mobile in clear (E.164); null when none is stored.' })
  mobile!: string | null;

  @Field(() => ID, { description: 'Id of the access-log row this reveal wrote.' })
  accessLogId!: string;
}
