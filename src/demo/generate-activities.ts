import { branchRng, type BuildContext, type PersonDraft } from './build-context';
import { addDays, cstMs, formatCst, HOUR_MS, MINUTE_MS } from './calendar';
import { ACTIVITY_TITLES } from './case-catalog';
import type { CommunityInfo } from './generate-community';
import { fill } from './names';
import { WeightedTable, type Rng } from './prng';
import type { WorldActivity } from './world.types';

const pad = (n: number, w: number) => String(n).padStart(w, '0');

type ActivityType = WorldActivity['type'];

const TYPES = new WeightedTable<ActivityType>([
  ['主题党日', 35],
  ['联席会议', 15],
  ['志愿服务', 35],
  ['议事协商', 15],
]);

/** Up to `n` distinct persons from `pool`, as participants with `hours` each. */
function attend(rng: Rng, pool: readonly PersonDraft[], n: number, hours: () => number): WorldActivity['participants'] {
  return rng.sample(pool, n).map((d) => ({ personId: d.person.idNumber, hours: hours() }));
}

/**
 * Titles of party days that are service (党员进网格、服务进楼栋): their participants served and their
 * hours are volunteer service records, like a 志愿服务's. Every other party day, joint meeting or
 * consultation is attendance: no hours.
 */
const SERVICE_PARTY_DAY = /服务/;

/**
 * Activities of one community over the year before the as-of date: 主题党日 (party members,
 * organised by the residents' committee whose party committee runs it), 联席会议 (committee +
 * property company + owners' committee or a resident unit: 区域化党建 / 红色物业; organised by the
 * community's 区域化党建联盟 first when it has one), 志愿服务 (volunteers and party members) and
 * 议事协商 (residents of an estate, with its owners' committee).
 *
 * Hours are volunteer service records: only people who served have them (志愿服务, a party day
 * of service); attending a meeting, a consultation or a study session records none (`null`).
 */
export function generateActivities(ctx: BuildContext, info: CommunityInfo): void {
  const rng = branchRng(ctx, `${info.path}/activities`);
  const [min, max] = ctx.profile.activitiesPerCommunity;
  const n = rng.int(min, max);
  const adults = info.current.filter((d) => d.age >= 18);
  if (adults.length === 0) return;
  for (let i = 1; i <= n; i++) {
    const arng = branchRng(ctx, `${info.path}/activities/${i}`);
    let type = TYPES.pick(arng);
    if (type === '主题党日' && info.partyMembers.length === 0) type = '志愿服务';
    const project = info.projects.length > 0 ? arng.pick(info.projects) : null;
    const day = addDays(ctx.asOf, -arng.int(1, 365));
    const startMs = cstMs(day, arng.int(8, 19), arng.chance(0.5) ? 0 : 30);
    const durationH = type === '志愿服务' ? arng.int(2, 4) : type === '主题党日' ? 2 : arng.int(1, 2);
    const endMs = startMs + durationH * HOUR_MS + (arng.chance(0.3) ? 30 * MINUTE_MS : 0);
    const organizers = [info.rcKey];
    let participants: WorldActivity['participants'];
    switch (type) {
      case '主题党日':
        participants = attend(arng, info.partyMembers, arng.int(5, 30), () => durationH);
        break;
      case '联席会议': {
        if (info.allianceKey !== null) organizers.unshift(info.allianceKey);
        if (project !== null) organizers.push(project.company.key);
        if (project?.ownersKey) organizers.push(project.ownersKey);
        else if (info.street.residentUnitKeys.length > 0) organizers.push(arng.pick(info.street.residentUnitKeys));
        const pool = [...info.gridWorkers.values(), ...info.partyMembers.slice(0, 20)];
        participants = attend(arng, pool.length > 0 ? [...new Set(pool)] : adults, arng.int(4, 12), () => durationH);
        break;
      }
      case '志愿服务': {
        if (info.socialOrgKeys.length > 0 && arng.chance(0.6)) organizers.push(arng.pick(info.socialOrgKeys));
        const pool = [...new Set([...info.volunteers, ...info.partyMembers])];
        participants = attend(arng, pool.length > 0 ? pool : adults, arng.int(5, 25), () => arng.int(1, durationH));
        break;
      }
      case '议事协商': {
        if (project?.ownersKey) organizers.push(project.ownersKey);
        participants = attend(arng, adults, arng.int(6, 18), () => durationH);
        break;
      }
    }
    const title = fill(arng.pick(ACTIVITY_TITLES[type]), {
      community: info.name,
      estate: project?.project.name ?? info.name,
      month: String(Number(day.slice(5, 7))),
    });
    // only service records hours (drawn above either way, so the rest of the world stays put)
    const served = type === '志愿服务' || (type === '主题党日' && SERVICE_PARTY_DAY.test(title));
    if (!served) participants = participants.map((p) => ({ ...p, hours: null }));
    ctx.world.activities.push({
      id: `ACT-${info.code}-${pad(i, 3)}`,
      type,
      title,
      organizerOrgKeys: organizers,
      communityCode: info.code,
      startAt: formatCst(startMs),
      endAt: formatCst(endMs),
      participants,
    });
  }
}
