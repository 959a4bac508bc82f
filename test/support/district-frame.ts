import type { MappedRecord } from '../../src/ingest/ingest-record';
import { change, type CanonicalChange } from '../../src/sdk/canonical-change';

/** A mapped record of the test source `s1`, as a connector's mapping would hand it to the write path. */
export function s1Record(stream: string, externalId: string, changes: CanonicalChange[], version: string): MappedRecord {
  return { kind: 'mapped', source: 's1', stream, externalId, version, payload: { externalId, changes }, changes };
}

/** Code of the community of {@link districtFrame}: 幸福社区, 大智街道, 江岸区. */
export const FRAME_COMMUNITY = '420102002003';

/**
 * The smallest area tree a case can be placed in: 湖北省 → 武汉市 → 江岸区 → 大智街道 → 幸福社区
 * (marked as test data), with records of `s1` at `version`.
 */
export function districtFrame(version: string): MappedRecord[] {
  return [
    s1Record('areas', 'hb', [change('adminArea', { code: '420000', name: '湖北省', level: 'province', parentCode: null })], version),
    s1Record('areas', 'wh', [change('adminArea', { code: '420100', name: '武汉市', level: 'city', parentCode: '420000' })], version),
    s1Record(
      'areas',
      'jd',
      [
        change('adminArea', { code: '420102', name: '江岸区', level: 'district', parentCode: '420100' }),
        change('adminArea', { code: '420102002', name: '大智街道', level: 'street', parentCode: '420102' }),
        change('adminArea', { code: FRAME_COMMUNITY, name: '幸福社区', level: 'community', parentCode: '420102002', isTest: true }),
      ],
      version,
    ),
  ];
}
