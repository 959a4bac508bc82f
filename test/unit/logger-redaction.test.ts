import { describe, expect, it } from 'vitest';
import { DEFAULT_KEYS } from '../../src/domain/masking';
import { LOG_ONLY_KEYS, LOG_REDACTION_DEPTH } from '../../src/log-redaction';
import { captureLog } from '../support/log-capture';

const capture = () => captureLog('debug');

const everyKey = [...Object.values(DEFAULT_KEYS).flat(), ...LOG_ONLY_KEYS];
/** A value nobody would log by accident, unique per key, so a leak names the key. */
const secretFor = (key: string) => `LEAK<${key}>13912345678`;

describe('the logger redacts every key masking knows as personal', () => {
  it('at the top level: each of masking’s keys, in English, Chinese and pinyin', () => {
    expect(everyKey.length).toBeGreaterThan(80);
    const { logger, lines, parsed } = capture();
    logger.info(Object.fromEntries(everyKey.map((k) => [k, secretFor(k)])), 'all keys');
    expect(lines).toHaveLength(1);
    const line = parsed()[0]!;
    for (const k of everyKey) expect(line[k], k).toBe('[masked]');
    expect(lines[0]).not.toContain('LEAK<');
  });

  it('at any depth, inside arrays, and in any spelling of the key', () => {
    const { logger, lines, parsed } = capture();
    logger.warn(
      {
        batch: { partition: 2, records: [{ person: { 身份证号码: '420102199003070010', Name: '张三', contact_phone: '13912345678', nested: { deeper: { 'Reporter-Name': '李四', birth_date: '1990-03-07' } } } }] },
        ID_NUMBER: '420102199003070010',
        'home address': '幸福小区3栋2单元501',
      },
      'deep',
    );
    expect(lines[0]).not.toMatch(/420102199003070010|张三|李四|13912345678|幸福小区|1990-03-07/);
    const line = parsed()[0] as { batch: { partition: number; records: { person: Record<string, unknown> }[] } };
    expect(line.batch.partition).toBe(2);
    expect(line.batch.records[0]!.person).toEqual({
      身份证号码: '[masked]',
      Name: '[masked]',
      contact_phone: '[masked]',
      nested: { deeper: { 'Reporter-Name': '[masked]', birth_date: '[masked]' } },
    });
  });

  it('in a child logger’s bindings, as written, two levels deep', () => {
    const { logger, lines, parsed } = capture();
    logger.child({ component: 'test', 姓名: '王五', caller: { mobile: '13912345678' } }).info({ count: 3 }, 'child');
    expect(lines[0]).not.toMatch(/王五|13912345678/);
    expect(parsed()[0]).toMatchObject({ component: 'test', 姓名: '[masked]', caller: { mobile: '[masked]' }, count: 3 });
  });

  it('withholds what lies deeper than it walks (masked more, never less)', () => {
    const { logger, lines } = capture();
    let deep: Record<string, unknown> = { 手机号: '13912345678' };
    for (let i = 0; i < LOG_REDACTION_DEPTH + 2; i++) deep = { level: deep };
    logger.info({ deep }, 'deep');
    expect(lines[0]).not.toContain('13912345678');
  });

  it('leaves ids, codes, counts, errors and dates as they are, and does not change the logged object', () => {
    const { logger, parsed } = capture();
    const at = new Date('2026-06-10T00:00:00Z');
    const logged = { source: 'committee-api', stream: 'cases', code: 'BAD_RECORD', count: 7, at, items: [{ id: 'A-1' }], person: { name: '张三' } };
    const err = new Error('broker went away');
    logger.error({ ...logged, err }, 'kept');
    const line = parsed()[0] as Record<string, unknown> & { err: { message: string; type: string } };
    expect(line).toMatchObject({ source: 'committee-api', stream: 'cases', code: 'BAD_RECORD', count: 7, at: at.toISOString(), items: [{ id: 'A-1' }], person: { name: '[masked]' } });
    expect(line.err).toMatchObject({ type: 'Error', message: 'broker went away' });
    expect(logged.person.name).toBe('张三');
  });

  it('survives a cycle and still redacts around it', () => {
    const { logger, lines } = capture();
    const a: Record<string, unknown> = { mobile: '13912345678' };
    a.self = a;
    logger.info({ a }, 'cycle');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('13912345678');
  });

  it('still redacts the secrets by path', () => {
    const { logger, lines } = capture();
    logger.info({ config: { pii: { key: 'k'.repeat(64) }, database: { url: 'postgres://u:pw@h/db' }, auth: { jwtSecret: 'jwt-secret' } }, headers: { authorization: 'Bearer t', 'x-api-key': 'the-api-key-value' } }, 'secrets');
    expect(lines[0]).not.toMatch(/kkkk|pw@h|jwt-secret|Bearer t|the-api-key-value/);
  });
});
