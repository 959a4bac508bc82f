import { HuijuError } from '../errors';

/**
 * Why a connector failed, which decides what the hub does next (after Airbyte's failure types):
 * - `config`: the configuration is wrong (bad URL, bad credentials). Retrying will not help; the
 *   user must fix the config. The sync run fails with this message.
 * - `transient`: the source is busy or unreachable for now (timeout, 429, 5xx). The hub retries
 *   with backoff and, if it keeps failing, fails the run; the cursor stays where it was.
 * - `source`: the source sent something the connector cannot read as a whole (schema drift, a
 *   file that is not a table). That file/page fails; other streams and sources go on.
 * - `system`: a bug or an unexpected state in the connector or the hub.
 */
export type FailureKind = 'config' | 'transient' | 'source' | 'system';

/** An error a connector raises on purpose: a failure kind, a code, a user message and internal detail. */
export class ConnectorError extends HuijuError {
  readonly kind: FailureKind;
  /** For logs and operators; may name URLs and file paths, never personal information. */
  readonly internalMessage: string | undefined;

  constructor(kind: FailureKind, code: string, userMessage: string, options: { internalMessage?: string; cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(code, userMessage, { kind, ...(options.details ?? {}) }, { cause: options.cause });
    this.kind = kind;
    this.internalMessage = options.internalMessage;
  }
}

/** True when `err` is a {@link ConnectorError} (of the given kind). */
export function isConnectorError(err: unknown, kind?: FailureKind): err is ConnectorError {
  return err instanceof ConnectorError && (kind === undefined || err.kind === kind);
}

/**
 * Thrown from `map()` (or a transport's parser) when one record cannot be used. The hub stores
 * the record as a dead letter with this reason code (`MISSING_FIELD`, `INVALID_ID_CHECKSUM`,
 * `UNKNOWN_EVENT_TYPE`, …) and goes on with the next record.
 */
export class RecordError extends HuijuError {
  constructor(reason: string, message: string) {
    super(reason, message, { stage: 'MAP' });
  }
}
