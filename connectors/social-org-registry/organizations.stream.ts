import { change, defineStream, resolveSourcePath, detectMojibake, normalizeName, RecordError, type CanonicalChange, type ConnectorContext, type JsonValue, type OrganizationInput, type ReadMessage } from '../../src/sdk';
import {
  AppliedFiles,
  assertReadableText,
  cell,
  enumCell,
  HeaderResolver,
  normalizeCode,
  type PendingFile,
  readFolderTables,
  readingFingerprint,
  requiredCell,
} from '../../src/sdk/transports/files';
import type { SocialOrgRegistryConfig } from './social-org-registry.config';
import { REGISTRY_TABLE } from './social-org-registry.table';
import type { SocialOrgRecord } from './social-org.records';

/** File extensions the registry is published in. */
export const REGISTRY_EXTENSIONS = ['csv', 'tsv', 'jsonl', 'ndjson'] as const;

/**
 * 社会组织类型. 民办非企业单位 is the older name of 社会服务机构 (renamed by the 2016 Charity Law;
 * registries use both): one type, stored under the current name.
 */
export const SOCIAL_ORG_TYPES: Readonly<Record<string, string>> = {
  社会团体: '社会团体',
  社团: '社会团体',
  民办非企业单位: '社会服务机构',
  民办非企业: '社会服务机构',
  民非: '社会服务机构',
  社会服务机构: '社会服务机构',
  基金会: '基金会',
  社区社会组织: '社区社会组织',
};

/** 登记状态. A cancelled or revoked organisation stays in the hub, with its status. */
export const REGISTRATION_STATUSES: Readonly<Record<string, NonNullable<OrganizationInput['status']>>> = {
  正常: 'ACTIVE',
  存续: 'ACTIVE',
  成立: 'ACTIVE',
  登记: 'ACTIVE',
  已登记: 'ACTIVE',
  备案: 'ACTIVE',
  已备案: 'ACTIVE',
  注销: 'CANCELLED',
  已注销: 'CANCELLED',
  注销登记: 'CANCELLED',
  撤销: 'REVOKED',
  已撤销: 'REVOKED',
  撤销登记: 'REVOKED',
};

/** Placeholders registries write for "no supervising unit". */
const NONE = new Set(['无', '没有', '-', '—', '/', '暂无']);

/** The organisation's identity in the registry: `uscc:<code>`, else `filing:<no>`, else `name:<normalised name>`. */
export function organizationKeyOf(row: Record<string, string>): string {
  const uscc = normalizeCode(cell(row, '统一社会信用代码')).toUpperCase();
  if (uscc) return `uscc:${uscc}`;
  const filing = normalizeCode(cell(row, '备案编号')).toUpperCase();
  if (filing) return `filing:${filing}`;
  return `name:${normalizeName(cell(row, '社会组织名称'))}`;
}

/** Splits a 曾用名 cell: `、` `;` `|` `,` separate names (not spaces: names may hold them). */
function splitNames(raw: string): string[] {
  return raw
    .split(/[、;；|｜,，]+/u)
    .map((n) => n.trim())
    .filter(Boolean);
}

/** Names seen in this run: organisation key → every distinct name, oldest first. */
type NameHistory = Record<string, string[]>;

const sameName = (a: string, b: string) => normalizeName(a) === normalizeName(b);

/**
 * Reads every registry file not applied yet, oldest export first (a file may be the whole
 * register or an update: each is applied). A record carries the other names its organisation
 * had earlier in this run (older files, earlier rows, 曾用名 cells): the write path keeps a
 * renamed organisation's stored name as a former name by itself, but records of one
 * organisation that meet in one batch collapse to the newest, and the older name would be lost.
 */
async function* readRegistry(ctx: ConnectorContext<SocialOrgRegistryConfig>, cursor: JsonValue | null): AsyncIterable<ReadMessage> {
  const config = ctx.config;
  const applied = AppliedFiles.fromCursor(cursor);
  const names: NameHistory = {};
  const options = {
    folder: resolveSourcePath(ctx, 'path', config.path),
    applied,
    resolver: new HeaderResolver(REGISTRY_TABLE, config.headerAliases),
    extensions: REGISTRY_EXTENSIONS,
    // drifted and unreadable files are looked at again when the aliases or the encoding change
    fingerprint: readingFingerprint({ headerAliases: config.headerAliases, encoding: config.encoding }),
    encoding: config.encoding,
    followLinksOutside: ctx.allowPathsOutside ?? false,
    what: 'registry file',
    signal: ctx.signal,
    logger: ctx.logger,
    onFileRead: (file: PendingFile) => applied.advance(file.exportTime.instant),
  };
  yield* readFolderTables(options, (row, file) => {
    const key = organizationKeyOf(row.values);
    const name = cell(row.values, '社会组织名称');
    const history = names[key] ?? [];
    const known = history.filter((n) => !sameName(n, name));
    const data: SocialOrgRecord = { exportedAt: file.exportTime.instant, row: row.values, ...(known.length > 0 ? { knownNames: known } : {}) };
    // remember the names (and the former names the file lists) for this organisation's next record; garbled ones are no names
    if (!key.startsWith('name:')) {
      const next = [...history];
      for (const n of [...splitNames(cell(row.values, '曾用名')), name]) {
        // as written: the hub stores names as the registry spells them (compared by normalizeName)
        if (n && !detectMojibake(n) && !next.some((h) => sameName(h, n))) next.push(n);
      }
      if (next.length > history.length) names[key] = next;
    }
    return { type: 'record', data, position: row.position };
  });
}

/** `20190305` → `2019-03-05`; other spellings go to the write path as they are (it reads `2019/3/5`, `2019年3月5日`). */
function dateText(raw: string): string | null {
  if (raw === '') return null;
  const compact = /^(\d{4})(\d{2})(\d{2})$/.exec(normalizeCode(raw));
  return compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : raw;
}

/**
 * A registry row → `organization` (kind SOCIAL_ORG), keyed by USCC or, for a filed community
 * organisation, 备案编号. Identifiers pass as given: the write path rejects a malformed USCC and
 * accepts one that fails its check digit flagged for review (pilot codes are real).
 */
export function mapOrganizationRow(record: SocialOrgRecord): CanonicalChange[] {
  const row = record.row;
  const name = requiredCell(row, '社会组织名称');
  const uscc = cell(row, '统一社会信用代码');
  const filingNo = cell(row, '备案编号');
  if (!uscc && !filingNo) throw new RecordError('MISSING_FIELD', '统一社会信用代码 and 备案编号 are both empty');
  const socialOrgType = enumCell(row, '社会组织类型', SOCIAL_ORG_TYPES, { required: true });
  const status = enumCell(row, '登记状态', REGISTRATION_STATUSES, { required: true })!;
  assertReadableText(row, ['登记管理机关', '业务主管单位', '住所', '曾用名']);
  const supervisor = cell(row, '业务主管单位');
  const area = normalizeCode(cell(row, '活动地域'));
  const formerNames: string[] = [];
  for (const n of [...(record.knownNames ?? []), ...splitNames(cell(row, '曾用名'))]) {
    if (!sameName(n, name) && !formerNames.some((f) => sameName(f, n))) formerNames.push(n);
  }
  return [
    change('organization', {
      kind: 'SOCIAL_ORG',
      uscc: uscc || null,
      filingNo: filingNo || null,
      name,
      status,
      socialOrgType,
      registrationAuthority: cell(row, '登记管理机关') || null,
      supervisor: supervisor && !NONE.has(supervisor) ? supervisor : null,
      foundedOn: dateText(cell(row, '成立登记日期')),
      address: cell(row, '住所') || null,
      // a community code; free text ("江岸区") names no area code and is left out
      areaCode: /^\d{6}(\d{3}){0,2}$/.test(area) ? area : null,
      ...(formerNames.length > 0 ? { formerNames } : {}),
    }),
  ];
}

export const organizationsStream = defineStream<SocialOrgRegistryConfig, SocialOrgRecord>({
  name: 'organizations',
  description: '社会组织 social organisations (registered and filed) from the registry files',
  primaryKey: ['统一社会信用代码', '备案编号'],
  // organisations, their codes and registered addresses are L1 (法定代表人 is not read)
  personalFields: {},
  read: readRegistry,
  externalId: (r) => `organizations:${organizationKeyOf(r.row)}`,
  version: (r, readAt) => r.exportedAt ?? readAt,
  map: (r) => mapOrganizationRow(r),
});
