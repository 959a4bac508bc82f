import { Field, GraphQLISODateTime, ObjectType } from 'type-graphql';
import type { FieldOrigin } from '../../db/tables/common';
import { maskFreeText } from '../../domain/masking';

/** Where one field's current value came from (survivorship). Never the value itself. */
@ObjectType('FieldProvenance', {
  simpleResolvers: true,
  description: 'Per-field provenance (字段来源): which source record supplied the current value of one field. It names the source, never the value.',
})
export class FieldProvenanceType {
  @Field(() => String, { description: 'The field of this object the value shows in (`name`, `mobileMasked`, `grid` …; a nested field by its own name).' })
  field!: string;

  @Field(() => String, { description: 'Source (connector) id that supplied the value.' })
  source!: string;

  @Field(() => String, { description: 'Stream of the source.' })
  stream!: string;

  @Field(() => String, { description: "The source record's key (ID-number and mobile patterns masked)." })
  externalId!: string;

  @Field(() => GraphQLISODateTime, {
    description: "The source record's version that supplied the value (a later record repeating the same value at the same priority does not move it).",
  })
  version!: Date;
}

/** Maps one stored origin; the external id is masked (a source may key people by ID number). */
export function toFieldProvenanceType(field: string, origin: FieldOrigin): FieldProvenanceType {
  const t = new FieldProvenanceType();
  t.field = field;
  t.source = origin.s;
  t.stream = origin.st;
  t.externalId = maskFreeText(origin.x);
  t.version = new Date(origin.v);
  return t;
}

/** Description of every entity's `provenance` field. */
export const PROVENANCE_DESCRIPTION =
  'Per-field provenance (字段来源): for each field whose value came from a source, which source record supplied it (survivorship: source priority, then the most recent version). Fields of personal information name their source, never their value.';
