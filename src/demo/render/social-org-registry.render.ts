import { subRng } from '../prng';
import type { World, WorldOrganization } from '../world.types';
import { toCsv } from './csv';
import type { RenderedFile } from './street-office.render';

const STATUS: Record<WorldOrganization['status'], string> = { ACTIVE: '正常', CANCELLED: '注销', REVOKED: '撤销' };

/** The registry's columns, as the civil-affairs bureau publishes them (SOURCES.md S3). */
export const SOCIAL_ORG_REGISTRY_HEADER = [
  '统一社会信用代码',
  '社会组织名称',
  '社会组织类型',
  '登记状态',
  '登记管理机关',
  '业务主管单位',
  '法定代表人',
  '成立登记日期',
  '住所',
  '活动地域',
  '备案编号',
  '曾用名',
] as const;

/** `2016-04-05` in one of the spellings registry exports use, chosen per organisation. */
function registryDate(iso: string, style: number): string {
  const [y, m, d] = iso.split('-') as [string, string, string];
  switch (style) {
    case 1:
      return `${y}${m}${d}`;
    case 2:
      return `${y}/${Number(m)}/${Number(d)}`;
    case 3:
      return `${y}年${Number(m)}月${Number(d)}日`;
    default:
      return iso;
  }
}

/**
 * The civil-affairs bureau's register of social organisations (S3) as one CSV file (UTF-8 with
 * a BOM, as Excel saves it), named with the as-of date: every social organisation of the World
 * — registered ones by USCC, filed community ones by 备案编号 — with the World's mess as it is:
 * the planted malformed USCC, cancelled and revoked organisations, 民办非企业单位 next to
 * 社会服务机构, renamed organisations with their 曾用名, and founding dates in four spellings.
 * 法定代表人 is in the file (real exports carry it); the connector drops it unread.
 */
export function renderSocialOrgRegistry(world: World): RenderedFile {
  const date = world.meta.asOf.replace(/-/g, '');
  const persons = new Map(world.persons.map((p) => [p.idNumber, p]));
  const rows = world.organizations
    .filter((o) => o.kind === 'SOCIAL_ORG')
    .map((o) => {
      const style = subRng(world.meta.seed, `social-org-registry/${o.key}`).int(0, 3);
      return [
        o.uscc ?? '',
        o.name,
        o.socialOrgType ?? '',
        STATUS[o.status],
        o.registrationAuthority ?? '',
        o.supervisor ?? '无',
        o.legalRepresentativeId ? (persons.get(o.legalRepresentativeId)?.name ?? '') : '',
        o.foundedOn ? registryDate(o.foundedOn, style) : '',
        o.address ?? '',
        o.areaCode,
        o.filingNo ?? '',
        (o.formerNames ?? []).join('、'),
      ];
    });
  return { name: `社会组织名录_${date}.csv`, content: `\uFEFF${toCsv(SOCIAL_ORG_REGISTRY_HEADER, rows)}` };
}
