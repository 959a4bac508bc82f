import { sql } from 'kysely';
import type { EntitySpec } from '../entity-spec';
import { areaKey, optionalDate, optionalLabel, optionalText, organizationKey, requiredName } from '../natural-keys';
import { asWritten, normalizeName } from '../../../domain/normalize';
import { withinLimit } from '../text-limits';

/**
 * Former names as the source wrote them: blanks dropped, and spellings of the current name or of
 * an earlier entry (same {@link normalizeName} form) left out, the first spelling kept.
 */
function formerNamesAsWritten(names: readonly string[], currentNorm: string): string[] {
  const seen = new Set([currentNorm]);
  const out: string[] = [];
  for (const raw of names) {
    const name = asWritten(String(raw ?? ''));
    const norm = normalizeName(name);
    if (name === '' || seen.has(norm)) continue;
    seen.add(norm);
    out.push(withinLimit(name, 'formerNames', 'name'));
  }
  return out;
}

/** 单位 / 组织, keyed by USCC, else 备案编号, else (area, normalised name). */
export const organizationSpec: EntitySpec<'organization'> = {
  entity: 'organization',
  table: 'organization',
  matchMethod: 'uscc-or-name',
  defaults: { kind: 'OTHER', status: 'ACTIVE', former_names: [], needs_review: false },
  // a renamed organisation (the USCC stays, the name changes) keeps its previous names; a name
  // that does not survive (a lower-priority source's) changes nothing; another spelling of the
  // same name (same name_norm: `（测）` for `(测)`) replaces the name without becoming a former one
  extraUpdates: (said, table, takes) =>
    said.has('name')
      ? {
          former_names: sql`case when ${takes('name')} then array(select distinct n from unnest(${sql.ref(`${table}.former_names`)} || excluded.former_names || case when ${sql.ref(`${table}.name_norm`)} is distinct from excluded.name_norm then array[${sql.ref(`${table}.name`)}] else array[]::text[] end) as n where n is distinct from excluded.name order by n) else ${sql.ref(`${table}.former_names`)} end`,
        }
      : {},
  prepare(d) {
    const key = organizationKey(d, 'organization');
    const { name, nameNorm } = requiredName(d.name, 'name');
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
        social_org_type: optionalLabel(d.socialOrgType, 'socialOrgType'),
        registration_authority: optionalText(d.registrationAuthority, 'registrationAuthority'),
        supervisor: optionalText(d.supervisor, 'supervisor'),
        founded_on: optionalDate(d.foundedOn, 'foundedOn'),
        address: optionalText(d.address, 'address'),
        former_names: d.formerNames === undefined ? undefined : formerNamesAsWritten(d.formerNames, nameNorm),
        // a code that fails its check is accepted (pilot codes are real) but queued for review
        needs_review: key.usccChecksumValid === null ? undefined : !key.usccChecksumValid,
      },
      refs: { area_id: d.areaCode ? { entity: 'adminArea', key: areaKey(d.areaCode) } : null },
    };
  },
};
