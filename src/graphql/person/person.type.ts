import type { Selectable } from 'kysely';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import type { PersonTable } from '../../db/tables/people.table';
import { maskName } from '../../domain/masking';
import type { Caller } from '../../auth/caller';
import type { ColumnPlan } from '../common/columns';
import { toGlobalId } from '../common/global-id';
import { Node } from '../node/node.interface';
import { Sex } from './person.enums';

export type PersonRow = Selectable<PersonTable>;

/**
 * 居民 / 实有人口 (golden record). Personal information is always masked (DOMAIN.md §6): the
 * name keeps the surname (`张*`), the birth date only its year; ID number and mobile are
 * decrypted in memory when selected and returned masked (`420102***********0`, `139****5678`).
 */
@ObjectType('Person', { simpleResolvers: true, implements: Node, description: '居民 — a person (golden record). Names, ID numbers, mobiles and birth dates are always masked (脱敏).' })
export class PersonType implements Node {
  @Field(() => ID, { description: 'Global ID.' })
  get id(): string {
    return toGlobalId('Person', this.rowId);
  }

  @Field(() => String, { description: 'Name, masked: surname kept, the rest starred (张*, 欧阳**).' })
  name!: string;

  @Field(() => Sex, { nullable: true, description: 'Sex (性别).' })
  sex!: Sex | null;

  @Field(() => Int, { nullable: true, description: 'Year of birth (the birth date is shown as its year only).' })
  birthYear!: number | null;

  @Field(() => String, { nullable: true, description: 'Ethnic group (民族).' })
  ethnicity!: string | null;

  rowId!: string;
  /** Ciphertext of the ID number; only the masked form leaves the resolver. */
  idEnc!: string | null;
  /** Ciphertext of the mobile (E.164); only the masked form leaves the resolver. */
  mobileEnc!: string | null;
}

/** The `person` columns each field reads (common/columns.ts); fields not listed read every column. */
export const PERSON_COLUMNS: ColumnPlan = {
  always: ['id'],
  fields: {
    id: [],
    name: ['name'],
    sex: ['sex'],
    birthYear: ['birth_date'],
    ethnicity: ['ethnicity'],
    idNumberMasked: ['id_enc'],
    mobileMasked: ['mobile_enc'],
    residencies: [],
    roles: [],
    partyMembership: [],
    reportedCases: [],
    activities: [],
    sources: [],
    provenance: [],
  },
};

/**
 * Maps a `person` row; masking happens here, for every caller. A pruned row (PERSON_COLUMNS)
 * lacks what no selected field reads; those fields stay unset.
 */
export function toPersonType(row: PersonRow, _caller: Caller): PersonType {
  const t = new PersonType();
  t.rowId = row.id;
  if (row.name !== undefined) t.name = maskName(row.name);
  t.sex = row.sex;
  t.birthYear = row.birth_date ? Number(row.birth_date.slice(0, 4)) : null;
  t.ethnicity = row.ethnicity;
  t.idEnc = row.id_enc;
  t.mobileEnc = row.mobile_enc;
  return t;
}
