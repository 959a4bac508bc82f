/**
 * LeaveGroup sent for **another** member of a consumer group — the one thing kafkajs cannot do
 * through its public API, isolated here.
 *
 * Why: kafkajs (2.2.x, the last release) has no static membership (KIP-345, `group.instance.id`).
 * A worker killed without leaving keeps its partitions until its session times out, and its
 * restarted successor idles that long (measured: 28.7–31.3 s with a 30 s session). The coordinator
 * accepts LeaveGroup for any member id of the group, so a successor that knows its predecessor's
 * member id (stored in PostgreSQL at every join, `ingest-member.repository.ts`) removes it at once.
 *
 * How, and what it leans on: the {@link Kafka} instance builds one kafkajs `Cluster` per client
 * with the brokers, TLS, SASL, timeouts, retry and logger it was created with (client.ts); that
 * factory is a method under a private symbol (`private:Kafka:createCluster`, kafkajs
 * src/index.js). Calling it — rather than building a `Cluster` by a deep import with options
 * copied from client.ts — keeps one source of connection settings. From the cluster, only typed
 * members are used (`connect`, `findGroupCoordinator`, `disconnect`) plus the coordinator broker's
 * `leaveGroup({ groupId, memberId })` (kafkajs src/broker/index.js, what a consumer's own leave
 * sends). When a kafkajs upgrade moves any of these, {@link leaveGroupOnBehalf} throws
 * `KAFKA_INTERNALS_CHANGED` and the caller goes on without it: rejoining then takes the session
 * timeout again, nothing breaks. `test/integration/kafka-rejoin.test.ts` measures the effect.
 */
import type { Cluster, Kafka } from 'kafkajs';
import { HuijuError } from '../errors';

/** The coordinator's part of a kafkajs broker this module uses (not in kafkajs's types). */
interface CoordinatorBroker {
  leaveGroup(request: { groupId: string; memberId: string }): Promise<unknown>;
}

type CreateCluster = (options: { allowAutoTopicCreation: boolean }) => Cluster;

/** The `Kafka` instance's own cluster factory, found by its symbol's description. */
function clusterFactory(kafka: Kafka): CreateCluster {
  const key = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const factory = key === undefined ? undefined : (kafka as unknown as Record<symbol, unknown>)[key];
  if (typeof factory !== 'function') throw new HuijuError('KAFKA_INTERNALS_CHANGED', 'kafkajs no longer has the cluster factory this hub uses to leave a group on behalf of a dead member');
  return factory as CreateCluster;
}

/**
 * Asks `groupId`'s coordinator to remove member `memberId` (a dead predecessor), as if it had left
 * itself. Resolves `'left'`, or `'unknown'` when the coordinator no longer knows the member (it
 * left or timed out already — the usual case after a clean stop). Other failures reject; callers
 * log them and go on.
 */
export async function leaveGroupOnBehalf(kafka: Kafka, groupId: string, memberId: string): Promise<'left' | 'unknown'> {
  const cluster = clusterFactory(kafka)({ allowAutoTopicCreation: false });
  try {
    await cluster.connect();
    const coordinator = (await cluster.findGroupCoordinator({ groupId })) as unknown as Partial<CoordinatorBroker>;
    if (typeof coordinator.leaveGroup !== 'function') throw new HuijuError('KAFKA_INTERNALS_CHANGED', 'kafkajs brokers no longer have leaveGroup');
    await coordinator.leaveGroup({ groupId, memberId });
    return 'left';
  } catch (err) {
    if ((err as { type?: unknown } | null)?.type === 'UNKNOWN_MEMBER_ID') return 'unknown';
    throw err;
  } finally {
    await cluster.disconnect().catch(() => {});
  }
}
