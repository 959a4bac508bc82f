import { registerEnumType } from 'type-graphql';

/** 性别. */
export const Sex = { M: 'M', F: 'F' } as const;
export type Sex = (typeof Sex)[keyof typeof Sex];
registerEnumType(Sex, { name: 'Sex', description: 'Sex (性别).', valuesConfig: { M: { description: '男 male' }, F: { description: '女 female' } } });

/** 户籍人口 / 流动人口. */
export const ResidencyCategory = { REGISTERED: 'REGISTERED', FLOATING: 'FLOATING' } as const;
export type ResidencyCategory = (typeof ResidencyCategory)[keyof typeof ResidencyCategory];
registerEnumType(ResidencyCategory, {
  name: 'ResidencyCategory',
  description: 'Category of a residency.',
  valuesConfig: { REGISTERED: { description: '户籍人口: registered (hukou) resident' }, FLOATING: { description: '流动人口: floating (non-registered) resident' } },
});

/** 网格员 / 信息员 / 志愿者 / 楼栋长. */
export const StaffRoleKind = { GRID_WORKER: 'GRID_WORKER', INFO_OFFICER: 'INFO_OFFICER', VOLUNTEER: 'VOLUNTEER', BUILDING_LEADER: 'BUILDING_LEADER' } as const;
export type StaffRoleKind = (typeof StaffRoleKind)[keyof typeof StaffRoleKind];
registerEnumType(StaffRoleKind, {
  name: 'StaffRoleKind',
  description: 'Role a person holds in grassroots work.',
  valuesConfig: {
    GRID_WORKER: { description: '网格员 grid worker' },
    INFO_OFFICER: { description: '信息员 information officer' },
    VOLUNTEER: { description: '志愿者 volunteer' },
    BUILDING_LEADER: { description: '楼栋长 building leader' },
  },
});

/** Where a staff role applies. */
export const StaffScope = { GRID: 'GRID', COMMUNITY: 'COMMUNITY', STREET: 'STREET' } as const;
export type StaffScope = (typeof StaffScope)[keyof typeof StaffScope];
registerEnumType(StaffScope, {
  name: 'StaffScope',
  description: 'What a staff role covers: a grid, a community or a street.',
  valuesConfig: { GRID: { description: '网格 one grid' }, COMMUNITY: { description: '社区 one community' }, STREET: { description: '街道 one street' } },
});

/** 政治面貌 (L4: political identity). */
export const PoliticalStatus = { CPC_MEMBER: 'CPC_MEMBER', CPC_PROBATIONARY: 'CPC_PROBATIONARY', CYL_MEMBER: 'CYL_MEMBER', MASSES: 'MASSES', OTHER: 'OTHER' } as const;
export type PoliticalStatus = (typeof PoliticalStatus)[keyof typeof PoliticalStatus];
registerEnumType(PoliticalStatus, {
  name: 'PoliticalStatus',
  description: 'Political status (政治面貌) — L4 (political identity): filters and groups on it follow the small-group rule.',
  valuesConfig: {
    CPC_MEMBER: { description: '中共党员 party member' },
    CPC_PROBATIONARY: { description: '中共预备党员 probationary member' },
    CYL_MEMBER: { description: '共青团员 Youth League member' },
    MASSES: { description: '群众 none' },
    OTHER: { description: 'Other (民主党派 …)' },
  },
});
