import { type Kysely, sql } from 'kysely';

/**
 * Access control (src/auth):
 * - `api_key`: service accounts' API keys, stored as a SHA-256 hash of the secret (the secret is
 *   shown once, at creation); each key carries a role, an area scope, an optional organisation and,
 *   for APP keys, the GraphQL operations it may run.
 * - `access_log`: append-only record of clear reads of personal information (`revealPerson`) and
 *   other audited acts; written in the same transaction as the act (no row, no reveal). Updates and
 *   deletes are refused by a trigger.
 * - `actor` on `entity_merge` and `match_review`: who merged, undid or dismissed.
 *
 * Frozen once landed: change the schema in a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table api_key (
      id uuid primary key default gen_random_uuid(),
      name text not null,
      -- first characters of the secret, to tell keys apart in listings (never enough to use)
      prefix text not null,
      secret_hash text not null unique,
      role text not null,
      area_scope text[] not null default '{}',
      org_id uuid,
      operations text[],
      created_by text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      revoked_at timestamptz,
      last_used_at timestamptz
    );

    create table access_log (
      id uuid primary key default gen_random_uuid(),
      at timestamptz not null default now(),
      actor text not null,
      role text not null,
      action text not null,
      entity text,
      entity_id uuid,
      fields text[] not null default '{}',
      reason text not null,
      request_id text
    );
    create index access_log_at_idx on access_log (at desc);
    create index access_log_actor_idx on access_log (actor, at desc);

    create function access_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'access_log is append-only' using errcode = '42501';
    end $$;
    create trigger access_log_no_change before update or delete on access_log
      for each row execute function access_log_append_only();

    alter table entity_merge add column actor text;
    alter table entity_merge add column undone_by text;
    alter table match_review add column resolved_by text;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table match_review drop column resolved_by;
    alter table entity_merge drop column undone_by;
    alter table entity_merge drop column actor;
    drop table access_log;
    drop function access_log_append_only();
    drop table api_key;
  `.execute(db);
}
