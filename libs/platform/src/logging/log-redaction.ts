import { printable } from './printable';

/** What stands in a log line for a redacted value. */
export const REDACTED = '[redacted]';

/** What stands in a log line for an email address. */
export const EMAIL_MASK = '[email]';

/**
 * Field names (compared lower-case, without `_` or `-`) whose values never reach a log line:
 * credentials, one-time codes, and personal data the account deletion could not erase from a log.
 */
const SECRET_NAMES = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'code',
  'codes',
  'backupcode',
  'backupcodes',
  'verificationcode',
  'otp',
  'totp',
  'link',
  'email',
  'newemail',
  'oldemail',
  'emailaddress',
  'phone',
  'phonenumber',
]);

const SECRET_PARTS = ['password', 'passphrase', 'secret', 'token', 'apikey', 'privatekey'];

/** An email address in free text: letters of any script, digits and the usual punctuation. */
const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

/** `Bearer <token>` (RFC 6750) or `Basic <credentials>` in free text. */
const CREDENTIALS = /\b(Bearer|Basic)\s+[\x21-\x7e]+/gi;

const MAX_DEPTH = 6;

/** Whether a field of this name is left out of log lines whatever it holds. */
export function isSecretField(name: string): boolean {
  const key = name.toLowerCase().replace(/[-_]/g, '');
  return SECRET_NAMES.has(key) || SECRET_PARTS.some((part) => key.includes(part));
}

/**
 * Free text as a log line may hold it: email addresses masked, credentials after `Bearer` or
 * `Basic` redacted, and every control or invisible character escaped (`printable`).
 */
export function scrubText(text: string): string {
  return printable(
    text
      .replace(EMAIL, EMAIL_MASK)
      .replace(CREDENTIALS, (_all, scheme: string) => `${scheme} ${REDACTED}`),
  );
}

/**
 * A log line's fields made safe: secret fields redacted at any depth, strings scrubbed, errors
 * turned into `{ type, message, stack }` with their text scrubbed too.
 */
export function scrubFields(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (value instanceof Error) return scrubError(value);
  if (Array.isArray(value)) return value.map((item) => scrubFields(item, depth + 1));
  if (value instanceof Date) return value;
  const clean: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    clean[key] = isSecretField(key)
      ? REDACTED
      : key === 'stack' && typeof field === 'string'
        ? scrubStack(field)
        : scrubFields(field, depth + 1);
  }
  return clean;
}

export function scrubError(error: Error): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  return {
    type: error.name,
    message: scrubText(error.message),
    ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}),
    ...(error.stack ? { stack: scrubStack(error.stack) } : {}),
  };
}

/** A stack trace keeps its line breaks before `at` frames; the rest is scrubbed. */
export function scrubStack(stack: string): string {
  return stack
    .split(/\n(?=\s+at )/)
    .map(scrubText)
    .join('\n');
}
