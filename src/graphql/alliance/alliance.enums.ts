import { registerEnumType } from 'type-graphql';

/** 牵头单位 / 成员单位. */
export const AllianceRole = { LEAD: 'LEAD', MEMBER: 'MEMBER' } as const;
export type AllianceRole = (typeof AllianceRole)[keyof typeof AllianceRole];
registerEnumType(AllianceRole, {
  name: 'AllianceRole',
  description: 'Role of a unit in a 区域化党建联盟.',
  valuesConfig: {
    LEAD: { description: '牵头单位: leads the alliance (the residents\' committee of a community\'s, the street office of a street\'s).' },
    MEMBER: { description: '成员单位 member unit.' },
  },
});
