import { registerEnumType } from 'type-graphql';

/** 行政区划级别. Values are the upper-case forms of `admin_area.level`. */
export const AreaLevel = {
  PROVINCE: 'PROVINCE',
  CITY: 'CITY',
  DISTRICT: 'DISTRICT',
  STREET: 'STREET',
  COMMUNITY: 'COMMUNITY',
} as const;
export type AreaLevel = (typeof AreaLevel)[keyof typeof AreaLevel];

registerEnumType(AreaLevel, {
  name: 'AreaLevel',
  description: 'Level of an administrative area (行政区划级别).',
  valuesConfig: {
    PROVINCE: { description: '省级 province' },
    CITY: { description: '地级 city' },
    DISTRICT: { description: '县级 district (区/县)' },
    STREET: { description: '乡级 street or town (街道/乡镇)' },
    COMMUNITY: { description: '村级 community or village (社区/村)' },
  },
});

/** `admin_area.level` ↔ {@link AreaLevel}. */
export function areaLevelOf(level: string): AreaLevel {
  return level.toUpperCase() as AreaLevel;
}
