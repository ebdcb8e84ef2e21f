import pino, { type DestinationStream, type Level, type Logger } from 'pino';
import { scrubError, scrubFields, scrubText } from './log-redaction';
import { currentTraceId } from './trace-context';

export type ServiceLogger = Logger;

export interface ServiceLoggerOptions {
  /** The `service` field of every line: `auth-service`, `projector`, `mailer`. */
  service: string;
  /** LOG_LEVEL: `fatal`, `error`, `warn`, `info` (or Nest's `log`), `debug`, `verbose`/`trace`. */
  level?: string;
  /** Where lines go; stdout (written synchronously) by default. */
  destination?: DestinationStream;
}

const LEVELS: readonly Level[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

/** LOG_LEVEL as pino names it; anything unknown is `info`. */
export function logLevelOf(name: string | undefined): Level | 'silent' {
  const level = (name ?? '').trim().toLowerCase();
  if (level === 'log') return 'info';
  if (level === 'verbose') return 'trace';
  if (level === 'silent') return 'silent';
  return LEVELS.includes(level as Level) ? (level as Level) : 'info';
}

/**
 * The one logger of a process: JSON lines (`time`, `level`, `service`, `msg`, the request's
 * `traceId` when one is being handled, and the fields given), with secrets and email addresses
 * redacted and control characters escaped (log-redaction.ts) before anything is written.
 */
export function createServiceLogger(options: ServiceLoggerOptions): ServiceLogger {
  return pino(
    {
      level: logLevelOf(options.level),
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Errors are already `{ type, message, stack }`, scrubbed, by the logMethod hook.
      serializers: { err: (err: unknown) => err },
      mixin: () => {
        const traceId = currentTraceId();
        return traceId === undefined ? {} : { traceId };
      },
      hooks: {
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          const clean: unknown[] = [
            first instanceof Error
              ? { err: scrubError(first) }
              : typeof first === 'string'
                ? scrubText(first)
                : scrubFields(first),
            ...rest.map((arg) => (typeof arg === 'string' ? scrubText(arg) : arg)),
          ];
          return method.apply(this, clean as Parameters<typeof method>);
        },
      },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

let fallback: ServiceLogger | undefined;

/**
 * For a library's log lines when its caller gave it no logger: the same JSON lines, `service`
 * from LOG_SERVICE (else `tangle-auth`), level from LOG_LEVEL.
 */
export function fallbackLogger(context: string): ServiceLogger {
  fallback ??= createServiceLogger({
    service: process.env.LOG_SERVICE || 'tangle-auth',
    level: process.env.LOG_LEVEL,
  });
  return fallback.child({ context });
}
