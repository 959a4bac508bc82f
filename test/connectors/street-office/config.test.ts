import { describe, expect, it } from 'vitest';
import { streetOfficeConnector } from '../../../connectors/street-office/index';
import { context, fixtureConfig } from './support';

const parse = (c: unknown) => streetOfficeConnector.config.safeParse(c);

describe('street-office config', () => {
  it('fills in the defaults', () => {
    const parsed = streetOfficeConnector.config.parse({ path: './drop', streetCode: '420102002' });
    expect(parsed).toEqual({ path: './drop', streetCode: '420102002', parentAreas: [], testData: false, headerAliases: {}, encoding: 'auto' });
  });

  it('accepts a 9- or 12-digit street code, not a community code', () => {
    expect(parse({ path: '.', streetCode: '420102002000' }).success).toBe(true);
    expect(parse({ path: '.', streetCode: '420102002001' }).success).toBe(false);
    expect(parse({ path: '.', streetCode: '4201020' }).success).toBe(false);
  });

  it('refuses aliases for unknown canonical headers, ancestors that are not the street’s, unknown fields', () => {
    expect(parse({ path: '.', streetCode: '420102002', headerAliases: { 身份证: ['x'] } }).error?.issues[0]?.path).toEqual(['headerAliases', '身份证']);
    expect(parse({ path: '.', streetCode: '420102002', parentAreas: [{ code: '420103', name: '江汉区' }] }).success).toBe(false);
    expect(parse({ path: '.', streetCode: '420102002', parentAreas: [{ code: '420100000000', name: '武汉市' }] }).success).toBe(true);
    expect(parse({ path: '.', streetCode: '420102002', token: 'x' }).success).toBe(false);
  });

  it('check(): ok for the fixtures folder, a config failure for a missing folder', async () => {
    expect(await streetOfficeConnector.check(context(fixtureConfig()))).toMatchObject({ ok: true, message: expect.stringContaining('7 export file(s)') });
    expect(await streetOfficeConnector.check(context(fixtureConfig({ path: '/nonexistent/s1' })))).toMatchObject({ ok: false, kind: 'config' });
  });
});
