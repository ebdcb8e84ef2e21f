import type { LoggerService, LogLevel } from '@nestjs/common';
import type { Level } from 'pino';
import type { ServiceLogger } from './service-logger';

const STACK_FRAME = /\n\s+at /;

const NEST_TO_PINO: Record<LogLevel, Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/**
 * Nest's logger routed through the service logger: `new Logger('Http').error(…)` anywhere in
 * the service writes the same JSON line, its Nest context as `context`. A message may be a
 * string, an Error (logged as `err`) or an object of fields (its `msg`, if any, is the message).
 */
export class NestServiceLogger implements LoggerService {
  constructor(private readonly logger: ServiceLogger) {}

  log(message: unknown, ...optional: unknown[]): void {
    this.write('log', message, optional);
  }

  error(message: unknown, ...optional: unknown[]): void {
    this.write('error', message, optional);
  }

  warn(message: unknown, ...optional: unknown[]): void {
    this.write('warn', message, optional);
  }

  debug(message: unknown, ...optional: unknown[]): void {
    this.write('debug', message, optional);
  }

  verbose(message: unknown, ...optional: unknown[]): void {
    this.write('verbose', message, optional);
  }

  fatal(message: unknown, ...optional: unknown[]): void {
    this.write('fatal', message, optional);
  }

  private write(level: LogLevel, message: unknown, optional: unknown[]): void {
    const target = NEST_TO_PINO[level];
    if (!this.logger.isLevelEnabled(target)) return;
    const params = [...optional];
    // Nest appends the context last; `error` may put a stack before it.
    let context =
      params.length > 0 && typeof params[params.length - 1] === 'string'
        ? (params.pop() as string)
        : undefined;
    let stack: string | undefined;
    if (level === 'error' || level === 'fatal') {
      if (typeof params[0] === 'string') stack = params[0];
      else if (context !== undefined && STACK_FRAME.test(context)) {
        // `error(message, stack)` with no context: what came last was the stack.
        stack = context;
        context = undefined;
      }
    }
    const fields: Record<string, unknown> = context === undefined ? {} : { context };
    let text: string | undefined;
    if (message instanceof Error) {
      fields.err = message;
      text = message.message;
    } else if (message !== null && typeof message === 'object') {
      const { msg, ...rest } = message as Record<string, unknown>;
      Object.assign(fields, rest);
      text = typeof msg === 'string' ? msg : undefined;
    } else {
      text = String(message);
    }
    if (stack !== undefined) fields.stack = stack;
    this.logger[target](fields, text);
  }
}
