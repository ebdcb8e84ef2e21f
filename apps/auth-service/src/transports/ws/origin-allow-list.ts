/**
 * Browsers send the page's Origin with a WebSocket handshake and let any page
 * open one; this decides which pages may. Native clients send no Origin and
 * are always allowed: the header protects browser users, not the server.
 */
export class OriginAllowList {
  private readonly allowed: Set<string>;

  /** `origins` lower case without a trailing slash (see loadConfig); empty allows any. */
  constructor(origins: readonly string[]) {
    this.allowed = new Set(origins);
  }

  allows(origin: string | string[] | undefined): boolean {
    if (origin === undefined || this.allowed.size === 0) return true;
    if (Array.isArray(origin)) return false; // one handshake, one Origin
    return this.allowed.has(origin.trim().toLowerCase());
  }
}
