/**
 * What one full run over fixtures/events.jsonl must produce — read from a fresh topic on the test
 * broker (the fixture's lines produced in order, keyed by the object they are about, over three
 * partitions), or straight from the file when this test run has no broker.
 *
 * Loaded only by tests: importing test support here is deliberate (it keeps kafkajs producers
 * and the broker address out of the connector itself).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { change, type CanonicalChange } from '../../src/sdk/canonical-change';
import type { ConformanceFixture } from '../../src/sdk/conformance';
import type { JsonValue } from '../../src/sdk/connector';
import { createTestTopic } from '../../test/connectors/property-events/kafka-test-topic';
import { kafkaBrokers } from '../../test/support/services';
import { objectKeyOf } from './cloud-event';

/** The fixture file: one CloudEvent (or a deliberately broken line) per line. */
export const FIXTURE_FILE = fileURLToPath(new URL('./fixtures/events.jsonl', import.meta.url));

/** The fixture's oversize event is about 7 KB: the conformance config allows 4 KiB. */
export const FIXTURE_MAX_MESSAGE_BYTES = 4_096;

/** The fixture's lines as Kafka messages: the object key (as the firms key them) and the line as the value. */
export function fixtureMessages(): { key: string | null; value: string }[] {
  return readFileSync(FIXTURE_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      let key: string | null = null;
      try {
        key = objectKeyOf(JSON.parse(line));
      } catch {
        // the invalid-JSON line: no key, the producer picks a partition
      }
      return { key, value: line };
    });
}

function testBrokers(): string[] | null {
  try {
    return kafkaBrokers();
  } catch {
    return null;
  }
}

/**
 * What the fixture's events refer to, as the area table and the housing authority would have
 * loaded it before the firms' events arrive: 幸福社区 (420102002003) and the areas above it, the
 * two property companies, their projects and the buildings the repair orders name. With them a
 * repair resolves whichever partition is read first (a project and its repairs are keyed, and
 * so partitioned, differently).
 */
export function fixturePrerequisites(): CanonicalChange[] {
  const community = '420102002003';
  const anju = { uscc: '91420102MA4K1P2Q31', name: '武汉安居物业服务有限公司', kind: 'PROPERTY_COMPANY' } as const;
  const heping = { uscc: '91420102MA4K7W8X9D', name: '武汉和平物业管理有限公司', kind: 'PROPERTY_COMPANY' } as const;
  const building = (projectCode: string, buildingNo: string) => change('building', { communityCode: community, projectCode, buildingNo });
  return [
    change('adminArea', { code: '420000', name: '湖北省', level: 'province', parentCode: null }),
    change('adminArea', { code: '420100', name: '武汉市', level: 'city', parentCode: '420000' }),
    change('adminArea', { code: '420102', name: '江岸区', level: 'district', parentCode: '420100' }),
    change('adminArea', { code: '420102002', name: '大智街道', level: 'street', parentCode: '420102' }),
    change('adminArea', { code: community, name: '幸福社区', level: 'community', parentCode: '420102002', isTest: true }),
    change('organization', anju),
    change('organization', heping),
    change('propertyProject', { code: 'JA-XF-001', name: '幸福里小区', communityCode: community, company: anju }),
    change('propertyProject', { code: 'JA-HP-002', name: '和平苑', communityCode: community, company: heping }),
    building('JA-XF-001', '1'),
    building('JA-XF-001', '2'),
    building('JA-XF-001', '3'),
    building('JA-HP-002', '2号楼'),
  ];
}

export const conformance: ConformanceFixture = {
  prerequisites: fixturePrerequisites,
  async setup() {
    const brokers = testBrokers();
    if (brokers === null) {
      const fileConfig: Record<string, JsonValue> = { file: FIXTURE_FILE, maxMessageBytes: FIXTURE_MAX_MESSAGE_BYTES };
      return { config: fileConfig, async teardown() {} };
    }
    const topic = await createTestTopic(brokers, 'conformance-property-events', 3);
    await topic.produce(fixtureMessages());
    return {
      config: { brokers, topic: topic.topic, maxMessageBytes: FIXTURE_MAX_MESSAGE_BYTES, clientId: 'huiju-conformance' },
      teardown: () => topic.remove(),
    };
  },
  badConfigs: [
    { name: 'a broker that refuses connections', config: { brokers: ['127.0.0.1:1'], topic: 'property.events' }, kind: 'transient' },
    { name: 'both a file and brokers', config: { brokers: ['127.0.0.1:9092'], file: 'events.jsonl' }, kind: 'config' },
    { name: 'neither a file nor brokers', config: {}, kind: 'config' },
    { name: 'an events file that does not exist', config: { file: '/nonexistent/huiju-property-events.jsonl' }, kind: 'config' },
  ],
  expected: {
    // On a store holding the prerequisites every reference resolves. Per line:
    //  1-4  project JA-XF-001: a duplicate, a newer and an out-of-order older version → the newest applied
    //  5    project JA-HP-002 → applied
    //  6-8  repair WX-0001 created, updated, an older update arriving late → the newest applied
    //  9-10 repair WX-0002 and its duplicate → applied
    //  11   WX-0003 with status 已挂起 → UNKNOWN_STATUS;  12 an update without order_no → MISSING_FIELD
    //  13   WX-0005, time without offset → applied
    //  14-16 owners committees YWH-JA-2026-001 (+ duplicate) and -007 → 2 applied
    //  17 fee summary → EVENT_TYPE_NOT_MAPPED; 18 property.parking.assigned → UNKNOWN_EVENT_TYPE
    //  19 specversion 0.3 → UNSUPPORTED_SPEC_VERSION; 20 cut-off JSON → BAD_JSON; 21 7 KB event → OVERSIZE_MESSAGE
    // The other 7 lines are older or repeated versions: stale or unchanged, no dead letter.
    // (On an empty store the projects and repairs would be UNRESOLVED_REFERENCE: no community.)
    events: {
      read: 21,
      applied: 7,
      deadLetters: {
        UNKNOWN_STATUS: 1,
        MISSING_FIELD: 1,
        EVENT_TYPE_NOT_MAPPED: 1,
        UNKNOWN_EVENT_TYPE: 1,
        UNSUPPORTED_SPEC_VERSION: 1,
        BAD_JSON: 1,
        OVERSIZE_MESSAGE: 1,
      },
    },
  },
};
