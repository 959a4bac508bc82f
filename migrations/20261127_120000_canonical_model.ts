import { type Kysely, sql } from 'kysely';

/**
 * The core canonical model of DOMAIN.md §4.
 *
 * Every canonical table has `natural_key`: the matching key the write path computes (an NBS code,
 * a grid code, `uscc:<code>`, the keyed hash of a person's ID number, …). Upserts are keyed on it,
 * so the same object arriving from several sources lands on one row. Personal identifiers are never
 * stored in clear: `*_hash` is a keyed HMAC for matching, `*_enc` an AES-GCM ciphertext.
 *
 * Frozen once landed: change the schema in a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table admin_area (
      id uuid primary key default gen_random_uuid(),
      natural_key text not null unique,
      scheme text not null default 'NBS',
      code text not null,
      vintage integer not null,
      name text not null,
      name_norm text not null,
      level text not null check (level in ('province','city','district','street','community')),
      parent_id uuid references admin_area(id),
      -- materialised path of codes from the province down, for subtree queries: '420000000000/420100000000/…'
      path text not null,
      urban_rural_class text,
      is_test boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (scheme, code, vintage)
    );
    create index admin_area_parent_idx on admin_area (parent_id);
    create index admin_area_path_idx on admin_area (path text_pattern_ops);

    create table organization (
      id uuid primary key default gen_random_uuid(),
      natural_key text not null unique,
      kind text not null check (kind in ('STREET_OFFICE','RESIDENTS_COMMITTEE','OWNERS_COMMITTEE','SOCIAL_ORG','PROPERTY_COMPANY','RESIDENT_UNIT','GOVERNMENT_DEPT','PARTY_ORG','ALLIANCE','OTHER')),
      name text not null,
      name_norm text not null,
      uscc text unique,
      uscc_checksum_valid boolean,
      org_code text,
      filing_no text,
      area_id uuid references admin_area(id),
      status text not null default 'ACTIVE' check (status in ('ACTIVE','CANCELLED','REVOKED')),
      social_org_type text,
      registration_authority text,
      supervisor text,
      founded_on date,
      address text,
      former_names text[] not null default '{}',
      needs_review boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index organization_area_idx on organization (area_id);
    create index organization_kind_idx on organization (kind);
    create index organization_org_code_idx on organization (org_code);
    create index organization_name_norm_idx on organization (name_norm);

    create table grid (
      id uuid primary key default gen_random_uuid(),
      natural_key text not null unique,
      code text not null unique,
      name text not null,
      community_id uuid not null references admin_area(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index grid_community_idx on grid (community_id);

    create table property_project (
      id uuid primary key default gen_random_uuid(),
      natural_key text not null unique,
      code text not null,
      name text not null,
      name_norm text not null,
      community_id uuid references admin_area(id),
      company_id uuid references organization(id),
      contract_from date,
      contract_to date,
      fee_per_m2 numeric(10,2),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index property_project_community_idx on property_project (community_id);

    create table building (
      id uuid primary key default gen_random_uuid(),
      natural_key text not null unique,
      project_id uuid references property_project(id),
      community_id uuid not null references admin_area(id),
      grid_id uuid references grid(id),
      building_no text not null,
      address text,
      address_norm text not null,
      units integer,
      floors integer,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index building_community_idx on building (community_id);
    create index building_grid_idx on building (grid_id);
    create index building_project_idx on building (project_id);

    create table dwelling (
      id uuid primary key default gen_random_uuid(),
      natural_key text not null unique,
      building_id uuid not null references building(id),
      grid_id uuid references grid(id),
      unit text not null default '',
      floor integer,
      room text not null,
      area_m2 numeric(10,2),
      usage text,
      rented boolean,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (building_id, unit, room)
    );
    create index dwelling_grid_idx on dwelling (grid_id);

    create table household (
      id uuid primary key default gen_random_uuid(),
      natural_key text not null unique,
      household_no text not null,
      kind text not null check (kind in ('REGISTERED','RESIDENT')),
      dwelling_id uuid references dwelling(id),
      grid_id uuid references grid(id),
      community_id uuid references admin_area(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index household_grid_idx on household (grid_id);
    create index household_community_idx on household (community_id);
    create index household_dwelling_idx on household (dwelling_id);

    create table person (
      id uuid primary key default gen_random_uuid(),
      natural_key text not null unique,
      name text not null,
      name_norm text not null,
      sex text check (sex in ('M','F')),
      birth_date date,
      ethnicity text,
      -- keyed HMAC of the normalised 18-digit ID number; the ciphertext holds the clear value
      id_hash text unique,
      id_enc text,
      mobile_hash text,
      mobile_enc text,
      political_status text check (political_status in ('CPC_MEMBER','CPC_PROBATIONARY','CYL_MEMBER','MASSES','OTHER')),
      tags text[] not null default '{}',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index person_name_norm_idx on person (name_norm);
    create index person_mobile_hash_idx on person (mobile_hash);

    create table residency (
      id uuid primary key default gen_random_uuid(),
      natural_key text not null unique,
      person_id uuid not null references person(id),
      household_id uuid not null references household(id),
      relation text,
      category text not null check (category in ('REGISTERED','FLOATING')),
      valid_from date,
      valid_to date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (person_id, household_id)
    );
    create index residency_household_idx on residency (household_id);

    create table party_org (
      id uuid primary key default gen_random_uuid(),
      natural_key text not null unique,
      code text not null,
      name text not null,
      level text not null check (level in ('STREET_WORKING_COMMITTEE','COMMUNITY_COMMITTEE','GENERAL_BRANCH','BRANCH','GRID_BRANCH','BUILDING_GROUP')),
      parent_id uuid references party_org(id),
      area_id uuid references admin_area(id),
      grid_id uuid references grid(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index party_org_parent_idx on party_org (parent_id);
    create index party_org_area_idx on party_org (area_id);

    create table party_member (
      id uuid primary key default gen_random_uuid(),
      natural_key text not null unique,
      person_id uuid not null unique references person(id),
      party_org_id uuid references party_org(id),
      status text not null check (status in ('FULL','PROBATIONARY')),
      joined_on date,
      dual_registered boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index party_member_org_idx on party_member (party_org_id);

    create table contact_assignment (
      id uuid primary key default gen_random_uuid(),
      natural_key text not null unique,
      party_member_id uuid not null references party_member(id),
      grid_id uuid references grid(id),
      building_id uuid references building(id),
      valid_from date,
      valid_to date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index contact_assignment_member_idx on contact_assignment (party_member_id);
    create index contact_assignment_grid_idx on contact_assignment (grid_id);

    create table contact_assignment_household (
      assignment_id uuid not null references contact_assignment(id) on delete cascade,
      household_id uuid not null references household(id),
      primary key (assignment_id, household_id)
    );
    create index contact_assignment_household_household_idx on contact_assignment_household (household_id);

    create table staff_role (
      id uuid primary key default gen_random_uuid(),
      natural_key text not null unique,
      person_id uuid not null references person(id),
      role text not null check (role in ('GRID_WORKER','INFO_OFFICER','VOLUNTEER','BUILDING_LEADER')),
      scope text not null check (scope in ('GRID','COMMUNITY','STREET')),
      area_id uuid references admin_area(id),
      grid_id uuid references grid(id),
      valid_from date,
      valid_to date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index staff_role_person_idx on staff_role (person_id);
    create index staff_role_grid_idx on staff_role (grid_id);
    create index staff_role_area_idx on staff_role (area_id);

    create table duty_item (
      id uuid primary key default gen_random_uuid(),
      natural_key text not null unique,
      code text not null,
      street_id uuid not null references admin_area(id),
      name text not null,
      list_type text not null check (list_type in ('POWER','RESPONSIBILITY','BASIC_DUTY','ASSIST_DUTY','WITHDRAWN')),
      power_category text,
      basis text,
      responsible_unit text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (street_id, code)
    );

    create table case_record (
      id uuid primary key default gen_random_uuid(),
      natural_key text not null unique,
      source_system text not null,
      source_no text not null,
      kind text not null check (kind in ('APPEAL','INCIDENT','REPAIR','HOTLINE')),
      channel text,
      appeal_type text,
      category text,
      title text,
      content text,
      reporter_person_id uuid references person(id),
      area_id uuid references admin_area(id),
      grid_id uuid references grid(id),
      building_id uuid references building(id),
      address text,
      status text not null,
      urgent boolean not null default false,
      supervised boolean not null default false,
      joint boolean not null default false,
      returns_count integer not null default 0,
      satisfaction text check (satisfaction in ('SATISFIED','BASICALLY_SATISFIED','UNSATISFIED')),
      duty_item_id uuid references duty_item(id),
      reported_at timestamptz not null,
      due_at timestamptz,
      closed_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (source_system, source_no)
    );
    create index case_record_area_status_idx on case_record (area_id, status);
    create index case_record_grid_idx on case_record (grid_id);
    create index case_record_status_reported_idx on case_record (status, reported_at);
    create index case_record_reported_idx on case_record (reported_at);
    create index case_record_reporter_idx on case_record (reporter_person_id);
    create index case_record_duty_item_idx on case_record (duty_item_id);

    create table case_handler (
      case_id uuid not null references case_record(id) on delete cascade,
      organization_id uuid not null references organization(id),
      role text not null check (role in ('LEAD','ASSIST')),
      primary key (case_id, organization_id)
    );
    create index case_handler_org_idx on case_handler (organization_id);

    create table case_event (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references case_record(id) on delete cascade,
      seq integer not null,
      from_status text,
      to_status text not null,
      actor_org_id uuid references organization(id),
      at timestamptz not null,
      reason text,
      raw_status text,
      inferred boolean not null default false,
      unique (case_id, seq)
    );
    create index case_event_at_idx on case_event (at);

    create table activity (
      id uuid primary key default gen_random_uuid(),
      natural_key text not null unique,
      type text not null,
      title text not null,
      area_id uuid references admin_area(id),
      start_at timestamptz,
      end_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index activity_area_start_idx on activity (area_id, start_at);

    create table activity_organizer (
      activity_id uuid not null references activity(id) on delete cascade,
      organization_id uuid not null references organization(id),
      primary key (activity_id, organization_id)
    );

    create table activity_participant (
      activity_id uuid not null references activity(id) on delete cascade,
      person_id uuid not null references person(id),
      hours numeric(6,2),
      primary key (activity_id, person_id)
    );
    create index activity_participant_person_idx on activity_participant (person_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists activity_participant, activity_organizer, activity, case_event, case_handler,
      case_record, duty_item, staff_role, contact_assignment_household, contact_assignment, party_member,
      party_org, residency, person, household, dwelling, building, property_project, grid, organization,
      admin_area cascade;
  `.execute(db);
}
