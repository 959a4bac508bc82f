/**
 * The one error class of the hub. Every error the hub raises on purpose carries a stable
 * `code` (SCREAMING_SNAKE_CASE) that callers, logs, dead letters and GraphQL errors use;
 * `message` is for people and must never contain personal information.
 */
export class HuijuError extends Error {
  /** Stable machine-readable code, e.g. `CONFIG_INVALID`, `ILLEGAL_TRANSITION`. */
  readonly code: string;
  /** Extra structured detail (field names, limits); never personal information. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HuijuError';
    this.code = code;
    this.details = Object.freeze({ ...details });
  }
}

/** True when `err` is a {@link HuijuError}, optionally with the given code. */
export function isHuijuError(err: unknown, code?: string): err is HuijuError {
  return err instanceof HuijuError && (code === undefined || err.code === code);
}
