import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformance } from '../../../connectors/social-org-registry/conformance';
import { socialOrgRegistryConnector } from '../../../connectors/social-org-registry/index';
import type { ResolvedSource } from '../../../src/ingest/sync/resolve-source';
import { syncSource } from '../../../src/ingest/sync/run-sync';
import { normalizeName } from '../../../src/domain/normalize';
import { createTestHub, type TestHub } from '../../support/test-hub';
import { FIXTURE_DIR } from './fixture-files';

/** The social-org-registry connector run by the hub's sync runner over its fixtures (PGlite). */
describe('social-org-registry through the sync runner', () => {
  let hub: TestHub;
  let folder: string;
  let config: unknown;
  const source = (): ResolvedSource => ({ id: 'mzj', connector: socialOrgRegistryConnector, config, displayConfig: {}, scheduleMs: null, baseDir: folder });
  // by the name's match form: names are stored as the registry wrote them (a file may write 江岸區書畫協會)
  const org = (name: string) =>
    hub.db.selectFrom('organization').select(['name', 'kind', 'status', 'social_org_type', 'uscc', 'uscc_checksum_valid', 'needs_review', 'filing_no', 'former_names', 'founded_on', 'supervisor']).where('name_norm', '=', normalizeName(name)).executeTakeFirst();

  beforeAll(async () => {
    hub = await createTestHub('pglite');
    folder = await mkdtemp(join(tmpdir(), 'huiju-s3-'));
    await cp(FIXTURE_DIR, folder, { recursive: true });
    config = socialOrgRegistryConnector.config.parse({ path: folder });
  });
  afterAll(async () => {
    await hub?.destroy();
    await rm(folder, { recursive: true, force: true });
  });

  it('yields the conformance counts on a fresh store, but for the filed organisation whose community only the prerequisites have', async () => {
    const [r] = await syncSource(hub, source());
    const expected = conformance.expected.organizations!;
    // the filed organisation waits (parked) for its community, which may still arrive
    expect({ read: r!.read, applied: r!.applied, deadLetters: r!.reasons, parked: r!.parked, waiting: r!.waiting, status: r!.status }).toEqual({
      read: expected.read,
      applied: expected.applied - 1,
      deadLetters: expected.deadLetters,
      parked: 1,
      waiting: 1,
      status: 'SUCCEEDED',
    });
  });

  it('wrote the organisations: one type for 民办非企业单位 and 社会服务机构, statuses, a pilot USCC flagged, filed ones by 备案编号', async () => {
    expect(await org('江岸区阳光养老服务中心')).toMatchObject({ kind: 'SOCIAL_ORG', status: 'ACTIVE', social_org_type: '社会服务机构', former_names: ['江岸区阳光敬老院'] });
    expect(await org('江岸区彩虹社工服务中心')).toMatchObject({ status: 'CANCELLED', social_org_type: '社会服务机构', supervisor: null, founded_on: '2016-04-05' });
    expect(await org('武汉江岸慈善基金会')).toMatchObject({ status: 'REVOKED', social_org_type: '基金会' });
    expect(await org('江岸区启明社会工作服务中心')).toMatchObject({ uscc: '52420102MJ0001TGQX', uscc_checksum_valid: false, needs_review: true });
    // written in Traditional characters and full-width digits: the name stays so, the type is a vocabulary value
    expect(await org('江岸区书画协会')).toMatchObject({ name: '江岸區書畫協會', uscc: '51420102MJ00050546', social_org_type: '社会团体' });
    expect(await org('长青社区广场舞队')).toMatchObject({ uscc: null, filing_no: 'JA-DZ-BA-2023-002', social_org_type: '社区社会组织' });
    expect(await org('江岸区乐龄服务中心')).toMatchObject({ status: 'CANCELLED' });
    expect(await hub.db.selectFrom('organization').select('id').execute()).toHaveLength(11);
  });

  it('keeps the former name of an organisation renamed in a later file', async () => {
    const renamed = [
      '统一社会信用代码,社会组织名称,社会组织类型,登记状态',
      '51420102MJ0001010Q,江岸区志愿服务联合会,社会团体,正常',
      '52420102MJ0003032C,江岸区彩虹社工服务中心,社会服务机构,注销',
    ].join('\n');
    await writeFile(join(folder, '社会组织名录_20240901.csv'), renamed);
    const [r] = await syncSource(hub, source());
    expect(r).toMatchObject({ status: 'SUCCEEDED', read: 2, applied: 2, deadLetters: 0 });
    expect(await org('江岸区志愿服务联合会')).toMatchObject({ former_names: ['江岸区志愿者协会'] });
    expect(await org('江岸区志愿者协会')).toBeUndefined();
    // still cancelled, still there
    expect(await org('江岸区彩虹社工服务中心')).toMatchObject({ status: 'CANCELLED' });
  });
});
