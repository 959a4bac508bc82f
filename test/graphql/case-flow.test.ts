import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workCalendarOf } from '../../src/flow/work-calendar';
import type { Caller } from '../../src/auth/caller';
import { CASE_TRANSITIONS, type CaseState, type CaseStatus, canTransition, MAX_RETURNS, transitionCase } from '../../src/domain/case-state';
import { toGlobalId } from '../../src/graphql/common/global-id';
import { ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { change, type CanonicalChange } from '../../src/sdk/canonical-change';
import { availableStoreKinds } from '../support/test-hub';
import { type DemoHub, dataOf, type GqlResult, openDemoHub } from './support/harness';

const CASE_FIELDS = 'id version status returnsCount joint supervised satisfaction dueAt closedAt content sourceSystem handlers { role organization { id } } events { seq fromStatus toStatus reason byHub actor { id } }';

/** Every move mutation, its extra arguments (declared and passed). */
const MOVES: Record<string, { decl: string; pass: string }> = {
  acceptCase: { decl: '', pass: '' },
  rejectCase: { decl: '', pass: '' },
  dispatchCase: { decl: ', $units: [CaseUnitInput!]!, $dueAt: DateTimeISO', pass: ', units: $units, dueAt: $dueAt' },
  signCase: { decl: '', pass: '' },
  returnCase: { decl: '', pass: '' },
  arbitrateCase: { decl: ', $units: [CaseUnitInput!]!', pass: ', units: $units' },
  startCase: { decl: '', pass: '' },
  extendCase: { decl: ', $dueAt: DateTimeISO!', pass: ', dueAt: $dueAt' },
  handleCase: { decl: '', pass: '' },
  verifyCase: { decl: ', $passed: Boolean!', pass: ', passed: $passed' },
  closeCase: { decl: '', pass: '' },
  revisitCase: { decl: ', $satisfaction: Satisfaction!', pass: ', satisfaction: $satisfaction' },
  reopenCase: { decl: '', pass: '' },
  superviseCase: { decl: ', $supervised: Boolean', pass: ', supervised: $supervised' },
  archiveCase: { decl: '', pass: '' },
};

function moveDoc(name: string): string {
  const m = MOVES[name]!;
  return `mutation Move($id: ID!, $version: Int!, $idempotencyKey: String, $actorOrganizationId: ID, $reason: String${m.decl}) {
    ${name}(id: $id, version: $version, idempotencyKey: $idempotencyKey, actorOrganizationId: $actorOrganizationId, reason: $reason${m.pass}) { ${CASE_FIELDS} } }`;
}

const REPORT = `mutation Report($input: ReportCaseInput!) { reportCase(input: $input) { ${CASE_FIELDS} sourceNo channel } }`;

/** The moves that succeed from each status (revisit changes no status; reopen needs an unsatisfied revisit, tried apart). */
const LEGAL: Record<CaseStatus, string[]> = {
  REPORTED: ['acceptCase', 'rejectCase'],
  REJECTED: [],
  ACCEPTED: ['dispatchCase'],
  DISPATCHED: ['signCase'],
  SIGNED: ['returnCase', 'startCase'],
  RETURNED: ['dispatchCase'],
  ARBITRATION: ['arbitrateCase'],
  IN_PROGRESS: ['extendCase', 'handleCase'],
  EXTENDED: ['startCase'],
  HANDLED: ['verifyCase', 'closeCase'],
  CLOSED: ['archiveCase', 'revisitCase', 'reopenCase'],
  ARCHIVED: [],
  VERIFY_FAILED: ['dispatchCase'],
  REOPENED: ['dispatchCase'],
};

/** A shortest sequence of statuses from REPORTED whose last step is `from → to` (honouring the return rule). */
function pathEndingWith(from: CaseStatus, to: CaseStatus): CaseStatus[] {
  const key = (s: CaseState) => `${s.status}/${Math.min(s.returns, MAX_RETURNS)}`;
  const start: CaseState = { status: 'REPORTED', returns: 0 };
  const seen = new Map<string, CaseStatus[]>([[key(start), []]]);
  const queue: CaseState[] = [start];
  while (queue.length > 0) {
    const cur = queue.shift()!;
    const path = seen.get(key(cur))!;
    if (cur.status === from && canTransition(cur, to)) return [...path, to];
    for (const next of CASE_TRANSITIONS[cur.status]) {
      if (!canTransition(cur, next)) continue;
      const state = transitionCase(cur, next);
      if (seen.has(key(state))) continue;
      seen.set(key(state), [...path, next]);
      queue.push(state);
    }
  }
  throw new Error(`no path to ${from} → ${to}`);
}

/** One path per edge not yet covered by an earlier path: every edge of CASE_TRANSITIONS is exercised. */
function pathsCoveringEveryEdge(): CaseStatus[][] {
  const edges = Object.entries(CASE_TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => [from as CaseStatus, to] as const));
  const covered = new Set<string>();
  const paths: CaseStatus[][] = [];
  for (const [from, to] of edges) {
    if (covered.has(`${from}>${to}`)) continue;
    const path = pathEndingWith(from, to);
    paths.push(path);
    let at: CaseStatus = 'REPORTED';
    for (const s of path) {
      covered.add(`${at}>${s}`);
      at = s;
    }
  }
  expect(covered.size).toBe(edges.length);
  return paths;
}

function rec(source: string, stream: string, externalId: string, changes: CanonicalChange[], version: string): MappedRecord {
  return { kind: 'mapped', source, stream, externalId, version, payload: { externalId, version, changes }, changes };
}

describe.each(availableStoreKinds())('case flow as mutations on %s', (kind) => {
  let h: DemoHub;
  const org = { street: '', committee: '', firm: '', otherCommittee: '' };
  let communityCode = '';
  let streetCode = '';
  let otherStreetCode = '';
  let admin: Caller;
  let streetStaff: Caller;
  let committeeStaff: Caller;
  let firmApp: Caller;

  beforeAll(async () => {
    h = await openDemoHub(kind, 'tiny', { outbox: { enabled: true } });
    const db = h.hub.db;
    const committee = await db
      .selectFrom('organization as o')
      .innerJoin('admin_area as a', 'a.id', 'o.area_id')
      .innerJoin('admin_area as s', 's.id', 'a.parent_id')
      .select(['o.id', 'a.code as community', 's.code as street'])
      .where('o.kind', '=', 'RESIDENTS_COMMITTEE')
      .where('a.level', '=', 'community')
      .orderBy('a.code')
      .executeTakeFirstOrThrow();
    communityCode = committee.community;
    streetCode = committee.street;
    org.committee = committee.id;
    org.street = (await db.selectFrom('organization').select('id').where('kind', '=', 'STREET_OFFICE').executeTakeFirstOrThrow()).id;
    org.firm = (await db.selectFrom('organization').select('id').where('kind', '=', 'PROPERTY_COMPANY').executeTakeFirstOrThrow()).id;
    org.otherCommittee = (await db.selectFrom('organization').select('id').where('kind', '=', 'RESIDENTS_COMMITTEE').where('id', '!=', committee.id).executeTakeFirstOrThrow()).id;
    const other = await db.selectFrom('admin_area').select('code').where('level', '=', 'street').where('code', '!=', streetCode).executeTakeFirst();
    otherStreetCode = other?.code ?? '420102999000';
    admin = { role: 'ADMIN', areaScope: [], subject: 'test-admin' };
    streetStaff = { role: 'STREET_STAFF', areaScope: [streetCode], subject: 'street-staff', orgId: org.street };
    committeeStaff = { role: 'COMMUNITY_STAFF', areaScope: [communityCode], subject: 'committee-staff', orgId: org.committee };
    firmApp = { role: 'APP', areaScope: [streetCode], subject: 'api-key:firm', orgId: org.firm, operations: ['Move', 'Report'] };
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  const gid = (id: string) => toGlobalId('Organization', id);
  const lead = (id: string) => [{ organizationId: gid(id), role: 'LEAD' }];

  async function report(caller: Caller = streetStaff, extra: Record<string, unknown> = {}) {
    const r = await h.gql(REPORT, { input: { kind: 'APPEAL', channel: '来访', title: '楼道堆放杂物', content: '联系电话13912345678，请尽快处理', area: communityCode, ...extra } }, caller);
    return dataOf(r).reportCase;
  }

  function move(name: string, c: { id: string; version: number }, vars: Record<string, unknown> = {}, caller: Caller = admin): Promise<GqlResult> {
    return h.gql(moveDoc(name), { id: c.id, version: c.version, ...vars }, caller);
  }

  async function moveOk(name: string, c: { id: string; version: number }, vars: Record<string, unknown> = {}, caller: Caller = admin) {
    return dataOf(await move(name, c, vars, caller))[name];
  }

  /** Everything a move may write, for "nothing written" comparisons. */
  async function snapshot(caseGid: string) {
    const id = Buffer.from(caseGid, 'base64').toString().split(':')[1]!;
    const db = h.hub.db;
    const count = async (table: 'case_event' | 'case_handler' | 'case_command') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).where('case_id', '=', id).executeTakeFirstOrThrow()).n);
    return {
      row: await db.selectFrom('case_record').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
      events: await count('case_event'),
      handlers: await count('case_handler'),
      commands: await count('case_command'),
      outbox: Number((await db.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).where('entity_id', '=', id).executeTakeFirstOrThrow()).n),
      lineage: await db.selectFrom('source_record').select(['source', 'source_version']).where('entity_id', '=', id).orderBy('source').execute(),
    };
  }

  /** The mutation (and its arguments) that makes the move `from → to`; `closeBy` alternates verify/close for HANDLED → CLOSED. */
  function stepFor(from: CaseStatus, to: CaseStatus, closeBy: 'verify' | 'close'): { name: string; vars: Record<string, unknown>; before?: { name: string; vars: Record<string, unknown> } } {
    switch (to) {
      case 'ACCEPTED':
        return { name: 'acceptCase', vars: {} };
      case 'REJECTED':
        return { name: 'rejectCase', vars: { reason: '不属于受理范围' } };
      case 'DISPATCHED':
        return from === 'ARBITRATION'
          ? { name: 'arbitrateCase', vars: { units: lead(org.committee), reason: '仲裁：由社区主办' } }
          : { name: 'dispatchCase', vars: { units: lead(org.committee) } };
      case 'SIGNED':
        return { name: 'signCase', vars: { actorOrganizationId: gid(org.committee) } };
      case 'RETURNED':
      case 'ARBITRATION':
        return { name: 'returnCase', vars: { reason: '不属于本单位职责', actorOrganizationId: gid(org.committee) } };
      case 'IN_PROGRESS':
        return { name: 'startCase', vars: { actorOrganizationId: gid(org.committee) } };
      case 'EXTENDED':
        return { name: 'extendCase', vars: { dueAt: new Date(Date.now() + 30 * 86_400_000).toISOString(), reason: '需协调施工队', actorOrganizationId: gid(org.committee) } };
      case 'HANDLED':
        return { name: 'handleCase', vars: { actorOrganizationId: gid(org.committee) } };
      case 'CLOSED':
        return closeBy === 'verify' ? { name: 'verifyCase', vars: { passed: true } } : { name: 'closeCase', vars: {} };
      case 'VERIFY_FAILED':
        return { name: 'verifyCase', vars: { passed: false, reason: '现场仍有杂物' } };
      case 'REOPENED':
        return { name: 'reopenCase', vars: { reason: '回访不满意' }, before: { name: 'revisitCase', vars: { satisfaction: 'UNSATISFIED' } } };
      case 'ARCHIVED':
        return { name: 'archiveCase', vars: {} };
      default:
        throw new Error(`no move to ${to}`);
    }
  }

  it('drives cases through every edge of the state machine, one event per move with the acting unit', async () => {
    const paths = pathsCoveringEveryEdge();
    expect(paths.length).toBeGreaterThan(3);
    let closes = 0;
    for (const path of paths) {
      let c = await report();
      expect(c.status).toBe('REPORTED');
      expect(c.sourceSystem).toBe('hub');
      let from: CaseStatus = 'REPORTED';
      for (const to of path) {
        const step = stepFor(from, to, closes++ % 2 === 0 ? 'verify' : 'close');
        if (step.before) c = await moveOk(step.before.name, c, step.before.vars);
        const before = await snapshot(c.id);
        const next = await moveOk(step.name, c, step.vars);
        expect(next.status, `${from} → ${to} by ${step.name}`).toBe(to);
        expect(next.version).toBeGreaterThan(c.version);
        const after = await snapshot(c.id);
        expect(after.events).toBe(before.events + 1);
        expect(after.outbox).toBe(before.outbox + 1);
        const last = next.events.at(-1);
        expect(last).toMatchObject({ seq: before.events + 1, fromStatus: from, toStatus: to });
        if (step.vars.actorOrganizationId) expect(last.actor?.id).toBe(step.vars.actorOrganizationId);
        c = next;
        from = to;
      }
      expect(c.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['REPORTED', ...path]);
      if (path.includes('ARBITRATION')) expect(c.returnsCount).toBe(MAX_RETURNS);
    }
  }, 240_000);

  it('refuses every illegal move with a coded error and writes nothing', async () => {
    // one long path (two returns, arbitration, extension, failed verification, reopen, archive); before each legal step every other move is tried
    const path = pathEndingWith('ARBITRATION', 'DISPATCHED').concat(['SIGNED', 'IN_PROGRESS', 'EXTENDED', 'IN_PROGRESS', 'HANDLED', 'VERIFY_FAILED', 'DISPATCHED', 'SIGNED', 'IN_PROGRESS', 'HANDLED', 'CLOSED', 'REOPENED', 'DISPATCHED', 'SIGNED', 'IN_PROGRESS', 'HANDLED', 'CLOSED', 'ARCHIVED']);
    let c = await report();
    let from: CaseStatus = 'REPORTED';
    const everyMove = (): { name: string; vars: Record<string, unknown> }[] => [
      { name: 'acceptCase', vars: {} },
      { name: 'rejectCase', vars: { reason: '不予受理' } },
      { name: 'dispatchCase', vars: { units: lead(org.committee) } },
      { name: 'arbitrateCase', vars: { units: lead(org.committee), reason: '仲裁' } },
      { name: 'signCase', vars: {} },
      { name: 'returnCase', vars: { reason: '退回' } },
      { name: 'startCase', vars: {} },
      { name: 'extendCase', vars: { dueAt: new Date(Date.now() + 40 * 86_400_000).toISOString(), reason: '延期' } },
      { name: 'handleCase', vars: {} },
      { name: 'verifyCase', vars: { passed: true } },
      { name: 'verifyCase', vars: { passed: false, reason: '不通过' } },
      { name: 'closeCase', vars: {} },
      { name: 'reopenCase', vars: { reason: '重办' } },
      { name: 'archiveCase', vars: {} },
      { name: 'revisitCase', vars: { satisfaction: 'SATISFIED' } },
    ];
    let refused = 0;
    for (const to of [...path, null]) {
      const legal = to === null ? null : stepFor(from, to, 'close');
      const before = await snapshot(c.id);
      for (const m of everyMove()) {
        if (LEGAL[from].includes(m.name)) continue;
        const r = await move(m.name, c, m.vars);
        expect(r.errors?.[0]?.extensions?.code, `${m.name} from ${from}`).toBe('ILLEGAL_TRANSITION');
        expect(r.data ?? null).toBeNull();
        refused += 1;
      }
      expect(await snapshot(c.id), `nothing written at ${from}`).toEqual(before);
      if (to === null) break;
      if (legal!.before) c = await moveOk(legal!.before.name, c, legal!.before.vars);
      c = await moveOk(legal!.name, c, legal!.vars);
      expect(c.status).toBe(to);
      from = to;
    }
    expect(from).toBe('ARCHIVED');
    expect(refused).toBeGreaterThan(200);
    // reopen needs an unsatisfied revisit first; supervise and revisit are refused on a terminal case
    const closed = await report();
    let k = closed;
    for (const to of ['ACCEPTED', 'DISPATCHED', 'SIGNED', 'IN_PROGRESS', 'HANDLED', 'CLOSED'] as CaseStatus[]) {
      const s = stepFor(k.status, to, 'close');
      k = await moveOk(s.name, k, s.vars);
    }
    const before = await snapshot(k.id);
    expect((await move('reopenCase', k, { reason: '重办' })).errors?.[0]?.extensions?.code).toBe('ILLEGAL_TRANSITION');
    expect((await move('superviseCase', c, {})).errors?.[0]?.extensions?.code).toBe('ILLEGAL_TRANSITION');
    expect(await snapshot(k.id)).toEqual(before);
  }, 240_000);

  it('a stale version is a conflict, a repeated idempotency key applies once, bad input is refused', async () => {
    const c = await report();
    const before = await snapshot(c.id);
    const stale = await move('acceptCase', { id: c.id, version: c.version - 1 });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CASE_VERSION_CONFLICT', expected: c.version - 1, actual: c.version });
    expect(await snapshot(c.id)).toEqual(before);

    const first = await moveOk('acceptCase', c, { idempotencyKey: 'accept-1' });
    const again = await moveOk('acceptCase', c, { idempotencyKey: 'accept-1' });
    expect(again.version).toBe(first.version);
    expect(again.status).toBe('ACCEPTED');
    const after = await snapshot(c.id);
    expect(after.events).toBe(before.events + 1);
    expect(after.commands).toBe(1);
    expect(after.outbox).toBe(before.outbox + 1);
    // the same key for another move is refused; so is a stale version without a key
    expect((await move('dispatchCase', first, { idempotencyKey: 'accept-1', units: lead(org.committee) })).errors?.[0]?.extensions?.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await move('acceptCase', c)).errors?.[0]?.extensions?.code).toBe('CASE_VERSION_CONFLICT');
    // two first tries of one key at once (a client retrying before the answer came): one applies, the other replays it
    const raced = await report();
    const racedBefore = await snapshot(raced.id);
    const both = await Promise.all([move('acceptCase', raced, { idempotencyKey: 'raced-1' }), move('acceptCase', raced, { idempotencyKey: 'raced-1' })]);
    expect(both.map((r) => r.errors?.[0]?.extensions?.code ?? null)).toEqual([null, null]);
    expect(both.map((r) => dataOf(r).acceptCase.version)).toEqual([racedBefore.row.version + 1, racedBefore.row.version + 1]);
    expect((await snapshot(raced.id)).events).toBe(racedBefore.events + 1);
    // a report retried with its key gives the same case
    const r1 = await report(streetStaff, { idempotencyKey: 'report-1' });
    const r2 = await report(streetStaff, { idempotencyKey: 'report-1' });
    expect(r2.id).toBe(r1.id);
    expect(r2.sourceNo).toBe(r1.sourceNo);
    // input errors: two leads, no reason for a return, an extension that is not later
    const beforeBad = await snapshot(c.id);
    const two = await move('dispatchCase', first, { units: [...lead(org.committee), ...lead(org.firm)] });
    expect(two.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'units' });
    const none = await move('dispatchCase', first, { units: [] });
    expect(none.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'units' });
    expect(await snapshot(c.id)).toEqual(beforeBad);
    // stored text is masked (L3 free text)
    expect(c.content).not.toContain('13912345678');
    const stored = await h.hub.db.selectFrom('case_record').select('content').where('source_no', '=', r1.sourceNo).executeTakeFirstOrThrow();
    expect(stored.content).not.toContain('13912345678');
  }, 60_000);

  it('a case reported without a due time gets one from the time-limit rules on the work calendar', async () => {
    const reportedAt = '2025-09-30T02:00:00.000Z'; // Tuesday 10:00 China time, before the 2025 National Day break
    const enquiry = await report(streetStaff, { appealType: '咨询', reportedAt });
    const complaint = await report(streetStaff, { appealType: '投诉', reportedAt });
    const calendar = workCalendarOf(h.hub.config);
    expect(enquiry.dueAt).toBe(calendar.addWorkingDays(new Date(reportedAt), 3).toISOString());
    expect(complaint.dueAt).toBe(calendar.addWorkingDays(new Date(reportedAt), 13).toISOString());
    // 3 working days from 30 September skip the eight-day break: due at the end of 11 October (a make-up Saturday)
    expect(enquiry.dueAt).toBe('2025-10-11T15:59:59.999Z');
    const given = await report(streetStaff, { appealType: '咨询', reportedAt, dueAt: '2025-10-01T00:00:00.000Z' });
    expect(given.dueAt).toBe('2025-10-01T00:00:00.000Z');
  });

  it('joint dispatch: one lead, assisting units sign and start, only the lead returns or handles, other units are refused', async () => {
    let c = await report(streetStaff);
    c = await moveOk('acceptCase', c, {}, streetStaff);
    c = await moveOk('dispatchCase', c, { units: [{ organizationId: gid(org.committee), role: 'LEAD' }, { organizationId: gid(org.firm), role: 'ASSIST' }] }, streetStaff);
    expect(c.joint).toBe(true);
    expect(c.handlers.map((x: { role: string; organization: { id: string } }) => [x.role, x.organization.id]).sort()).toEqual([['ASSIST', gid(org.firm)], ['LEAD', gid(org.committee)]].sort());
    expect(c.events.at(-1).actor.id).toBe(gid(org.street));
    // a unit that is not a handler (another committee, named by an ADMIN-less caller) is refused
    const stranger: Caller = { role: 'COMMUNITY_STAFF', areaScope: [streetCode], subject: 'stranger', orgId: org.otherCommittee };
    const before = await snapshot(c.id);
    expect((await move('signCase', c, {}, stranger)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // a caller whose token names an organisation cannot act as another one
    expect((await move('signCase', c, { actorOrganizationId: gid(org.committee) }, stranger)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await snapshot(c.id)).toEqual(before);
    // the property firm (assisting) signs and starts, but cannot handle
    c = await moveOk('signCase', c, {}, firmApp);
    expect(c.events.at(-1).actor.id).toBe(gid(org.firm));
    c = await moveOk('startCase', c, {}, firmApp);
    expect((await move('handleCase', c, {}, firmApp)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    c = await moveOk('handleCase', c, {}, committeeStaff);
    expect(c.events.at(-1).actor.id).toBe(gid(org.committee));
    c = await moveOk('closeCase', c, {}, streetStaff);
    expect(c.status).toBe('CLOSED');
  }, 60_000);

  it('walk-through: a street dispatches to a committee (lead) and a property firm, the committee returns it once, then it is handled, verified and revisited', async () => {
    const units = [{ organizationId: gid(org.committee), role: 'LEAD' }, { organizationId: gid(org.firm), role: 'ASSIST' }];
    let c = await report(streetStaff, { category: '环境卫生', appealType: '求助' });
    c = await moveOk('acceptCase', c, { idempotencyKey: 'walk-accept' }, streetStaff);
    c = await moveOk('dispatchCase', c, { units, dueAt: '2026-12-11T10:00:00Z' }, streetStaff);
    c = await moveOk('signCase', c, {}, committeeStaff);
    c = await moveOk('returnCase', c, { reason: '楼道属物业管理区域，应由物业主办' }, committeeStaff);
    expect(c).toMatchObject({ status: 'RETURNED', returnsCount: 1 });
    c = await moveOk('dispatchCase', c, { units, reason: '社区主办，物业协办清运' }, streetStaff);
    c = await moveOk('signCase', c, {}, committeeStaff);
    // the assisting firm cannot sign a case that is signed already
    expect((await move('signCase', c, {}, firmApp)).errors?.[0]?.extensions?.code).toBe('ILLEGAL_TRANSITION');
    c = await moveOk('startCase', c, {}, firmApp);
    c = await moveOk('handleCase', c, { reason: '已清运杂物' }, committeeStaff);
    c = await moveOk('verifyCase', c, { passed: true }, streetStaff);
    c = await moveOk('revisitCase', c, { satisfaction: 'SATISFIED' }, streetStaff);
    expect(c).toMatchObject({ status: 'CLOSED', satisfaction: 'SATISFIED', joint: true, returnsCount: 1 });
    expect(c.events.map((e: { toStatus: string; actor: { id: string } | null }) => [e.toStatus, e.actor?.id])).toEqual([
      ['REPORTED', gid(org.street)],
      ['ACCEPTED', gid(org.street)],
      ['DISPATCHED', gid(org.street)],
      ['SIGNED', gid(org.committee)],
      ['RETURNED', gid(org.committee)],
      ['DISPATCHED', gid(org.street)],
      ['SIGNED', gid(org.committee)],
      ['IN_PROGRESS', gid(org.firm)],
      ['HANDLED', gid(org.committee)],
      ['CLOSED', gid(org.street)],
    ]);
    expect(c.events[4].reason).toBe('楼道属物业管理区域，应由物业主办');
  }, 60_000);

  it('permissions: roles lacking a move are refused, cases outside the scope are not found', async () => {
    const c = await report(streetStaff);
    const before = await snapshot(c.id);
    const grid: Caller = { role: 'GRID_WORKER', areaScope: [communityCode], subject: 'grid-worker' };
    const analyst: Caller = { role: 'ANALYST', areaScope: [], subject: 'analyst' };
    const operator: Caller = { role: 'OPERATOR', areaScope: [], subject: 'operator' };
    for (const [caller, name] of [
      [grid, 'acceptCase'],
      [committeeStaff, 'acceptCase'],
      [committeeStaff, 'dispatchCase'],
      [firmApp, 'closeCase'],
      [analyst, 'acceptCase'],
      [operator, 'superviseCase'],
      [streetStaff, 'signCase'], // signing is the unit's act
      [grid, 'handleCase'],
    ] as const) {
      const r = await move(name, c, { units: lead(org.committee) }, caller);
      expect(r.errors?.[0]?.extensions?.code, `${caller.role} ${name}`).toBe('FORBIDDEN');
    }
    for (const caller of [analyst, operator]) {
      const r = await h.gql(REPORT, { input: { kind: 'APPEAL', channel: '来访', title: 'x', area: communityCode } }, caller);
      expect(r.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    // a grid worker reports (grid patrol) inside its scope, not outside it
    const patrol = await h.gql(REPORT, { input: { kind: 'INCIDENT', channel: '网格巡查', title: '井盖缺失', area: communityCode } }, grid);
    expect(dataOf(patrol).reportCase.status).toBe('REPORTED');
    const outside: Caller = { role: 'STREET_STAFF', areaScope: [otherStreetCode], subject: 'other-street' };
    expect((await h.gql(REPORT, { input: { kind: 'APPEAL', channel: '来访', title: 'x', area: communityCode } }, outside)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await move('acceptCase', c, {}, outside)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await snapshot(c.id)).toEqual(before);
  }, 60_000);

  describe('hub moves and source moves on a source-owned case', () => {
    const V1 = '2026-12-01T08:00:00.000Z';
    const V2 = '2026-12-02T08:00:00.000Z';
    const ticket = (no: string, status: string, events: { seq: number; from: string | null; to: string; at: string }[], version: string) =>
      rec('hotline-12345', 'cases', no, [change('case', { sourceSystem: '12345', sourceNo: no, kind: 'HOTLINE', status, reportedAt: V1, communityCode, title: '噪音扰民', events })], version);
    const sync = async (r: MappedRecord) => {
      const res = await ingestBatch(h.hub.db, [r], { vault: h.hub.vault });
      expect(res.deadLetters).toBe(0);
      return res;
    };
    const find = async (no: string) => {
      const row = await h.hub.db.selectFrom('case_record').select('id').where('source_system', '=', '12345').where('source_no', '=', no).executeTakeFirstOrThrow();
      return dataOf(await h.gql(`query($id: ID!) { node(id: $id) { ... on Case { ${CASE_FIELDS} sourceNo sources { source } } } }`, { id: toGlobalId('Case', row.id) })).node;
    };

    it('hub first, then a newer source version: the source wins what it owns; the hub move stays in the history, lineage and the journal; a stale caller conflicts', async () => {
      // the source reported before the hub's move and sends its next version after it
      const before = new Date(Date.now() - 86_400_000).toISOString();
      const later = new Date(Date.now() + 60_000).toISOString();
      await sync(ticket('T-HUB-FIRST', 'REPORTED', [{ seq: 1, from: null, to: 'REPORTED', at: before }], before));
      const c = await find('T-HUB-FIRST');
      const accepted = await moveOk('acceptCase', c, { idempotencyKey: 'hub-first-accept', actorOrganizationId: gid(org.street) }, admin);
      expect(accepted.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['REPORTED', 'ACCEPTED']);
      await sync(
        ticket('T-HUB-FIRST', 'DISPATCHED', [
          { seq: 1, from: null, to: 'REPORTED', at: before },
          { seq: 2, from: 'REPORTED', to: 'ACCEPTED', at: later },
          { seq: 3, from: 'ACCEPTED', to: 'DISPATCHED', at: later },
        ], later),
      );
      const after = await find('T-HUB-FIRST');
      expect(after.status).toBe('DISPATCHED');
      // the source's steps replaced, the hub's own accept kept in time order, numbered again
      expect(after.events.map((e: { seq: number; toStatus: string; byHub: boolean }) => [e.seq, e.toStatus, e.byHub])).toEqual([
        [1, 'REPORTED', false],
        [2, 'ACCEPTED', true],
        [3, 'ACCEPTED', false],
        [4, 'DISPATCHED', false],
      ]);
      // a later source version again: still one copy of the hub's step
      await sync(
        ticket('T-HUB-FIRST', 'DISPATCHED', [
          { seq: 1, from: null, to: 'REPORTED', at: before },
          { seq: 2, from: 'REPORTED', to: 'ACCEPTED', at: later },
          { seq: 3, from: 'ACCEPTED', to: 'DISPATCHED', at: later },
        ], new Date(Date.now() + 120_000).toISOString()),
      );
      expect((await find('T-HUB-FIRST')).events.map((e: { seq: number; byHub: boolean }) => [e.seq, e.byHub])).toEqual([[1, false], [2, true], [3, false], [4, false]]);
      expect(after.version).toBeGreaterThan(accepted.version);
      expect(after.sources.map((s: { source: string }) => s.source).sort()).toEqual(['hotline-12345', 'hub']);
      expect((await move('signCase', accepted)).errors?.[0]?.extensions?.code).toBe('CASE_VERSION_CONFLICT');
      const journal = await h.hub.db.selectFrom('case_command').select('command').where('idempotency_key', '=', 'hub-first-accept').executeTakeFirstOrThrow();
      expect(journal.command).toBe('accept');
      // the hub continues from the source's state
      const signed = await moveOk('signCase', after, { actorOrganizationId: gid(org.committee) });
      expect(signed.events.map((e: { seq: number; toStatus: string; byHub: boolean }) => [e.seq, e.toStatus, e.byHub]).at(-1)).toEqual([5, 'SIGNED', true]);
    }, 60_000);

    it('source first, then a hub move: the move is checked against the source\'s state, follows its history, and survives a re-sent source version', async () => {
      const events = [
        { seq: 1, from: null, to: 'REPORTED', at: V1 },
        { seq: 2, from: 'REPORTED', to: 'ACCEPTED', at: V1 },
        { seq: 3, from: 'ACCEPTED', to: 'DISPATCHED', at: V1 },
        { seq: 4, from: 'DISPATCHED', to: 'SIGNED', at: V2 },
      ];
      const signedTicket = ticket('T-SOURCE-FIRST', 'SIGNED', events, V2);
      await sync(signedTicket);
      const c = await find('T-SOURCE-FIRST');
      expect(c.status).toBe('SIGNED');
      expect((await move('acceptCase', c)).errors?.[0]?.extensions?.code).toBe('ILLEGAL_TRANSITION');
      const started = await moveOk('startCase', c, { actorOrganizationId: gid(org.committee) });
      expect(started.events.map((e: { seq: number; toStatus: string }) => [e.seq, e.toStatus])).toEqual([[1, 'REPORTED'], [2, 'ACCEPTED'], [3, 'DISPATCHED'], [4, 'SIGNED'], [5, 'IN_PROGRESS']]);
      const res = await sync(signedTicket);
      expect(res.outcomes[0]).toMatchObject({ status: 'unchanged' });
      const after = await find('T-SOURCE-FIRST');
      expect(after.status).toBe('IN_PROGRESS');
      expect(after.version).toBe(started.version);
      expect(after.events).toHaveLength(5);
    }, 60_000);
  });
});
