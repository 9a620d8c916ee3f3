/** One log call: fields (the implementation redacts them) and a message, or a message alone. */
export interface LogFn {
  (fields: object, message?: string): void;
  (message: string): void;
}

/**
 * Structured logging as the use cases, adapters and handlers see it; pino answers it
 * (src/platform/logger.ts), so the ports need nothing below them.
 *
 * @example logger.child({ messageId }).warn({ reason }, 'message dead-lettered')
 */
export interface Logger {
  /** The lowest level written (`info` by default); a worker thread gets the same. */
  level: string;
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}
