import { badUserInput } from '../errors';

/** Type names that appear in global IDs, one per entity with a `node` loader. */
export const NODE_TYPES = [
  'AdminArea', 'Grid', 'PropertyProject', 'Building', 'Dwelling', 'Household', 'Person', 'Residency',
  'StaffRole', 'Organization', 'PartyOrg', 'PartyMember', 'ContactAssignment', 'DutyItem', 'Case',
  'CaseEvent', 'Activity', 'AllianceMember',
] as const;
export type NodeTypeName = (typeof NODE_TYPES)[number];

const NODE_TYPE_SET: ReadonlySet<string> = new Set(NODE_TYPES);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Relay global ID: base64 of `Type:uuid` (`Person:5f0c…` → `UGVyc29uOjVmMGM…`). */
export function toGlobalId(type: NodeTypeName, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64');
}

/** Decodes a global ID; throws `BAD_USER_INPUT` naming `field` when it is not one of ours. */
export function fromGlobalId(globalId: string, field = 'id'): { type: NodeTypeName; id: string } {
  const text = /^[A-Za-z0-9+/]+={0,2}$/.test(globalId) ? Buffer.from(globalId, 'base64').toString('utf8') : '';
  const sep = text.indexOf(':');
  const type = text.slice(0, sep);
  const id = text.slice(sep + 1).toLowerCase();
  if (sep < 0 || !NODE_TYPE_SET.has(type) || !UUID.test(id)) {
    throw badUserInput(field, `${field}: not a global ID of this API`);
  }
  return { type: type as NodeTypeName, id };
}

/** Decodes a global ID that must be of one type. */
export function fromGlobalIdOf(type: NodeTypeName, globalId: string, field: string): string {
  const decoded = fromGlobalId(globalId, field);
  if (decoded.type !== type) throw badUserInput(field, `${field}: expected the ID of a ${type}`);
  return decoded.id;
}
