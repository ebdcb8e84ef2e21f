/** Where and in which language to mail an account, as far as its events tell. */
export interface AccountContact {
  readonly email: string | null;
  /** The locale of the account's last mailed code or link; null before the first. */
  readonly locale: string | null;
}
