import { pino, type DestinationStream } from 'pino';
import type { Logger } from '../ports/logger.js';
import { maskText, redact } from './redact.js';
import { environment } from '../shared/config.js';

export type { Logger } from '../ports/logger.js';

export interface LoggerOptions {
  /** Function or component name, logged as `service`. */
  service?: string;
  level?: string;
  /** Where lines go; defaults to stdout (CloudWatch on Lambda). */
  destination?: DestinationStream;
}

/**
 * Structured JSON logger. Every object passed to it is redacted
 * (secret keys, emails, phone numbers) before it is written.
 *
 * @example const log = createLogger({ service: 'client_ingest' }).child({ messageId });
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? environment().LOG_LEVEL ?? 'info',
      base: { service: options.service ?? 'fluxo' },
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (object) => redact(object) as Record<string, unknown>,
        bindings: (bindings) => redact(bindings) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((arg) => (typeof arg === 'string' ? maskText(arg) : arg)) as Parameters<typeof method>;
          method.apply(this, masked);
        },
      },
    },
    options.destination ?? pino.destination({ sync: true }),
  );
}

/** A logger that writes nothing: for tests and CLI commands whose stdout is data. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
