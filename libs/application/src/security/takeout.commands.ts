import type { RequestContext } from '../shared/request-context';

/** settings.requestTakeout: mail the signed-in owner a link to an export of their data. */
export class RequestTakeoutCommand {
  constructor(
    readonly userId: string,
    readonly locale: string,
    readonly context: RequestContext,
  ) {}
}

/** The export a takeout link opens. */
export class GetTakeoutQuery {
  constructor(
    readonly token: string,
    readonly context: RequestContext,
  ) {}
}

/** What a takeout link downloads: the account's own data as the service holds it. Times are unix ms. */
export interface TakeoutExport {
  exportedAt: number;
  account: {
    userId: string;
    name: string;
    username: string | null;
    email: string | null;
    emailVerified: boolean;
    hasPassword: boolean;
    registeredAt: number;
    lastLoginAt: number | null;
    firstName: string | null;
    lastName: string | null;
    phone: string | null;
    accountType: string;
    referralCode: string | null;
  };
  sessions: Array<{
    sessionId: string;
    deviceType: string;
    deviceVersion: string;
    appName: string;
    appVersion: string;
    method: string;
    startedAt: number;
    lastActive: number;
    country: string | null;
    region: string | null;
  }>;
  securityHistory: Array<{
    kind: string;
    at: number;
    sessionId: string | null;
    device: string | null;
    country: string | null;
    region: string | null;
    detail: string | null;
  }>;
}

/** The prefix of takeout link tokens: `tgx_<userId>_<secret>`. */
export const TAKEOUT_TOKEN_PREFIX = 'tgx_';
const TOKEN = /^tgx_([1-9][0-9]{0,19})_([A-Za-z0-9_-]{1,128})$/;

export function takeoutToken(userId: string, secret: string): string {
  return `${TAKEOUT_TOKEN_PREFIX}${userId}_${secret}`;
}

/** The account and secret of a takeout token; null for anything else. */
export function parseTakeoutToken(token: string): { userId: string; secret: string } | null {
  const match = TOKEN.exec(token);
  return match ? { userId: match[1], secret: match[2] } : null;
}
