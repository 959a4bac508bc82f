import { type Kysely, sql } from 'kysely';

/**
 * What the seed's governance measures need (issue #12):
 * - `party_org.host_organization_id`: the organisation a party organisation is set up in
 *   (两新组织党建覆盖: a social organisation's or property firm's own branch; 红色物业).
 * - `alliance_member`: a member unit of a 区域化党建联盟 (an `organization` of kind `ALLIANCE`,
 *   whose `area_id` is the community or street it serves), with its commitments (共建项目) and
 *   the period of membership. Joint meetings are activities (type 联席会议) organised by the alliance.
 * - indexes for the analyst filters: person tags (L4 special-population labels), birth dates.
 *
 * A community's work list (社区工作事项清单) needs no table: it is the street's duty items of the
 * lists a residents' committee performs (BASIC_DUTY) or assists with (ASSIST_DUTY), see
 * src/governance/work-list.ts. Volunteer service records are `activity_participant.hours`.
 *
 * Frozen once landed: change the schema in a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table party_org add column host_organization_id uuid references organization(id);
    create index party_org_host_idx on party_org (host_organization_id);

    create table alliance_member (
      id uuid primary key default gen_random_uuid(),
      natural_key text not null unique,
      alliance_id uuid not null references organization(id),
      organization_id uuid not null references organization(id),
      role text not null default 'MEMBER' check (role in ('LEAD','MEMBER')),
      commitments text[] not null default '{}',
      joined_on date,
      left_on date,
      provenance jsonb not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (alliance_id, organization_id)
    );
    create index alliance_member_org_idx on alliance_member (organization_id);

    create index person_tags_idx on person using gin (tags);
    create index person_birth_date_idx on person (birth_date);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop index person_birth_date_idx;
    drop index person_tags_idx;
    drop table alliance_member;
    alter table party_org drop column host_organization_id;
  `.execute(db);
}
