import { registerEnumType } from 'type-graphql';

/** 户籍户 / 居住户. */
export const HouseholdKind = { REGISTERED: 'REGISTERED', RESIDENT: 'RESIDENT' } as const;
export type HouseholdKind = (typeof HouseholdKind)[keyof typeof HouseholdKind];

registerEnumType(HouseholdKind, {
  name: 'HouseholdKind',
  description: 'Kind of household.',
  valuesConfig: {
    REGISTERED: { description: '户籍户: a household-registration (hukou) household.' },
    RESIDENT: { description: '居住户: a household of the people actually living in a dwelling.' },
  },
});
