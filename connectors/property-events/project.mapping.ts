import { change, RecordError, type CanonicalChange, type OrganizationRef } from '../../src/sdk/index';
import type { PropertyEvent } from './cloud-event';
import { arrayOf, numberOrNull, objectOrNull, requiredText, text } from './record-fields';

/**
 * `property.project.upserted` → the property company (organization, kind PROPERTY_COMPANY, by
 * USCC, else by name), the project (小区 / 物业管理区域, by its code, in its community, with the
 * service contract) and its buildings (by project code + building number).
 *
 * Required: `project_code`, `name`, `community_code` (buildings are placed by community, and a
 * project the hub cannot place serves no one), and `company.name` when `company` is given, else
 * `MISSING_FIELD`; a building without `no` is `MISSING_FIELD` too. Contract fees, units and
 * floors that are not numbers are `INVALID_NUMBER`. Identifiers pass through as written: the
 * write path validates and normalises them (a bad USCC is `INVALID_USCC_FORMAT`, an unknown
 * community `UNRESOLVED_REFERENCE`).
 */
export function mapProjectUpserted(event: PropertyEvent): CanonicalChange[] {
  const d = event.data;
  const code = requiredText(d.project_code, 'data.project_code');
  const name = requiredText(d.name, 'data.name');
  const communityCode = requiredText(d.community_code, 'data.community_code');
  const company = companyOf(d.company);
  const contract = objectOrNull(d.contract) ?? {};
  const changes: CanonicalChange[] = [];
  if (company) changes.push(change('organization', { ...company, kind: 'PROPERTY_COMPANY' }));
  changes.push(
    change('propertyProject', {
      code,
      name,
      communityCode,
      company,
      contractFrom: text(contract.from),
      contractTo: text(contract.to),
      feePerM2: numberOrNull(contract.fee_per_m2, 'data.contract.fee_per_m2'),
    }),
  );
  arrayOf(d.buildings).forEach((raw, i) => {
    const b = objectOrNull(raw);
    if (b === null) throw new RecordError('MISSING_FIELD', `data.buildings[${i}] is not an object`);
    changes.push(
      change('building', {
        communityCode,
        projectCode: code,
        buildingNo: requiredText(b.no, `data.buildings[${i}].no`),
        units: numberOrNull(b.units, `data.buildings[${i}].units`, { integer: true }),
        floors: numberOrNull(b.floors, `data.buildings[${i}].floors`, { integer: true }),
      }),
    );
  });
  return changes;
}

function companyOf(value: unknown): OrganizationRef | null {
  const c = objectOrNull(value);
  if (c === null) return null;
  return { uscc: text(c.uscc), name: requiredText(c.name, 'data.company.name'), kind: 'PROPERTY_COMPANY' };
}
