/**
 * Event-log transport for connectors: read a Kafka topic from the hub-stored offsets up to the
 * end offsets seen at the start (a bounded, resumable read per sync run), or the same messages
 * from a JSON Lines file. Both yield the connector SDK's read messages — records (values parsed as
 * JSON objects), parse failures with reason codes, and checkpoints with a `{ "<partition>":
 * nextOffset }` cursor. No kafkajs type leaves this folder. See README.md in this folder.
 */
export { readTopicToEnd, type ReadTopicOptions } from './topic-reader';
export { readJsonLinesLog, countJsonLines, type ReadJsonLinesLogOptions } from './json-lines-log';
export { probeTopic, type TopicProbe } from './topic-probe';
export { decodeJsonMessage, MESSAGE_FAILURE_REASONS, MAX_RAW_CHARS, MAX_OVERSIZE_RAW_CHARS, type DecodedMessage, type MessageFailureReason, type UndecodableMessage } from './json-message';
export { offsetsCursor, parseOffsetsCursor, type PartitionOffsets } from './offsets-cursor';
export type { KafkaConnectionOptions } from './kafka-connection';
export { kafkaSaslSchema, kafkaTlsSchema, SASL_MECHANISMS, type KafkaSaslSettings, type KafkaSecuritySettings, type KafkaTlsSettings, type SaslMechanism } from './kafka-security';
