import { parseCitizenId } from '../domain/citizen-id';
import { parseMobile } from '../domain/mobile';
import { isHuijuError } from '../errors';
import { change, reference, type ActivityInput, type CanonicalChange } from './canonical-change';
import type { JsonValue, ReadMessage } from './connector';

/**
 * Per-participation sources (志愿服务时长 sheets, sign-in lists): one row per (activity, person).
 * An `activity` change carries its whole participant set — the write path replaces the stored set
 * with it — so such rows must be grouped into one record per activity. Grouping them by hand has
 * a trap: one bad row (a mistyped ID number) makes the write path reject the activity change, and
 * the whole activity becomes one dead letter. {@link groupParticipations} checks every row first:
 * a bad row is a `failed` message of its own (a dead letter with the row's reason), and the
 * activity is written with the good rows' participants.
 */

/** One participation of an activity, as `ActivityInput.participants` holds it. */
export type Participation = NonNullable<ActivityInput['participants']>[number];

/** How a source's per-participation rows read. `R` is the row as the stream reads it. */
export interface ParticipationSpec<R> {
  /** The activity the row belongs to: its key within the source (`ActivityInput.key`). */
  activityKey(row: R): string;
  /**
   * The activity's own fields, from a row. Rows of one activity repeat them; the first good row's
   * are used. Throw `RecordError` for a row that cannot say them.
   */
  activity(row: R): Omit<ActivityInput, 'key' | 'participants'>;
  /**
   * The row's participant: `personIdNumber`, else `person` (name + mobile or birth date), and the
   * `hours` served as a number (`null` when the source recorded none). Throw `RecordError` for a
   * row that cannot say them.
   */
  participant(row: R): Participation;
  /**
   * Also send each participant as `reference('person', …)` (name with ID number, mobile or birth
   * date), so a person the hub does not know yet is created from the row rather than leaving the
   * activity waiting for them (`UNRESOLVED_REFERENCE`). Default `false`: participants must be
   * people another source loads.
   */
  referPeople?: boolean;
}

/** The record {@link groupParticipations} yields: one activity's rows, as the source gave them. */
export interface ParticipationGroup<R> {
  activityKey: string;
  rows: R[];
  /**
   * The version the rows were read under (a file's export time), for the stream's `version()`:
   * `(g, readAt) => g.version ?? readAt`. Without one, every run is a newer version and writes
   * the activity again.
   */
  version?: string;
}

/** A row read from the source, with where it was. */
export interface PositionedRow<R> {
  data: R;
  position?: Record<string, JsonValue>;
}

/** Why a row cannot be used, or `null`. Same reason codes as the write path's. */
export function participationProblem<R>(row: R, spec: ParticipationSpec<R>): { reason: string; message: string } | null {
  try {
    if (String(spec.activityKey(row) ?? '').trim() === '') return { reason: 'MISSING_FIELD', message: 'the activity key is missing' };
    const activity = spec.activity(row);
    if (!String(activity.type ?? '').trim()) return { reason: 'MISSING_FIELD', message: 'the activity type is missing' };
    if (!String(activity.title ?? '').trim()) return { reason: 'MISSING_FIELD', message: 'the activity title is missing' };
    const p = spec.participant(row);
    if (p.hours !== null && p.hours !== undefined && (typeof p.hours !== 'number' || !Number.isFinite(p.hours) || p.hours < 0)) {
      return { reason: 'INVALID_VALUE', message: 'hours: not a number of hours' };
    }
    const id = String(p.personIdNumber ?? '').trim();
    if (id !== '') {
      const parsed = parseCitizenId(id);
      return parsed.ok ? null : { reason: parsed.reason, message: `personIdNumber: ${parsed.message}` };
    }
    const person = p.person ?? {};
    if (String(person.idNumber ?? '').trim() !== '') {
      const parsed = parseCitizenId(String(person.idNumber));
      return parsed.ok ? null : { reason: parsed.reason, message: `person.idNumber: ${parsed.message}` };
    }
    if (String(person.name ?? '').trim() === '') return { reason: 'MISSING_FIELD', message: 'the participant has no ID number and no name' };
    const mobile = String(person.mobile ?? '').trim();
    if (mobile !== '') {
      const parsed = parseMobile(mobile);
      if (!parsed.ok) return { reason: parsed.reason, message: parsed.message };
      return null;
    }
    if (String(person.birthDate ?? '').trim() === '') return { reason: 'MISSING_FIELD', message: 'the participant has no ID number, and no mobile or birth date with the name' };
    return null;
  } catch (err) {
    if (isHuijuError(err)) return { reason: err.code, message: err.message };
    throw err;
  }
}

/**
 * Groups per-participation rows into one record per activity, in the order activities first
 * appear. Every row is checked first ({@link participationProblem}); a bad row becomes a `failed`
 * message alone — `raw` is `{ activityKey, rows: [row] }`, the record's shape, so the stream's
 * `personalFields` (`rows.<column>`) mask it too — and never holds back the others. Records are
 * {@link ParticipationGroup}s; map them with {@link participationChanges}. Give it the rows of a
 * whole export (a file) and, as `version`, the export's time: an activity split over two reads
 * would be written twice, the second write replacing the first one's participants.
 */
export function groupParticipations<R>(rows: Iterable<PositionedRow<R>>, spec: ParticipationSpec<R>, options: { version?: string } = {}): ReadMessage[] {
  const groups = new Map<string, { rows: R[]; position?: Record<string, JsonValue> }>();
  const failed: ReadMessage[] = [];
  for (const { data, position } of rows) {
    const problem = participationProblem(data, spec);
    let key = '';
    try {
      key = String(spec.activityKey(data) ?? '').trim();
    } catch {
      // reported as the row's problem
    }
    if (problem) {
      failed.push({ type: 'failed', reason: problem.reason, message: problem.message, raw: { activityKey: key, rows: [data] } as unknown as JsonValue, ...(position ? { position } : {}) });
      continue;
    }
    const group = groups.get(key);
    if (group) group.rows.push(data);
    else groups.set(key, { rows: [data], ...(position ? { position } : {}) });
  }
  const records: ReadMessage[] = [...groups.entries()].map(([activityKey, g]) => ({
    type: 'record',
    data: { activityKey, rows: g.rows, ...(options.version ? { version: options.version } : {}) } satisfies ParticipationGroup<R>,
    ...(g.position ? { position: { ...g.position, rows: g.rows.length } } : {}),
  }));
  return [...failed, ...records];
}

/**
 * `map()` of a {@link ParticipationGroup}: the `activity` change with every row's participant (the
 * whole set), plus — with `referPeople` — a `reference('person', …)` per participant named with
 * enough to identify them. Rows that fail {@link participationProblem} are left out (they were
 * reported when read).
 */
export function participationChanges<R>(group: ParticipationGroup<R>, spec: ParticipationSpec<R>): CanonicalChange[] {
  const good = group.rows.filter((r) => participationProblem(r, spec) === null);
  const first = good[0] ?? group.rows[0];
  if (first === undefined) return [];
  const participants = good.map((r) => spec.participant(r));
  const changes: CanonicalChange[] = [change('activity', { ...spec.activity(first), key: group.activityKey, participants })];
  if (spec.referPeople) {
    for (const p of participants) {
      const name = String(p.person?.name ?? '').trim();
      if (name === '') continue;
      const idNumber = p.personIdNumber ?? p.person?.idNumber ?? null;
      changes.push(reference('person', { name, idNumber, ...(p.person?.mobile ? { mobile: p.person.mobile } : {}), ...(p.person?.birthDate ? { birthDate: p.person.birthDate } : {}) }));
    }
  }
  return changes;
}
