/** settings.getAccount: the signed-in user's own account settings. */
export class GetAccountQuery {
  constructor(readonly userId: string) {}
}

/** What GetAccountQuery answers (`settings.Account`). */
export interface AccountSettingsView {
  /** The account's address as typed; null for an account without one. */
  email: string | null;
  /** The address was verified (by a code or link mailed to it). */
  confirmed: boolean;
  hasPassword: boolean;
  totpEnabled: boolean;
  pendingDelete: boolean;
}
