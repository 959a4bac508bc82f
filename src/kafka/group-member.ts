/**
 * Emulated static membership for `huiju ingest` (kafkajs has no `group.instance.id`).
 *
 * Every worker has a stable **instance id** (`--instance`, `kafka.instanceId`, env
 * `KAFKA_INSTANCE_ID`; default the host name — two workers on one host need distinct ids). At
 * every join it stores the member id the coordinator gave it, keyed by (group, instance id)
 * (`ingest_member`). On start, before joining, a worker that finds a member id stored for its
 * (group, instance id) sends LeaveGroup for it ({@link leaveGroupOnBehalf}): when the previous run
 * was SIGKILLed, its member still holds its partitions until its session times out; removed, the
 * group rebalances at once and the restarted worker consumes within seconds. After a clean stop
 * the stored member already left; the coordinator answers UNKNOWN_MEMBER_ID and nothing happens.
 *
 * Two workers sharing an instance id would evict each other: the ids must be distinct (the
 * host-name default gives one worker per host). As a guard, the stored row names the host and
 * process that joined (with a random per-process token: a restarted container has the same
 * host name and often the same pid): a predecessor that is this very process, or a live process
 * on this host, is not evicted — the worker logs `INSTANCE_ID_IN_USE` and joins anyway, waiting for
 * the session timeout should that member really be gone.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kafka } from 'kafkajs';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import { loadMember, saveMember, type StoredMember } from './ingest-member.repository';
import { errorCode } from './error-code';
import { leaveGroupOnBehalf } from './leave-group-on-behalf';
import { isProcessAlive } from '../process-alive';

/** The worker's instance id: the configured one, or the host name. */
export function workerInstanceId(configured?: string): string {
  return configured ?? hostname();
}

/** Tells this process from an earlier one with the same host name and pid (a restarted container is often pid 1 again). */
const PROCESS_TOKEN = randomUUID();

/** Whether the process that stored `m` may still be running: it is this process, or a live one on this host. */
function mayBeAlive(m: StoredMember): boolean {
  if (m.processToken === PROCESS_TOKEN) return true;
  if (m.host !== hostname() || m.pid === process.pid) return false; // another host's, or an earlier incarnation of this one
  return isProcessAlive(m.pid);
}

/**
 * Removes the member this (group, instance) had before, if one is stored, its process is gone and
 * the coordinator still knows it. Never throws: a failure (PostgreSQL, the broker, kafkajs
 * internals) is logged and the worker joins anyway — it then waits out the old session, as
 * without this.
 */
export async function evictPredecessor(kafka: Kafka, db: Kysely<Database>, m: { group: string; instance: string; log: Logger }): Promise<void> {
  let memberId: string | null = null;
  try {
    const stored = await loadMember(db, m.group, m.instance);
    if (stored === null) return;
    memberId = stored.memberId;
    if (mayBeAlive(stored)) {
      m.log.warn({ instance: m.instance, memberId, pid: stored.pid, code: 'INSTANCE_ID_IN_USE' }, 'another live worker on this host runs under this instance id: not removing its member (give each worker its own --instance / KAFKA_INSTANCE_ID)');
      return;
    }
    const outcome = await leaveGroupOnBehalf(kafka, m.group, memberId);
    if (outcome === 'left') m.log.info({ instance: m.instance, memberId }, "removed this instance's previous member from the group (it did not leave: crashed or killed)");
    else m.log.debug({ instance: m.instance, memberId }, "this instance's previous member had already left the group");
  } catch (err) {
    m.log.warn({ instance: m.instance, memberId, code: errorCode(err) }, "could not remove this instance's previous member from the group: joining anyway (partitions it held wait for its session timeout)");
  }
}

/** Stores the member id of a join, with this process's host and pid (called on kafkajs `GROUP_JOIN`). Never throws; failures are logged. */
export async function rememberMember(db: Kysely<Database>, m: { group: string; instance: string; memberId: string; log: Logger }): Promise<void> {
  try {
    await saveMember(db, { group: m.group, instance: m.instance, memberId: m.memberId, host: hostname(), pid: process.pid, processToken: PROCESS_TOKEN });
  } catch (err) {
    m.log.warn({ instance: m.instance, memberId: m.memberId, code: errorCode(err) }, "could not store this worker's group member id (a restart after a crash will wait for the session timeout)");
  }
}
