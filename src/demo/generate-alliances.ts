import { branchRng, type BuildContext, type StreetInfo } from './build-context';
import { addDays, addYears, maxDate } from './calendar';
import type { CommunityInfo } from './generate-community';
import type { Rng } from './prng';
import type { WorldAllianceMember, WorldOrganization } from './world.types';

/** 共建项目 a unit of each kind commits to (a few each, as the alliance's 项目清单 lists them). */
const COMMITMENTS: Readonly<Record<'LEAD' | 'RESIDENT_UNIT' | 'PROPERTY_COMPANY' | 'SOCIAL_ORG' | 'RESIDENTS_COMMITTEE', readonly string[]>> = {
  LEAD: ['牵头召开季度联席会议', '建立需求、资源、项目“三张清单”', '统筹共建项目认领与评议'],
  RESIDENT_UNIT: ['开放单位停车场错时共享', '认领困难群众“微心愿”', '在职党员进社区志愿服务', '提供会议室作为居民活动场地', '结对帮扶困难家庭', '开展法律咨询进社区'],
  PROPERTY_COMPANY: ['红色物业服务进楼栋', '老旧小区公共设施“即报即修”', '物业服务事项与收费公示', '增设电动自行车充电桩', '配合开展环境卫生整治'],
  SOCIAL_ORG: ['独居老人关爱探访', '“四点半课堂”课后托管', '心理咨询与调解服务', '邻里互助节活动'],
  RESIDENTS_COMMITTEE: ['协调辖区共建资源', '组织居民参与共建项目'],
};

type CommitmentKind = keyof typeof COMMITMENTS;

/** One to three commitments of a unit of `kind`, in catalogue order. */
function commitmentsOf(rng: Rng, kind: CommitmentKind): string[] {
  const list = COMMITMENTS[kind];
  const picked = new Set(rng.sample(list, rng.int(1, Math.min(3, list.length))));
  return list.filter((c) => picked.has(c));
}

/** A member that joined after the founding and, now and then, left again (at least 60 days later). */
function membership(rng: Rng, ctx: BuildContext, allianceKey: string, organizationKey: string, kind: CommitmentKind, foundedOn: string): WorldAllianceMember {
  const latestJoin = addDays(ctx.asOf, -60);
  const joinedOn = rng.chance(0.5) || foundedOn >= latestJoin ? foundedOn : rng.dateBetween(foundedOn, latestJoin);
  const leaves = rng.chance(0.15) && addDays(joinedOn, 60) <= addDays(ctx.asOf, -10);
  return {
    allianceKey,
    organizationKey,
    role: 'MEMBER',
    commitments: commitmentsOf(rng, kind),
    joinedOn,
    leftOn: leaves ? rng.dateBetween(addDays(joinedOn, 60), addDays(ctx.asOf, -10)) : null,
  };
}

/** The alliance organisation itself: no USCC (an alliance is not registered), named after its area. */
function allianceOrganization(rng: Rng, ctx: BuildContext, key: string, name: string, areaCode: string, address: string): { org: WorldOrganization; foundedOn: string } {
  const foundedOn = rng.dateBetween(addYears(ctx.asOf, -6), addDays(ctx.asOf, -400));
  return { org: { key, kind: 'ALLIANCE', name, uscc: null, filingNo: null, areaCode, status: 'ACTIVE', foundedOn, address }, foundedOn };
}

/**
 * 区域化党建联盟 of one community, drawn from its own generator (so nothing else in the world
 * moves): about one community in five has none; of the rest about a third keep a small alliance
 * (the residents' committee and one or two units). The residents' committee leads it
 * (`LEAD`); members are resident units (驻区单位) of the street, the property firms of the
 * community's estates and its active community social organisations, each with one to three
 * 共建项目; some joined later, some left. Its joint meetings (联席会议) are the community's
 * activities of that type (`generateActivities` names the alliance as their organiser).
 */
export function generateCommunityAlliance(ctx: BuildContext, info: CommunityInfo): void {
  const rng = branchRng(ctx, `${info.path}/alliance`);
  if (rng.chance(0.2)) return;
  const small = rng.chance(0.35);
  const key = `alliance/${info.code}`;
  const { org, foundedOn } = allianceOrganization(rng, ctx, key, `${info.name}区域化党建联盟`, info.code, `${info.name}党群服务中心`);
  ctx.world.organizations.push(org);
  info.allianceKey = key;

  const members: WorldAllianceMember[] = [{ allianceKey: key, organizationKey: info.rcKey, role: 'LEAD', commitments: commitmentsOf(rng, 'LEAD'), joinedOn: foundedOn, leftOn: null }];
  const units = rng.sample(info.street.residentUnitKeys, small ? rng.int(0, 1) : rng.int(1, 3));
  const firms = [...new Set(info.projects.map((p) => p.company.key))].filter(() => !small && rng.chance(0.7));
  const socials = rng.sample(info.socialOrgKeys, small ? Math.min(1, info.socialOrgKeys.length) : rng.int(0, 2));
  for (const k of units) members.push(membership(rng, ctx, key, k, 'RESIDENT_UNIT', foundedOn));
  for (const k of firms) members.push(membership(rng, ctx, key, k, 'PROPERTY_COMPANY', foundedOn));
  for (const k of socials) members.push(membership(rng, ctx, key, k, 'SOCIAL_ORG', foundedOn));
  ctx.world.allianceMembers.push(...members);
}

/**
 * The street's 区域化党建联盟: the street office leads it; most of the street's resident units,
 * some of its residents' committees and the registered social organisations based in the street
 * are members. Drawn after the street's communities, from its own generator.
 */
export function generateStreetAlliance(ctx: BuildContext, street: StreetInfo, communities: readonly CommunityInfo[]): void {
  const rng = branchRng(ctx, `streets/${street.code9}/alliance`);
  const key = `alliance/${street.code12}`;
  const { org, foundedOn } = allianceOrganization(rng, ctx, key, `${street.name}区域化党建联盟`, street.code12, `${street.officeName}党群服务中心`);
  ctx.world.organizations.push(org);
  const members: WorldAllianceMember[] = [{ allianceKey: key, organizationKey: street.officeKey, role: 'LEAD', commitments: commitmentsOf(rng, 'LEAD'), joinedOn: foundedOn, leftOn: null }];
  for (const k of street.residentUnitKeys) if (rng.chance(0.8)) members.push(membership(rng, ctx, key, k, 'RESIDENT_UNIT', foundedOn));
  for (const c of communities) if (rng.chance(0.5)) members.push(membership(rng, ctx, key, c.rcKey, 'RESIDENTS_COMMITTEE', foundedOn));
  const socials = ctx.world.organizations.filter((o) => o.key.startsWith(`social/${street.code9}/`) && o.status === 'ACTIVE');
  for (const o of socials) if (rng.chance(0.5)) members.push(membership(rng, ctx, key, o.key, 'SOCIAL_ORG', maxDate(foundedOn, o.foundedOn ?? foundedOn)));
  ctx.world.allianceMembers.push(...members);
}
