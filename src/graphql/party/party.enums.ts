import { registerEnumType } from 'type-graphql';

/** 党组织层级: 街道党工委 → 社区党委/党总支/党支部 → 网格/小区党支部 → 楼栋党小组. */
export const PartyOrgLevel = {
  STREET_WORKING_COMMITTEE: 'STREET_WORKING_COMMITTEE',
  COMMUNITY_COMMITTEE: 'COMMUNITY_COMMITTEE',
  GENERAL_BRANCH: 'GENERAL_BRANCH',
  BRANCH: 'BRANCH',
  GRID_BRANCH: 'GRID_BRANCH',
  BUILDING_GROUP: 'BUILDING_GROUP',
} as const;
export type PartyOrgLevel = (typeof PartyOrgLevel)[keyof typeof PartyOrgLevel];
registerEnumType(PartyOrgLevel, {
  name: 'PartyOrgLevel',
  description: 'Level of a party organisation (党组织层级).',
  valuesConfig: {
    STREET_WORKING_COMMITTEE: { description: '街道党工委 street working committee' },
    COMMUNITY_COMMITTEE: { description: '社区党委 community party committee' },
    GENERAL_BRANCH: { description: '党总支 general branch' },
    BRANCH: { description: '党支部 branch' },
    GRID_BRANCH: { description: '网格/小区党支部 grid or estate branch' },
    BUILDING_GROUP: { description: '楼栋党小组 building party group' },
  },
});

/** 正式党员 / 预备党员. */
export const PartyMemberStatus = { FULL: 'FULL', PROBATIONARY: 'PROBATIONARY' } as const;
export type PartyMemberStatus = (typeof PartyMemberStatus)[keyof typeof PartyMemberStatus];
registerEnumType(PartyMemberStatus, {
  name: 'PartyMemberStatus',
  description: 'Membership status.',
  valuesConfig: { FULL: { description: '正式党员 full member' }, PROBATIONARY: { description: '预备党员 probationary member' } },
});
