/**
 * The mapping function of the JSON kinds' people stream (`http`, `kafka`): an item with `id`,
 * `id_number`, `name`, `household_no` and an optional `mobile` → the person, their household and
 * the residency between them. `fn` names the function, `type` its parameter's type, `v` the
 * parameter, `what` the item in its comment ("A person", "A person event").
 */
export function peopleMappingFunction(p: { fn: string; type: string; v: string; what: string }): string {
  const { fn, type, v, what } = p;
  return `/** ${what} → the person, their household and the residency between them. */
export function ${fn}(${v}: ${type}): CanonicalChange[] {
  if (!${v}.id) throw new RecordError('MISSING_FIELD', 'id is missing');
  if (!${v}.id_number) throw new RecordError('MISSING_FIELD', 'id_number is missing');
  if (!${v}.name) throw new RecordError('MISSING_FIELD', 'name is missing');
  if (!${v}.household_no) throw new RecordError('MISSING_FIELD', 'household_no is missing');
  return [
    // identifiers pass as the source wrote them: the write path validates and normalises them
    change('person', { idNumber: ${v}.id_number, name: ${v}.name, mobile: ${v}.mobile ?? null }),
    change('household', { householdNo: ${v}.household_no, kind: 'RESIDENT' }),
    change('residency', { personIdNumber: ${v}.id_number, householdNo: ${v}.household_no, category: 'FLOATING' }),
  ];
}`;
}
