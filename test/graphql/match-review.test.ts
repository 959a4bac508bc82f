import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citizenIdCheckChar } from '../../src/domain/citizen-id';
import { toGlobalId } from '../../src/graphql/common/global-id';
import { ingestBatch } from '../../src/ingest/ingest-batch';
import type { MappedRecord } from '../../src/ingest/ingest-record';
import { change, type CanonicalChange } from '../../src/sdk/canonical-change';
import { dataOf, type DemoHub, openDemoHub } from './support/harness';

const rec = (source: string, stream: string, externalId: string, changes: CanonicalChange[]): MappedRecord => ({
  kind: 'mapped',
  source,
  stream,
  externalId,
  version: '2026-06-01T08:00:00+08:00',
  payload: { externalId, changes },
  changes,
});
const citizenId = (first17: string) => `${first17}${citizenIdCheckChar(first17)}`;

const REVIEWS = `query($f: MatchReviewFilter) { matchReviews(filter: $f, first: 10) {
  totalCount nodes { id entity reason status agreedOn source stream externalId mergeId
    subject { id ... on Person { name mobileMasked idNumberMasked birthYear } }
    candidates { id ... on Person { name mobileMasked idNumberMasked } } } } }`;

/** The review queue and merges through GraphQL: masked, operator-only, coded errors. */
describe('identity review queue (GraphQL)', () => {
  let h: DemoHub;
  const ids = [citizenId('42010219700101901'), citizenId('42010219750202902')];
  beforeAll(async () => {
    h = await openDemoHub('pglite');
    // two residents sharing a name and a family phone, then a caller known by that name and phone only
    await ingestBatch(h.hub.db, ids.map((id, i) => rec('s1-test', 'residents', `twin-${i}`, [change('person', { idNumber: id, name: '欧阳小明', mobile: '13700009999' })])), { vault: h.hub.vault });
    const r = await ingestBatch(h.hub.db, [rec('committee', 'cases', 'T-REVIEW', [change('person', { name: '欧阳小明', mobile: '137 0000 9999' })])], { vault: h.hub.vault });
    expect(r).toMatchObject({ applied: 1, deadLetters: 0 });
  });
  afterAll(async () => h?.close());

  it('lists the ambiguous record with its subject and candidates, all personal information masked', async () => {
    const d = dataOf(await h.gql(REVIEWS, { f: { status: ['OPEN'], entity: 'PERSON' } }));
    expect(d.matchReviews.totalCount).toBe(1);
    const review = d.matchReviews.nodes[0];
    expect(review).toMatchObject({ entity: 'PERSON', reason: 'AMBIGUOUS', status: 'OPEN', agreedOn: ['mobile', 'name'], source: 'committee', stream: 'cases', externalId: 'T-REVIEW', mergeId: null });
    expect(review.subject).toMatchObject({ name: '欧阳**', mobileMasked: '137****9999', idNumberMasked: null });
    expect(review.candidates).toHaveLength(2);
    for (const c of review.candidates) expect(c).toMatchObject({ name: '欧阳**', mobileMasked: '137****9999' });
    expect(review.candidates.map((c: { idNumberMasked: string }) => c.idNumberMasked).sort()).toEqual(ids.map((id) => `${id.slice(0, 6)}***********${id.slice(17)}`).sort());
    const text = JSON.stringify(d);
    expect(text).not.toContain('欧阳小明');
    expect(text).not.toContain('13700009999');
    for (const id of ids) expect(text).not.toContain(id);
  });

  it('merges the new person into a candidate, closes the review, and undoes the merge', async () => {
    const review = dataOf(await h.gql(REVIEWS, { f: { status: ['OPEN'] } })).matchReviews.nodes[0];
    const people = async () => Number((await h.hub.db.selectFrom('person').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const before = await people();
    const merged = dataOf(
      await h.gql('mutation($t: ID!, $s: ID!) { mergeEntities(targetId: $t, sourceId: $s) { id status targetId sourceId movedRows droppedRows } }', { t: review.candidates[0].id, s: review.subject.id }),
    ).mergeEntities;
    expect(merged).toMatchObject({ status: 'MERGED', targetId: review.candidates[0].id, sourceId: review.subject.id, droppedRows: 0 });
    expect(merged.movedRows).toBeGreaterThan(0);
    expect(await people()).toBe(before - 1);
    const after = dataOf(await h.gql(REVIEWS, { f: { status: ['MERGED'] } })).matchReviews.nodes[0];
    expect(after).toMatchObject({ id: review.id, status: 'MERGED', mergeId: merged.id, subject: null });

    const undone = dataOf(await h.gql('mutation($m: ID!) { undoMerge(mergeId: $m) { status movedRows } }', { m: merged.id })).undoMerge;
    expect(undone).toEqual({ status: 'UNDONE', movedRows: merged.movedRows });
    // merges and undos record their actor (the development caller here)
    expect(await h.hub.db.selectFrom('entity_merge').select(['actor', 'undone_by']).where('id', '=', merged.id).executeTakeFirstOrThrow()).toEqual({ actor: 'development', undone_by: 'development' });
    expect(await people()).toBe(before);
    expect(dataOf(await h.gql(REVIEWS, { f: { status: ['OPEN'] } })).matchReviews.nodes[0]).toMatchObject({ id: review.id, status: 'OPEN', mergeId: null, subject: { id: review.subject.id } });
    const again = await h.gql('mutation($m: ID!) { undoMerge(mergeId: $m) { status } }', { m: merged.id });
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'ALREADY_RESOLVED', field: 'mergeId' });
  });

  it('dismisses a review once; a second dismissal is ALREADY_RESOLVED', async () => {
    const review = dataOf(await h.gql(REVIEWS, { f: { status: ['OPEN'] } })).matchReviews.nodes[0];
    const d = dataOf(await h.gql('mutation($id: ID!) { dismissMatchReview(id: $id) { id status } }', { id: review.id }));
    expect(d.dismissMatchReview).toEqual({ id: review.id, status: 'DISMISSED' });
    expect((await h.hub.db.selectFrom('match_review').select('resolved_by').where('id', '=', review.id).executeTakeFirstOrThrow()).resolved_by).toBe('development');
    const again = await h.gql('mutation($id: ID!) { dismissMatchReview(id: $id) { id } }', { id: review.id });
    expect(again.errors?.[0]?.extensions?.code).toBe('ALREADY_RESOLVED');
  });

  it('shows cross-channel duplicates of one matter as linked cases', async () => {
    const kase = (source: string, no: string, at: string) =>
      rec(source, 'cases', no, [change('case', { sourceSystem: source, sourceNo: no, kind: 'APPEAL', status: 'REPORTED', category: '环境卫生', reportedAt: at, reporterIdNumber: ids[0], address: '幸福里3栋' })]);
    await ingestBatch(h.hub.db, [kase('committee-api', 'LINK-1', '2026-06-01T09:00:00+08:00'), kase('12345', 'LINK-2', '2026-06-02T09:00:00+08:00')], { vault: h.hub.vault });
    const row = await h.hub.db.selectFrom('case_record').select('id').where('source_no', '=', 'LINK-1').executeTakeFirstOrThrow();
    const d = dataOf(await h.gql('query($id: ID!) { node(id: $id) { ... on Case { sourceNo linkedCases { sourceNo sourceSystem linkedCases { sourceNo } } } } }', { id: toGlobalId('Case', row.id) }));
    expect(d.node).toEqual({ sourceNo: 'LINK-1', linkedCases: [{ sourceNo: 'LINK-2', sourceSystem: '12345', linkedCases: [{ sourceNo: 'LINK-1' }] }] });
  });

  it('answers bad merges with coded errors and refuses callers who are not operators', async () => {
    const person = await h.hub.db.selectFrom('person').select('id').limit(1).executeTakeFirstOrThrow();
    const org = await h.hub.db.selectFrom('organization').select('id').limit(1).executeTakeFirstOrThrow();
    const kase = await h.hub.db.selectFrom('case_record').select('id').limit(1).executeTakeFirstOrThrow();
    const merge = (t: string, s: string, caller?: Parameters<DemoHub['gql']>[2]) => h.gql('mutation($t: ID!, $s: ID!) { mergeEntities(targetId: $t, sourceId: $s) { id } }', { t, s }, caller);
    const P = toGlobalId('Person', person.id);
    expect((await merge(P, P)).errors?.[0]?.extensions?.code).toBe('MERGE_CONFLICT');
    expect((await merge(P, toGlobalId('Organization', org.id))).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'sourceId' });
    expect((await merge(toGlobalId('Case', kase.id), toGlobalId('Case', kase.id))).errors?.[0]?.extensions?.code).toBe('MERGE_UNSUPPORTED');
    expect((await merge(P, toGlobalId('Person', '00000000-0000-4000-8000-000000000000'))).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await merge('nonsense', P)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'targetId' });
    expect((await h.gql('mutation { undoMerge(mergeId: "42") { id } }')).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'mergeId' });
    const street = { role: 'STREET_STAFF' as const, areaScope: ['420102002000'], subject: 'test-street' };
    expect((await merge(P, P, street)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await h.gql('{ matchReviews { totalCount } }', {}, street)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
