import { normalizeAddress } from '../../../domain/normalize';
import { normalizeBuildingNo } from '../natural-keys';

/**
 * 楼栋级地址: where a case happened, cut to the building, so that two reports of one matter
 * compare equal however each channel wrote the address — an appeal's `武汉市江岸区解放大道100号
 * 幸福里小区3号楼2单元501` and its 12345 copy's `江岸区幸福里3栋` are both `幸福里` + `3`. Pure.
 *
 Three forms, each only comparable with itself (an estate's name and its road number cannot be
 * told equal or not by text):
 * - `estate`: an estate (小区 / 苑 / 里 …) and a building number — the estate is the text between
 *   the last road number (`…100号`) or administrative division and the building token; a trailing
 *   `小区` is dropped (`幸福里小区` = `幸福里`), other suffixes are part of the name (`长青苑` ≠ `长青`);
 * - `road`: a road and house number and a building number, no estate (`解放大道100号3栋`);
 * - `street`: a road and house number without a building token (`解放大道100号`), unit and room
 *   dropped.
 * Administrative divisions in front (省 / 市 / 区 / 县 / 街道 / 镇 / 乡 / 社区) are dropped: one
 * channel writes them, another does not. Unit and room are always dropped. An address naming a
 * building but no estate or road (`3栋2单元501`, as property firms write it inside a project) has
 * no key: it cannot be compared by text (the case's building id can).
 */
export interface BuildingAddressKey {
  form: 'estate' | 'road' | 'street';
  /** The comparable text: `幸福里#3` (estate), `解放大道100号#3` (road), `解放大道100号` (street). */
  key: string;
}

/** A building token: `3栋`, `12号楼`, `三幢`, `B座`, `5#楼` / `5#`. */
const BUILDING = /([0-9A-Za-z零〇一二两三四五六七八九十百]+)(号楼|栋|幢|座|#楼?)/u;
/** Unit or room tokens: everything from the first one on is dropped. */
const UNIT_OR_ROOM = /[0-9A-Za-z零〇一二两三四五六七八九十]+(?:单元|室|号房|户|层|楼)/u;
/** A `3-2-501` building-unit-room tail. */
const DASHED_TAIL = /(\d+)(?:-\d+){1,2}$/u;
/**
 * Administrative divisions a channel may write in front, dropped in this order, each at most
 * once. The district rule does not take a `区` after 小 / 社 / 园 / 校 / 景 / 厂 (`幸福小区` is an
 * estate, not a district).
 */
const DIVISIONS: readonly RegExp[] = [
  /^[\u4e00-\u9fff]{2,7}?(?:省|自治区|特别行政区)/u,
  /^[\u4e00-\u9fff]{1,7}?市/u,
  /^[\u4e00-\u9fff]{1,5}?(?<![小社园校景厂])(?:区|县|旗)/u,
  /^[\u4e00-\u9fff]{1,8}?(?:街道办事处|街道|镇|乡)/u,
  /^[\u4e00-\u9fff]{1,8}?社区/u,
];
/** Separators and brackets that carry nothing at building level. */
const NOISE = /[\s,，、.。·()（）[\]【】"“”'‘’]/gu;

/** The building-level key of an address, or `null` when the text names no comparable place. */
export function buildingAddressKey(raw: string | null | undefined): BuildingAddressKey | null {
  if (raw === null || raw === undefined) return null;
  let s = normalizeAddress(String(raw)).replace(NOISE, '');
  for (const division of DIVISIONS) {
    const m = division.exec(s);
    if (m && m[0].length < s.length) s = s.slice(m[0].length);
  }
  if (s === '') return null;
  const building = BUILDING.exec(s);
  if (building) {
    return withBuilding(s.slice(0, building.index), normalizeBuildingNo(`${building[1]!.toUpperCase()}栋`));
  }
  const dashed = DASHED_TAIL.exec(s);
  if (dashed) return withBuilding(s.slice(0, dashed.index), dashed[1]!);
  const unit = UNIT_OR_ROOM.exec(s);
  const street = unit ? s.slice(0, unit.index) : s;
  return /\d+号$/u.test(street) ? { form: 'street', key: street } : null;
}

/** The key of a building number after `prefix`: the estate (text after the last road number, without a trailing `小区`), else the road number. */
function withBuilding(prefix: string, no: string): BuildingAddressKey | null {
  const estate = prefix.replace(/^.*\d+号/u, '').replace(/小区$/u, '');
  if (estate !== '') return { form: 'estate', key: `${estate}#${no}` };
  return /\d+号$/u.test(prefix) ? { form: 'road', key: `${prefix}#${no}` } : null;
}

/** How two case addresses relate at building level. */
export type BuildingRelation = 'same' | 'different' | 'unknown';

/**
 * Same building, another building, or not comparable: building ids decide when both cases have
 * one and they agree; otherwise the address keys of the same form decide; a building id pair that
 * differs with no key to the contrary is another building; anything else (an address missing, or
 * written in the other form) is unknown.
 */
export function buildingRelation(
  a: { buildingId: string | null; address: string | null },
  b: { buildingId: string | null; address: string | null },
): BuildingRelation {
  if (a.buildingId !== null && a.buildingId === b.buildingId) return 'same';
  const ka = buildingAddressKey(a.address);
  const kb = buildingAddressKey(b.address);
  if (ka && kb && ka.form === kb.form) return ka.key === kb.key ? 'same' : 'different';
  if (a.buildingId !== null && b.buildingId !== null) return 'different';
  return 'unknown';
}
