import { change, defineStream, normalizeText, reference, splitTags, type CanonicalChange, type DwellingRef, type PersonInput } from '../../src/sdk';
import { assertReadableText, cell, enumCell, normalizeCode, requiredCell } from '../../src/sdk/transports/files';
import { buildingRefOf } from './dwellings.stream';
import { readExports, residentsScope } from './read-exports';
import type { StreetOfficeConfig } from './street-office.config';
import type { StreetOfficeRecord } from './street-office.records';
import { checkedGridCode, idDigest } from './street-office.values';

/** 人口类别. */
export const POPULATION_CATEGORIES = {
  户籍人口: 'REGISTERED',
  户籍: 'REGISTERED',
  常住户籍人口: 'REGISTERED',
  流动人口: 'FLOATING',
  流动: 'FLOATING',
  外来人口: 'FLOATING',
  暂住人口: 'FLOATING',
} as const;

/** 性别 (GB/T 2261.1 codes too). */
export const SEXES = { 男: 'M', 男性: 'M', 1: 'M', m: 'M', M: 'M', 女: 'F', 女性: 'F', 2: 'F', f: 'F', F: 'F' } as const;

/**
 * 政治面貌 (GB/T 4762). Party membership itself (`partyMember`) needs the member's party
 * organisation, which this export does not carry: only the political status goes on the person.
 */
export const POLITICAL_STATUSES: Readonly<Record<string, NonNullable<PersonInput['politicalStatus']>>> = {
  中共党员: 'CPC_MEMBER',
  中国共产党党员: 'CPC_MEMBER',
  党员: 'CPC_MEMBER',
  中共预备党员: 'CPC_PROBATIONARY',
  中国共产党预备党员: 'CPC_PROBATIONARY',
  预备党员: 'CPC_PROBATIONARY',
  共青团员: 'CYL_MEMBER',
  中国共产主义青年团团员: 'CYL_MEMBER',
  团员: 'CYL_MEMBER',
  群众: 'MASSES',
  ...Object.fromEntries(
    ['民革党员', '民盟盟员', '民建会员', '民进会员', '农工党党员', '致公党党员', '九三学社社员', '台盟盟员', '无党派人士', '无党派民主人士'].map((s) => [s, 'OTHER' as const]),
  ),
};

/** `汉` → `汉族`: the GB 3304 name, so counts by ethnicity are not split by spelling. */
function ethnicityOf(raw: string): string | null {
  const s = normalizeText(raw).replace(/\s+/g, '');
  if (s === '') return null;
  return /^[\u4e00-\u9fff]+$/u.test(s) && !/[族人]$/u.test(s) ? `${s}族` : s;
}

/**
 * 人口 → `person` (name, sex, ethnicity, mobile, political status, tags), `household` (户号; 户籍户
 * for 户籍人口, 居住户 for 流动人口), `residency` (current: `validTo: null` reopens an ended one),
 * and, as references, the dwelling they live in (`building` + `dwelling`, when 楼栋 + 房号 and the
 * grid are given, so the household's address always resolves; lineage only where they create or
 * change it).
 */
export function mapResidentRow(record: StreetOfficeRecord): CanonicalChange[] {
  const row = record.row;
  const name = requiredCell(row, '姓名');
  const idNumber = requiredCell(row, '公民身份号码');
  const householdNo = requiredCell(row, '户号');
  const category = enumCell(row, '人口类别', POPULATION_CATEGORIES, { required: true })!;
  const sex = enumCell(row, '性别', SEXES);
  const politicalStatus = enumCell(row, '政治面貌', POLITICAL_STATUSES);
  assertReadableText(row, ['民族', '与户主关系', '人员标签', '小区', '楼栋', '单元', '房号']);
  const gridCode = cell(row, '网格编码');
  const grid = gridCode ? checkedGridCode(gridCode) : null;
  const tags = [...new Set(splitTags(normalizeText(cell(row, '人员标签'))))];
  const mobile = cell(row, '联系电话');

  const changes: CanonicalChange[] = [
    change('person', { idNumber, name, sex, ethnicity: ethnicityOf(cell(row, '民族')), mobile: mobile || null, politicalStatus, tags }),
  ];
  let dwelling: DwellingRef | null = null;
  if (grid && cell(row, '楼栋') && cell(row, '房号')) {
    const building = buildingRefOf(row, grid.communityCode);
    dwelling = { building, unit: cell(row, '单元'), room: cell(row, '房号') };
    changes.push(reference('building', { ...building, gridCode }), reference('dwelling', { ...dwelling, gridCode }));
  }
  changes.push(
    change('household', {
      householdNo,
      kind: category === 'REGISTERED' ? 'REGISTERED' : 'RESIDENT',
      dwelling,
      gridCode: gridCode || null,
      communityCode: grid?.communityCode ?? null,
    }),
    change('residency', { personIdNumber: idNumber, householdNo, relation: cell(row, '与户主关系') || null, category, validTo: null }),
  );
  return changes;
}

/**
 * A resident's external id: `residents:<street>:<户号>:<digest of the ID number>` — inside the
 * street's snapshot scope, stable across exports, without the ID number itself.
 */
export function residentExternalId(r: StreetOfficeRecord): string {
  const householdNo = normalizeCode(r.row.户号 ?? '').toUpperCase() || '-';
  const id = (r.row.公民身份号码 ?? '').trim();
  return `residents:${r.street}:${householdNo}:${id ? idDigest(id, r.street) : '-'}`;
}

export const residentsStream = defineStream<StreetOfficeConfig, StreetOfficeRecord>({
  name: 'residents',
  description: '人口 residents, households and residencies from the newest resident export (a full snapshot)',
  primaryKey: ['户号', '公民身份号码'],
  personalFields: {
    name: ['row.姓名'],
    idNumber: ['row.公民身份号码'],
    mobile: ['row.联系电话'],
    // the address below the building
    withheld: ['row.单元', 'row.房号'],
    // political identity and special-population tags (空巢老人, 低保, 残疾 …)
    l4: ['row.政治面貌', 'row.人员标签'],
  },
  read: (ctx, cursor) => readExports(ctx, cursor, { table: 'residents', snapshotScope: residentsScope }),
  externalId: residentExternalId,
  version: (r, readAt) => r.exportedAt ?? readAt,
  map: (r) => mapResidentRow(r),
});
