import { Field, GraphQLISODateTime, ObjectType } from 'type-graphql';
import type { FieldOrigin } from '../../db/field-provenance';
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
    description: "Version of the source record that supplied the value (the record's latest version written to this object).",
  })
  version!: Date;
}

/** Maps one stored origin; the external id is masked (a source may key people by ID number). */
export function toFieldProvenanceType(field: string, origin: FieldOrigin): FieldProvenanceType {
  const t = new FieldProvenanceType();
  t.field = field;
  const [source, stream, externalId, version] = origin;
  t.source = source;
  t.stream = stream;
  t.externalId = maskFreeText(externalId);
  t.version = new Date(version);
  return t;
}

/** Description of every entity's `provenance` field. */
export const PROVENANCE_DESCRIPTION =
  'Per-field provenance (字段来源): for each field whose value came from a source, which source record supplied it (survivorship: source priority, then the most recent version). Fields of personal information name their source, never their value.';
