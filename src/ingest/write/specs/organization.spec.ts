import type { EntitySpec } from '../entity-spec';
import { areaKey, optionalDate, optionalText, organizationKey, requiredName } from '../natural-keys';
import { normalizeText } from '../../../domain/normalize';

/** 单位 / 组织, keyed by USCC, else 备案编号, else (area, normalised name). */
export const organizationSpec: EntitySpec<'organization'> = {
  entity: 'organization',
  table: 'organization',
  matchMethod: 'uscc-or-name',
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
        status: d.status ?? 'ACTIVE',
        social_org_type: optionalText(d.socialOrgType),
        registration_authority: optionalText(d.registrationAuthority),
        supervisor: optionalText(d.supervisor),
        founded_on: optionalDate(d.foundedOn, 'foundedOn'),
        address: optionalText(d.address),
        former_names: (d.formerNames ?? []).map((n) => normalizeText(n)).filter(Boolean),
        // a code that fails its check is accepted (pilot codes are real) but queued for review
        needs_review: key.usccChecksumValid === false,
      },
      refs: { area_id: d.areaCode ? { entity: 'adminArea', key: areaKey(d.areaCode) } : null },
    };
  },
};
