import { parseAreaCode } from '../domain/area-code';
import { HuijuError } from '../errors';
import type { Caller } from './caller';
import { isRole, ROLE_NAMES, ROLES, type Role } from './roles';

/**
 * What a token or an API key grants: a role, an area scope, an organisation and (APP only) the
 * GraphQL operations it may run. Checked by one function, {@link normaliseGrant}, whether the grant
 * is being issued (`huiju token issue`, `huiju api-keys create`) or presented (a bearer token's
 * claims), so the CLI never issues what the server would refuse.
 */
export interface Grant {
  readonly role: Role;
  /** 12-digit area codes, sorted and de-duplicated. */
  readonly areaScope: readonly string[];
  /** An `organization.id` (uuid), or `null`. */
  readonly orgId: string | null;
  /** APP: the GraphQL operation names it may run (never empty); `null` for other roles. */
  readonly operations: readonly string[] | null;
}

/** A grant as given: a token's claims or the CLI's flags, not yet checked. */
export interface GrantInput {
  role: unknown;
  /** One area code or several; 6, 9 or 12 digits. */
  areas?: unknown;
  org?: unknown;
  ops?: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OPERATION_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

function invalid(message: string, field: string): HuijuError {
  return new HuijuError('INVALID_GRANT', message, { field });
}

/**
 * Checks a grant and brings it to its stored form: the role must be declared in ROLES; area codes
 * are normalised to 12 digits (`420102` → `420102000000`); a role whose scope rule is `required`
 * needs at least one area, one whose rule is `none` takes none; `org` must be a uuid; `ops` (a list
 * or a comma-separated string of operation names) is required for APP and refused for the others.
 * Throws `HuijuError('INVALID_GRANT')` naming the field; messages never echo the values.
 */
export function normaliseGrant(input: GrantInput): Grant {
  if (!isRole(input.role)) throw invalid(`role must be one of ${ROLE_NAMES.join(', ')}`, 'role');
  const role = input.role;
  const rule = ROLES[role].scope;

  const rawAreas = input.areas === undefined || input.areas === null ? [] : Array.isArray(input.areas) ? input.areas : [input.areas];
  const areas = new Set<string>();
  for (const raw of rawAreas) {
    if (typeof raw !== 'string') throw invalid('each area must be a string of 6, 9 or 12 digits', 'area');
    const parsed = parseAreaCode(raw);
    if (!parsed.ok) throw invalid(`an area is not an area code (${parsed.message})`, 'area');
    areas.add(parsed.code12);
  }
  if (rule === 'required' && areas.size === 0) throw invalid(`role ${role} needs an area scope (one or more area codes)`, 'area');
  if (rule === 'none' && areas.size > 0) throw invalid(`role ${role} reads the whole store and takes no area scope`, 'area');

  let orgId: string | null = null;
  if (input.org !== undefined && input.org !== null && input.org !== '') {
    if (typeof input.org !== 'string' || !UUID.test(input.org)) throw invalid('org must be an organisation id (a uuid)', 'org');
    orgId = input.org.toLowerCase();
  }

  const rawOps = typeof input.ops === 'string' ? input.ops.split(',').map((s) => s.trim()).filter(Boolean) : input.ops;
  let operations: string[] | null = null;
  if (role === 'APP') {
    if (!Array.isArray(rawOps) || rawOps.length === 0) throw invalid('role APP needs the GraphQL operation names it may run (ops)', 'ops');
    if (!rawOps.every((op) => typeof op === 'string' && OPERATION_NAME.test(op))) throw invalid('ops must be GraphQL operation names', 'ops');
    operations = [...new Set(rawOps as string[])].sort();
  } else if (rawOps !== undefined && rawOps !== null && !(Array.isArray(rawOps) && rawOps.length === 0)) {
    throw invalid(`ops is only for role APP (role ${role} runs any operation its reads allow)`, 'ops');
  }

  return Object.freeze({ role, areaScope: Object.freeze([...areas].sort()), orgId, operations: operations && Object.freeze(operations) });
}

/** The {@link Caller} a grant makes for `subject`. */
export function callerOfGrant(grant: Grant, subject: string): Caller {
  return Object.freeze({ role: grant.role, areaScope: grant.areaScope, subject, orgId: grant.orgId, operations: grant.operations });
}
