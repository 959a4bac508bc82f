import { describe, expect, it } from 'vitest';
import { inferOrganizationKind, parseOrganizationName, scoreCompanyNames, type AreaNames } from '../../../src/domain/organization-name';

const JIANG_AN: AreaNames = { province: '湖北省', city: '武汉市', district: '江岸区', street: '大智街道', community: '幸福社区' };
const key = (name: string, areas: AreaNames = JIANG_AN) => parseOrganizationName(name, areas).matchName;
const scope = (name: string, areas: AreaNames = JIANG_AN) => parseOrganizationName(name, areas).scope;

describe('parseOrganizationName', () => {
  it('reads a street office’s spellings as one unit, unique in the district', () => {
    const spellings = ['大智街道办事处', '大智街道办', '大智街道', '大智街办', '江岸区大智街道办事处', '武汉市江岸区人民政府大智街道办事处', '湖北省武汉市江岸区大智街道办事处', ' 大智街道辦事處 '];
    for (const s of spellings) expect(key(s), s).toBe('STREET_OFFICE|大智');
    expect(scope('大智街道')).toBe('district');
    expect(key('花楼街街道办事处')).toBe('STREET_OFFICE|花楼街');
    expect(key('台北街道办事处')).not.toBe(key('大智街道办事处'));
    expect(key('丹水池镇人民政府')).toBe(key('丹水池镇政府'));
  });

  it('keeps the street’s party working committee apart from its office', () => {
    expect(key('大智街道党工委')).toBe('PARTY_ORG|大智街道|党工委');
    expect(key('中共武汉市江岸区大智街道工作委员会')).toBe('PARTY_ORG|大智街道|党工委');
    expect(key('大智街道党工委')).not.toBe(key('大智街道办事处'));
    expect(parseOrganizationName('大智街道党工委').kind).toBe('PARTY_ORG');
    expect(key('中共幸福社区委员会')).toBe(key('幸福社区党委'));
    expect(scope('幸福社区党委')).toBe('street');
  });

  it('reads residents’ committees with and without 社区, unique in the street', () => {
    for (const s of ['幸福社区居民委员会', '幸福社区居委会', '幸福居民委员会', '幸福居委会', '幸福社区', '大智街道幸福社区居委会']) expect(key(s), s).toBe('RESIDENTS_COMMITTEE|幸福');
    expect(key('幸福村村民委员会')).toBe(key('幸福村委会'));
    expect(scope('幸福社区居委会')).toBe('street');
    // a type word alone has no core: the caller fills it from the unit's areas, or does not match it
    expect(key('社区居委会')).toBeNull();
    expect(key('街道办')).toBeNull();
  });

  it('reads a district’s department with or without the district’s name; another district’s name stays', () => {
    for (const s of ['江岸区民政局', '区民政局', '民政局', '武汉市江岸区民政局', '江岸民政局']) expect(key(s), s).toBe('GOVERNMENT_DEPT|民政局');
    expect(scope('江岸区民政局')).toBe('district');
    expect(key('江汉区民政局')).toBe('GOVERNMENT_DEPT|江汉区民政局');
    // the city's department is another unit, scoped to the city
    expect(scope('武汉市民政局')).toBe('city');
    expect(scope('市民政局')).toBe('city');
    expect(key('市民政局')).toBe('GOVERNMENT_DEPT|民政局');
    expect(key('区市场监督管理局')).toBe('GOVERNMENT_DEPT|市场监督管理局');
    expect(scope('市场监督管理局')).toBe('district');
    expect(scope('武汉市12345市民服务热线中心')).toBe('city');
    // without area names nothing is taken off (a prefix is only known as one from the hierarchy)
    expect(parseOrganizationName('江岸区民政局').matchName).toBe('GOVERNMENT_DEPT|江岸区民政局');
  });

  it('reads property firms’ names into a brand core, line and legal form', () => {
    const a = parseOrganizationName('武汉安居物业服务有限公司', JIANG_AN);
    const b = parseOrganizationName('安居物业管理有限公司', JIANG_AN);
    const c = parseOrganizationName('安居物业', JIANG_AN);
    const d = parseOrganizationName('安居(武汉)物业服务有限公司', JIANG_AN);
    for (const p of [a, b, c, d]) {
      expect(p.matchName).toBe('COMPANY|物业|安居');
      expect(p.kind).toBe('PROPERTY_COMPANY');
      expect(p.scope).toBe('city');
    }
    expect(a.company).toEqual({ line: '物业服务', legalForm: '有限公司' });
    expect(c.company).toEqual({ line: '物业', legalForm: null });
    expect(key('新安居物业服务有限公司')).not.toBe(a.matchName);
    // a brand that is the district's short name is not taken off to nothing
    expect(key('江岸物业有限公司')).toBe('COMPANY|物业|江岸');
  });

  it('leaves names of no known type as they are, within the area given', () => {
    expect(key('幸福社区 志愿者协会')).toBe('|幸福社区志愿者协会');
    expect(scope('幸福社区志愿者协会')).toBe('area');
    expect(key('江岸城管')).toBe('|江岸城管');
  });
});

describe('scoreCompanyNames', () => {
  const co = (n: string) => parseOrganizationName(n, JIANG_AN).company!;
  it('scores suffix variants below identity, conflicting legal forms lowest', () => {
    expect(scoreCompanyNames(co('武汉安居物业服务有限公司'), co('安居物业服务有限公司')).score).toBe(1);
    expect(scoreCompanyNames(co('武汉安居物业服务有限公司'), co('安居物业')).score).toBe(0.8);
    expect(scoreCompanyNames(co('武汉安居物业服务有限公司'), co('安居物业管理有限公司')).score).toBe(0.8);
    expect(scoreCompanyNames(co('安居物业服务有限公司'), co('安居物业服务股份有限公司')).score).toBe(0.65);
    expect(scoreCompanyNames(co('安居物业管理股份有限公司'), co('安居物业服务有限公司')).score).toBe(0.45);
  });
});

describe('inferOrganizationKind', () => {
  it('guesses from the name first, then the USCC category', () => {
    expect(inferOrganizationKind('大智街道')).toBe('STREET_OFFICE');
    expect(inferOrganizationKind('大智街道党工委')).toBe('PARTY_ORG');
    expect(inferOrganizationKind('区民政局')).toBe('GOVERNMENT_DEPT');
    expect(inferOrganizationKind('幸福社区居委会')).toBe('RESIDENTS_COMMITTEE');
    expect(inferOrganizationKind('安居物业')).toBe('PROPERTY_COMPANY');
    expect(inferOrganizationKind('江岸区益家社区服务中心', '52420102MA41HXWNXW')).toBe('SOCIAL_ORG');
    expect(inferOrganizationKind('武汉善邻医院', '12420102246075053T')).toBe('OTHER');
  });
});
