import type { Logger } from '../logger';
import type { KafkaLogSink } from './client';

/** Sends kafkajs log lines to the hub's logger (errors and warnings as such, the rest at debug). */
export function kafkaLogSink(log: Logger): KafkaLogSink {
  const child = log.child({ component: 'kafka' });
  return (line) => {
    const fields = { namespace: line.namespace, ...line.extra };
    if (line.level === 'error') child.error(fields, line.message);
    else if (line.level === 'warn') child.warn(fields, line.message);
    else child.debug(fields, line.message);
  };
}
