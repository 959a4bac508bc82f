import { type Kysely, sql } from 'kysely';

/**
 * Case flow (业务协同流转) as mutations (src/flow):
 * - `case_record.version`: optimistic concurrency. A trigger adds 1 whenever the case's flow state
 *   changes (status, returns, flags, satisfaction, due and closing times), whoever writes it (a hub
 *   move or a source sync through the write path), so a caller that states the version it saw
 *   learns of any such change since. Other updates (a merge re-pointing the reporter, a new title)
 *   leave it, so undoing a merge still restores the row exactly.
 * - `case_command`: the idempotency keys of hub moves. A retried move with the same key finds
 *   its row and returns the case instead of applying twice; the row is written in the move's
 *   transaction, so a refused move leaves no key behind. Also the hub's journal of moves.
 *
 * Frozen once landed: change the schema in a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table case_record add column version integer not null default 1;

    create function case_record_bump_version() returns trigger language plpgsql as $$
    begin
      new.version := old.version + 1;
      return new;
    end $$;
    create trigger case_record_version before update on case_record
      for each row
      when ((old.status, old.returns_count, old.urgent, old.supervised, old.joint, old.satisfaction, old.due_at, old.closed_at)
        is distinct from (new.status, new.returns_count, new.urgent, new.supervised, new.joint, new.satisfaction, new.due_at, new.closed_at))
      execute function case_record_bump_version();

    create table case_command (
      idempotency_key text primary key,
      case_id uuid not null references case_record(id) on delete cascade,
      command text not null,
      subject text not null,
      -- as the move named it; no foreign key: the journal records what was said and does not follow merges
      actor_org_id uuid,
      result_version integer not null,
      at timestamptz not null default now()
    );
    create index case_command_case_idx on case_command (case_id, at);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table case_command;
    drop trigger case_record_version on case_record;
    drop function case_record_bump_version();
    alter table case_record drop column version;
  `.execute(db);
}
