import { type Kysely, sql } from 'kysely';

/**
 * Identity matching beyond natural keys (DOMAIN.md §4):
 *
 * - `match_review`: the review queue. A record whose identity evidence was ambiguous (several
 *   candidates) or weak became a new row (`entity_id`); the candidates it might be are listed for
 *   an operator to merge or dismiss. Evidence says which fields agreed, never their values.
 * - `entity_merge`: an operator's merge of one row (`source_id`) into another (`target_id`), with
 *   everything needed to undo it exactly: the removed row, the references and lineage it moved,
 *   and the rows it had to drop because the target already had them.
 * - `entity_key_alias`: natural keys of merged-away rows, so later records of them land on the
 *   row they were merged into.
 * - `case_link`: cross-channel duplicates of one matter (an appeal and its 12345 copy) are
 *   linked, never merged; the pair is stored once, lower id first.
 *
 * Frozen once landed: change the schema in a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table entity_merge (
      id uuid primary key default gen_random_uuid(),
      entity text not null,
      target_id uuid not null,
      source_id uuid not null,
      -- the merged-away row as it was, every column
      source_row jsonb not null,
      -- {"<table>.<column>": [row ids moved from source to target], …}
      moved jsonb not null default '{}',
      -- rows removed because the target already had the same one: {"<table>": [rows as they were]}
      dropped jsonb not null default '{}',
      status text not null default 'MERGED' check (status in ('MERGED','UNDONE')),
      created_at timestamptz not null default now(),
      undone_at timestamptz
    );
    create index entity_merge_target_idx on entity_merge (entity, target_id);

    create table entity_key_alias (
      entity text not null,
      alias_key text not null,
      entity_id uuid not null,
      merge_id uuid not null references entity_merge(id),
      created_at timestamptz not null default now(),
      primary key (entity, alias_key)
    );
    create index entity_key_alias_merge_idx on entity_key_alias (merge_id);

    create table match_review (
      id uuid primary key default gen_random_uuid(),
      entity text not null,
      -- the row the incoming record became
      entity_id uuid not null,
      -- the existing rows it might be
      candidate_ids uuid[] not null,
      source text not null,
      stream text not null,
      external_id text not null,
      reason text not null check (reason in ('AMBIGUOUS','WEAK_MATCH')),
      -- which identity fields agreed with the candidates: {"name":true,"mobile":false,…}
      evidence jsonb not null default '{}',
      status text not null default 'OPEN' check (status in ('OPEN','MERGED','DISMISSED')),
      merge_id uuid references entity_merge(id),
      created_at timestamptz not null default now(),
      resolved_at timestamptz,
      unique (entity, entity_id, source, stream, external_id)
    );
    create index match_review_status_idx on match_review (status, created_at);

    create table case_link (
      id uuid primary key default gen_random_uuid(),
      case_id uuid not null references case_record(id) on delete cascade,
      linked_case_id uuid not null references case_record(id) on delete cascade,
      method text not null,
      confidence numeric(4,3) not null check (confidence >= 0 and confidence <= 1),
      created_at timestamptz not null default now(),
      unique (case_id, linked_case_id),
      check (case_id < linked_case_id)
    );
    create index case_link_linked_idx on case_link (linked_case_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists case_link, match_review, entity_key_alias, entity_merge cascade;`.execute(db);
}
