import { type Kysely, sql } from 'kysely';

/**
 * Indexes that give a parent's nested page in its default order (#16): `Grid.households` (by
 * household number) and `Grid.cases` (newest first) read each parent's page in a lateral subquery
 * cut at `first + 1`; with the index on the parent key alone PostgreSQL read every household (case)
 * of each grid and sorted them before cutting — for 15 grids of the `ci` demo 4.7 ms, 0.75 ms with
 * the ordered index, and a grid's cases grow with time. Each replaces the parent key's own index
 * (it serves those lookups too), so the write path maintains as many indexes as before.
 *
 * Frozen once landed: change the schema in a new migration.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index household_grid_no_idx on household (grid_id, household_no, id);
    drop index household_grid_idx;
    create index case_record_grid_reported_idx on case_record (grid_id, reported_at, id);
    drop index case_record_grid_idx;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    create index case_record_grid_idx on case_record (grid_id);
    drop index case_record_grid_reported_idx;
    create index household_grid_idx on household (grid_id);
    drop index household_grid_no_idx;
  `.execute(db);
}
