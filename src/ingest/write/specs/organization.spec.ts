import { sql } from 'kysely';
import type { EntitySpec } from '../entity-spec';
import { areaKey, optionalDate, optionalText, organizationKey, requiredName } from '../natural-keys';
import { normalizeText } from '../../../domain/normalize';

/** 单位 / 组织, keyed by USCC, else 备案编号, else (area, normalised name). */
export const organizationSpec: EntitySpec<'organization'> = {
  entity: 'organization',
  table: 'organization',
  matchMethod: 'uscc-or-name',
  defaults: { kind: 'OTHER', status: 'ACTIVE', former_names: [], needs_review: false },
  // a renamed organisation (the USCC stays, the name changes) keeps its previous names; a name
  // that does not survive (a lower-priority source's) changes nothing
  extraUpdates: (said, table, takes) =>
    said.has('name')
      ? {
          former_names: sql`case when ${takes('name')} then array(select distinct n from unnest(${sql.ref(`${table}.former_names`)} || excluded.former_names || case when ${sql.ref(`${table}.name`)} is distinct from excluded.name then array[${sql.ref(`${table}.name`)}] else array[]::text[] end) as n where n is distinct from excluded.name order by n) else ${sql.ref(`${table}.former_names`)} end`,
        }
      : {},
  prepare(d) {
    const key = organizationKey(d, 'organization');
    const { name } = requiredName(d.name, 'name');
    return {
      naturalKey: key.key,
      columns: {
        kind: d.kind,
        name,
        name_norm: key.nameNorm,
        uscc: key.uscc ?? undefined,
        uscc_checksum_valid: key.usccChecksumValid ?? undefined,
        org_code: key.orgCode ?? undefined,
        filing_no: key.filingNo ?? undefined,
        status: d.status,
        social_org_type: optionalText(d.socialOrgType),
        registration_authority: optionalText(d.registrationAuthority),
        supervisor: optionalText(d.supervisor),
        founded_on: optionalDate(d.foundedOn, 'foundedOn'),
        address: optionalText(d.address),
        former_names: d.formerNames === undefined ? undefined : d.formerNames.map((n) => normalizeText(n)).filter(Boolean),
        // a code that fails its check is accepted (pilot codes are real) but queued for review
        needs_review: key.usccChecksumValid === null ? undefined : !key.usccChecksumValid,
      },
      refs: { area_id: d.areaCode ? { entity: 'adminArea', key: areaKey(d.areaCode) } : null },
    };
  },
};
