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
  'login-link': {
    subject: (product: string) => string;
    intro: (product: string, device: string | null) => string;
    action: string;
    copy: string;
    ignore: string;
  };
  'password-changed': {
    subject: (product: string) => string;
    notice: (product: string, when: string) => string;
    notYou: string;
  };
}

/** A locale may translate only some sections; the rest come from English. */
export type PartialMailStrings = { [Section in keyof MailStrings]?: MailStrings[Section] };
