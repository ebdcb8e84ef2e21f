import { fallbackLogger } from '@tangle/platform';

/** What the messaging pieces log through; fields stay JSON-safe (no bigints, no Errors). */
export interface MessagingLogger {
  error(obj: object, msg: string): void;
  warn?(obj: object, msg: string): void;
  info?(obj: object, msg: string): void;
}

/** Where the messaging pieces log when their caller gave no logger: the service's JSON lines. */
export const defaultMessagingLogger: MessagingLogger = {
  error: (obj, msg) => fallbackLogger('Messaging').error(obj, msg),
  warn: (obj, msg) => fallbackLogger('Messaging').warn(obj, msg),
  info: (obj, msg) => fallbackLogger('Messaging').info(obj, msg),
};

export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
