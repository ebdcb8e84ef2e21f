/**
 * Which actions are rate limited, by what key, and how much by default.
 * `addr` limits count by client address (IPv6 grouped by /64), `account` limits
 * by the account tried, whatever address the tries come from.
 *
 * The account limits of the mail and code doors are off by default: a stranger
 * who knows an address could use them up and refuse the owner. Those doors are
 * bounded per account by the domain instead (a code dies after five wrong
 * guesses; a new code or link waits longer with each one of the day).
 */
export const RATE_LIMIT_DEFAULTS = {
  'sign-in': { addr: '30/5m', account: '10/15m' },
  'sign-up': { addr: '10/1h' },
  registration: { addr: '10/1h' },
  'email-link-login': { addr: '20/15m', account: 'off' },
  'reset-request': { addr: '10/1h', account: 'off' },
  'reset-confirm': { addr: '20/15m', account: 'off' },
  verify: { addr: '20/15m', account: 'off' },
  resend: { addr: '10/1h', account: 'off' },
  refresh: { addr: '120/1m' },
  'account-deletion': { addr: '30/1h', account: '10/1h' },
  'invite-lookup': { addr: '30/1m', account: '60/1m' },
  'invite-use': { addr: '30/1m', account: '30/1m' },
  'invite-create': { addr: '60/1h', account: '100/1h' },
  // Passkeys: sign-in options (a challenge, nothing stored), assertions, and a signed-in
  // user's registrations (options and verification each count).
  'passkey-options': { addr: '60/5m' },
  'passkey-sign-in': { addr: '30/5m' },
  'passkey-register': { addr: '30/1h', account: '20/1h' },
  'security-history': { addr: '120/1m' },
  takeout: { addr: '10/1h', account: '5/1d' },
  'takeout-download': { addr: '30/15m' },
  oauth: { addr: '30/5m' },
  /** Second-factor codes (sign-in, MFA ticket, email link, setup and turning off). */
  totp: { addr: '30/15m', account: '5/15m' },
  'qr-login': { addr: '30/15m' },
  'qr-answer': { addr: '30/15m', account: '20/15m' },
  'change-password': { addr: '20/15m', account: '10/15m' },
  'change-email': { addr: '10/1h', account: '10/1d' },
  'email-undo': { addr: '20/15m' },
} as const satisfies Record<string, { addr: string; account?: string }>;

export type RateLimitAction = keyof typeof RATE_LIMIT_DEFAULTS;
export type RateLimitScope = 'addr' | 'account';

export const RATE_LIMIT_ACTIONS = Object.keys(RATE_LIMIT_DEFAULTS) as RateLimitAction[];

/** At most `count` tries per `windowMs`. */
export interface RateLimitRule {
  count: number;
  windowMs: number;
}

/** Each action's rule per scope; null turns that one limit off. */
export type RateLimitRules = {
  [A in RateLimitAction]: { [S in RateLimitScope]?: RateLimitRule | null };
};

export interface RateLimitConfig {
  /** false: RATE_LIMITS=off, nothing is limited. */
  enabled: boolean;
  rules: RateLimitRules;
}
export const RATE_LIMIT_CONFIG = Symbol('RateLimitConfig');

/** The scopes an action is limited in, address first. */
export function scopesOf(action: RateLimitAction): RateLimitScope[] {
  return Object.keys(RATE_LIMIT_DEFAULTS[action]) as RateLimitScope[];
}

/** `RATE_LIMIT_SIGN_IN_ACCOUNT` for ('sign-in', 'account'). */
export function rateLimitVariable(action: RateLimitAction, scope: RateLimitScope): string {
  return `RATE_LIMIT_${action.toUpperCase().replace(/-/g, '_')}_${scope.toUpperCase()}`;
}

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_WINDOW_MS = 7 * UNIT_MS.d;

/**
 * `count/window`, the window a number with a unit (ms, s, m, h, d): `10/15m`, `5/1h`.
 * `off` gives null. Throws an Error naming the expected form for anything else.
 */
export function parseRateLimitRule(raw: string): RateLimitRule | null {
  const text = raw.trim();
  if (text === 'off') return null;
  const match = /^(\d+)\s*\/\s*(\d+)\s*(ms|s|m|h|d)$/.exec(text);
  const count = match ? Number(match[1]) : NaN;
  const windowMs = match ? Number(match[2]) * UNIT_MS[match[3] as keyof typeof UNIT_MS] : NaN;
  if (!match || count < 1 || count > 1_000_000 || windowMs < 1 || windowMs > MAX_WINDOW_MS) {
    throw new Error(
      `expected count/window (count 1 to 1000000, window up to 7d, e.g. 10/15m) or off, got ${JSON.stringify(raw)}`,
    );
  }
  return { count, windowMs };
}

/** The defaults as rules. */
export function defaultRateLimitRules(): RateLimitRules {
  const rules = {} as RateLimitRules;
  for (const action of RATE_LIMIT_ACTIONS) {
    const defaults: { [S in RateLimitScope]?: string } = RATE_LIMIT_DEFAULTS[action];
    rules[action] = {};
    for (const scope of scopesOf(action)) {
      rules[action][scope] = parseRateLimitRule(defaults[scope]!);
    }
  }
  return rules;
}
