import { parseMobile } from '../../../domain/mobile';
import { normalizeText, splitTags } from '../../../domain/normalize';
import { rejectRecord } from '../record-rejection';
import type { EntitySpec, RowRef } from '../entity-spec';
import { areaKey, dwellingKey, gridKey, householdKey, optionalDate, optionalLabel, PERSON_EVIDENCE_PREFIX, personEvidence, personEvidenceKey, personKey, requiredName } from '../natural-keys';
import { withinLimit } from '../text-limits';
import type { PiiVault } from '../../../pii/pii-vault';
import type { StaffRoleInput } from '../../../sdk/canonical-change';

/** 户, keyed by 户号. */
export const householdSpec: EntitySpec<'household'> = {
  entity: 'household',
  table: 'household',
  matchMethod: 'household-no',
  prepare(d) {
    const key = householdKey(d.householdNo);
    const gridCode = d.gridCode ? gridKey(d.gridCode) : null;
    const community = d.communityCode ? areaKey(d.communityCode, 'communityCode') : gridCode ? gridCode.slice(0, 12) : null;
    return {
      naturalKey: key,
      columns: { household_no: key, kind: d.kind },
      refs: {
        dwelling_id: d.dwelling ? { entity: 'dwelling', key: dwellingKey(d.dwelling) } : null,
        grid_id: gridCode ? { entity: 'grid', key: gridCode } : null,
        community_id: community ? { entity: 'adminArea', key: community } : null,
      },
    };
  },
};

/**
 * 居民, keyed by the keyed hash of the normalised 18-digit ID number. The ID number and mobile
 * are stored only as hash + ciphertext; birth date and sex come from the ID when not given.
 * A person without an ID number is keyed by their evidence (`pev:`, name + mobile and/or birth
 * date); the write path's identity step then matches that key to a known person or keeps it for
 * a new one. A name alone is `MISSING_FIELD`.
 */
export const personSpec: EntitySpec<'person'> = {
  entity: 'person',
  table: 'person',
  matchMethod: 'citizen-id-hash',
  keepFirst: ['id_enc'],
  defaults: { tags: [] },
  prepare(d, { vault }) {
    // the name as the source wrote it; its match form (spaces out, half-width, Simplified) is name_norm
    const { name, nameNorm } = requiredName(d.name, 'name');
    const hasId = d.idNumber !== null && d.idNumber !== undefined && String(d.idNumber).trim() !== '';
    const id = hasId ? personKey(d.idNumber, vault) : null;
    let mobileHash: string | undefined;
    let mobileEnc: string | undefined;
    if (d.mobile !== null && d.mobile !== undefined && String(d.mobile).trim() !== '') {
      const mobile = parseMobile(String(d.mobile));
      if (!mobile.ok) throw rejectRecord('VALIDATE', mobile.reason, `mobile: ${mobile.message}`);
      mobileHash = vault.hash('mobile', mobile.e164);
      mobileEnc = vault.encrypt(mobile.e164);
    }
    let naturalKey: string;
    if (id) naturalKey = id.key;
    else {
      const evidence = personEvidence(d, vault);
      if (!evidence) throw rejectRecord('VALIDATE', 'MISSING_FIELD', 'idNumber is missing (without it, a mobile or birth date must come with the name)');
      naturalKey = personEvidenceKey(evidence, vault);
    }
    const tags = d.tags === undefined ? undefined : [...new Set(d.tags.flatMap((t) => splitTags(normalizeText(t)).map((tag) => withinLimit(tag, 'tags', 'label'))))];
    return {
      naturalKey,
      columns: {
        name,
        name_norm: nameNorm,
        sex: d.sex ?? id?.sex,
        birth_date: optionalDate(d.birthDate, 'birthDate') ?? id?.birthDate,
        ethnicity: optionalLabel(d.ethnicity, 'ethnicity'),
        id_hash: id ? id.key.slice(4) : undefined,
        id_enc: id ? vault.encrypt(id.id18) : undefined,
        mobile_hash: mobileHash,
        mobile_enc: mobileEnc,
        political_status: d.politicalStatus ?? undefined,
        tags,
      },
      refs: {},
    };
  },
};

/** A person's membership of a household, keyed by (person, household). */
export const residencySpec: EntitySpec<'residency'> = {
  entity: 'residency',
  table: 'residency',
  matchMethod: 'person-household',
  nullClears: ['valid_to'],
  prepare(d, { vault }) {
    const person = personKey(d.personIdNumber, vault, 'personIdNumber');
    const household = householdKey(d.householdNo);
    return {
      naturalKey: `${person.key}|${household}`,
      columns: {
        relation: optionalLabel(d.relation, 'relation'),
        category: d.category,
        valid_from: optionalDate(d.validFrom, 'validFrom'),
        valid_to: optionalDate(d.validTo, 'validTo') ?? null,
      },
      refs: {
        person_id: { entity: 'person', key: person.key },
        household_id: { entity: 'household', key: household },
      },
    };
  },
};

/**
 * 网格员 / 信息员 / 志愿者 / 楼栋长, keyed by (person, role, scope area or grid). A person without an
 * ID number is named by name + mobile and only linked to a person the store knows
 * (`RowRef.linkOnly`; `UNLINKED_PERSON` otherwise); the role's key then follows the person found.
 */
export const staffRoleSpec: EntitySpec<'staffRole'> = {
  entity: 'staffRole',
  table: 'staff_role',
  matchMethod: 'person-role-scope',
  nullClears: ['valid_to'],
  // only a role keyed by a linked-only person's evidence takes the key of the person it was linked to
  keyFromRefs: (refs, row) => (row.naturalKey.startsWith(PERSON_EVIDENCE_PREFIX) && refs.person_id ? `${refs.person_id.key}|${row.naturalKey.split('|').slice(1).join('|')}` : row.naturalKey),
  prepare(d, { vault }) {
    const person = staffPersonRef(d, vault);
    const grid = d.gridCode ? gridKey(d.gridCode) : null;
    const area = d.areaCode ? areaKey(d.areaCode) : grid ? grid.slice(0, 12) : null;
    if (!grid && !area) throw rejectRecord('VALIDATE', 'MISSING_FIELD', 'areaCode or gridCode is required');
    const gridRef: RowRef | null = grid ? { entity: 'grid', key: grid } : null;
    return {
      naturalKey: `${person.key}|${d.role}|${grid ?? area}`,
      columns: {
        role: d.role,
        scope: d.scope,
        valid_from: optionalDate(d.validFrom, 'validFrom'),
        valid_to: optionalDate(d.validTo, 'validTo') ?? null,
      },
      refs: {
        person_id: person,
        grid_id: gridRef,
        area_id: area ? { entity: 'adminArea', key: area } : null,
      },
    };
  },
};

/** A staff role's person: by ID number, else by name + mobile, to be linked only (see `StaffRoleInput.person`). */
function staffPersonRef(d: StaffRoleInput, vault: PiiVault): RowRef {
  const hasId = d.personIdNumber !== null && d.personIdNumber !== undefined && String(d.personIdNumber).trim() !== '';
  if (hasId || !d.person) return { entity: 'person', key: personKey(d.personIdNumber, vault, 'personIdNumber').key };
  const evidence = personEvidence(d.person, vault, 'person');
  if (!evidence || evidence.mobileHash === null) throw rejectRecord('VALIDATE', 'MISSING_FIELD', 'personIdNumber is missing (without it, person.name and person.mobile are required)');
  return { entity: 'person', key: personEvidenceKey(evidence, vault), linkOnly: { nameNorm: evidence.nameNorm, mobileHash: evidence.mobileHash, birthDate: evidence.birthDate } };
}
