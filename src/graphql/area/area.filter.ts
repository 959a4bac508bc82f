import { Field, InputType } from 'type-graphql';
import { AreaLevel } from './area-level.enum';

/** Filter of the `areas` list. */
@InputType('AreaFilter', { description: 'Filter of administrative areas; all given conditions must hold.' })
export class AreaFilter {
  @Field(() => String, { nullable: true, description: 'Only areas inside this area\'s subtree (itself included): a 6-, 9- or 12-digit code.' })
  within?: string | null;

  @Field(() => AreaLevel, { nullable: true, description: 'Only areas of this level.' })
  level?: AreaLevel | null;

  @Field(() => String, { nullable: true, description: 'Name contains this text, compared in normal form (names are stored as written): Traditional or Simplified, full- or half-width input finds either spelling.' })
  name?: string | null;
}
