import type { CreatedAt } from './common';

/**
 * The member id a `huiju ingest` worker instance had when it last joined its consumer group
 * (migration `20261206_110000_ingest_member`; src/kafka/group-member.ts).
 */
export interface IngestMemberTable {
  consumer_group: string;
  /** The worker's stable name (`--instance`, `kafka.instanceId`, default the host name). */
  instance_id: string;
  /** The member id the group coordinator gave it at its last join. */
  member_id: string;
  /** Host name, process id and a random per-process token of the worker that joined. */
  host: string;
  pid: number;
  process_token: string;
  joined_at: CreatedAt;
}
