/**
 * The payload hash is stored with every lineage row and compared on every re-read (the version
 * guard's "same version, same payload"): its canonical form must not change between releases,
 * or every record would look changed once.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson, payloadHash } from '../../../src/ingest/payload-hash';

const payload = {
  street: '420102001',
  file: '人口.csv',
  line: 17,
  row: { 姓名: '张三', 公民身份号码: '420102199003070010', 户号: 'H-001', 备注: '', x: null },
  tags: ['a', undefined, { b: 1, a: [2, 'z'] }],
  at: new Date('2026-06-01T00:00:00Z'),
  skip: undefined,
};

describe('payloadHash', () => {
  it('keeps the hashes earlier releases stored (pinned vectors)', () => {
    expect(payloadHash(payload)).toBe('83533a176756952dac7dbc267d3841846b090a3c2c9ac76892ea2938a6c7d605');
    expect(payloadHash('raw line')).toBe('99f7d085205b44a91963186bc7780d38b50714049a7e8cf9e47af87d2a7078f1');
  });

  it('sorts keys at every level, drops undefined members, and writes undefined array items as null', () => {
    expect(canonicalJson({ b: 1, a: { d: [undefined, 'x'], c: true }, u: undefined })).toBe('{"a":{"c":true,"d":[null,"x"]},"b":1}');
    expect(canonicalJson({ 户号: '1', 姓名: '张', Z: 0 })).toBe(JSON.stringify({ Z: 0, 姓名: '张', 户号: '1' }));
  });

  it('hashes the same record the same whatever order its keys came in, and differently when a value differs', () => {
    const reordered = { ...Object.fromEntries(Object.entries(payload).reverse()), row: Object.fromEntries(Object.entries(payload.row).reverse()) };
    expect(payloadHash(reordered)).toBe(payloadHash(payload));
    // a second key order of the same key set, and back: each layout is remembered separately
    expect(payloadHash({ ...payload, row: { ...payload.row } })).toBe(payloadHash(payload));
    expect(payloadHash({ ...payload, row: { ...payload.row, 户号: 'H-002' } })).not.toBe(payloadHash(payload));
    expect(payloadHash({ ...payload, line: 18 })).not.toBe(payloadHash(payload));
  });
});
