/**
 * Every sentence a mail uses, for one locale. Sentences are plain text: the layout escapes
 * them whole for HTML, so a translation can never inject markup.
 */
export interface MailStrings {
  common: {
    greeting: string;
    signOff: (product: string) => string;
    expiresIn: (minutes: number) => string;
  };
  'email-verification': {
    subject: (product: string) => string;
    intro: (product: string) => string;
  };
  'password-reset': {
    subject: (product: string) => string;
    intro: (product: string) => string;
    ignore: string;
  };
  /**
   * Only what the service knows of the asking device is shown (never text the requester
   * chose), and the code it shows, which the user must see on their own screen.
   */
  'login-link': {
    subject: (product: string) => string;
    intro: (product: string) => string;
    /** The asking device, as described by the service. */
    device: (description: string) => string;
    /** Region and country, or `unknown`. */
    location: (place: string) => string;
    requestedAt: (when: string) => string;
    unknown: string;
    /** Before the code, shown on its own. */
    matchCode: string;
    action: string;
    copy: string;
    ignore: string;
  };
  'password-changed': {
    subject: (product: string) => string;
    notice: (product: string, when: string) => string;
    notYou: string;
  };
  'account-deletion': {
    subject: (product: string) => string;
    notice: (product: string, when: string) => string;
    erased: string;
    cancel: string;
  };
  /** The code a passwordless account sets its first password with. */
  'password-setup': {
    subject: (product: string) => string;
    intro: (product: string) => string;
    ignore: string;
  };
  /** The code mailed to the new address of an email change. */
  'email-change': {
    subject: (product: string) => string;
    intro: (product: string) => string;
    ignore: string;
  };
  /** The notice to the old address of an email change, with the link that undoes it. */
  'email-changed': {
    subject: (product: string) => string;
    notice: (product: string, when: string) => string;
    undo: string;
    action: string;
    copy: string;
    until: (when: string) => string;
  };
  /** What the service saw of the signed-in device (its client's description) and where. */
  'new-sign-in': {
    subject: (product: string) => string;
    intro: (product: string) => string;
    device: (description: string) => string;
    location: (place: string) => string;
    signedInAt: (when: string) => string;
    unknown: string;
    action: string;
    copy: string;
    notYou: string;
  };
  takeout: {
    subject: (product: string) => string;
    intro: (product: string) => string;
    action: string;
    copy: string;
    notYou: string;
  };
}

/** A locale may translate only some sections; the rest come from English. */
export type PartialMailStrings = { [Section in keyof MailStrings]?: MailStrings[Section] };
