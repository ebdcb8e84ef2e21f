import type { MailStrings } from './mail-strings';

export const en: MailStrings = {
  common: {
    greeting: 'Hello,',
    signOff: (product) => `The ${product} team`,
    expiresIn: (minutes) =>
      minutes === 1 ? 'It expires in 1 minute.' : `It expires in ${minutes} minutes.`,
  },
  'email-verification': {
    subject: (product) => `Verify your email address for ${product}`,
    intro: (product) => `Enter this code in ${product} to verify your email address:`,
  },
  'password-reset': {
    subject: (product) => `Reset your ${product} password`,
    intro: (product) => `Enter this code in ${product} to choose a new password:`,
    ignore:
      "If this wasn't you, ignore this email: your password stays as it is, and nobody can use the code without access to your inbox.",
  },
  'login-link': {
    subject: (product) => `Sign in to ${product}`,
    intro: (product) => `A device asked to sign in to your ${product} account.`,
    device: (description) => `Device: ${description}`,
    location: (place) => `Location: ${place}`,
    requestedAt: (when) => `Requested: ${when}`,
    unknown: 'unknown',
    matchCode: 'Confirm only if your device shows this code:',
    action: 'Confirm sign-in',
    copy: 'If the button does not work, open this address:',
    ignore:
      "If this wasn't you, or the codes differ, ignore this email: nobody is signed in unless you confirm.",
  },
  'password-changed': {
    subject: (product) => `Your ${product} password was changed`,
    notice: (product, when) => `The password of your ${product} account was changed on ${when}.`,
    notYou: "If this wasn't you, reset your password right away and sign out your other sessions.",
  },
  'account-deletion': {
    subject: (product) => `Your ${product} account will be deleted`,
    notice: (product, when) => `Your ${product} account is scheduled for deletion on ${when}.`,
    erased:
      'Then your sessions end, your email address and username are released, and your personal data is erased for good.',
    cancel:
      "To keep your account, sign in before then or cancel the deletion in your settings. If this wasn't you, sign in now and change your password.",
  },
  'password-setup': {
    subject: (product) => `Set a password for your ${product} account`,
    intro: (product) =>
      `Enter this code in ${product}, with the password you chose, to set your account's first password:`,
    ignore:
      "If this wasn't you, ignore this email: nobody can set a password without this code, and someone may be signed in to your account: check your sessions.",
  },
  'email-change': {
    subject: (product) => `Confirm your new email address for ${product}`,
    intro: (product) =>
      `Enter this code in ${product} to make this the email address of your account:`,
    ignore:
      "If this wasn't you, ignore this email: the address is not added to any account without this code.",
  },
  'email-changed': {
    subject: (product) => `The email address of your ${product} account was changed`,
    notice: (product, when) =>
      `The email address of your ${product} account was changed on ${when}: this address no longer signs in.`,
    undo: "If this wasn't you, undo the change: your account gets this address back and every device is signed out. Then reset your password.",
    action: 'Undo the change',
    copy: 'If the button does not work, open this address:',
    until: (when) => `The link works until ${when}.`,
  },
  'new-sign-in': {
    subject: (product) => `New sign-in to your ${product} account`,
    intro: (product) =>
      `Your ${product} account was signed in to from a device or country it had not used before.`,
    device: (description) => `Device: ${description}`,
    location: (place) => `Location: ${place}`,
    signedInAt: (when) => `Time: ${when}`,
    unknown: 'unknown',
    action: 'Review your sessions',
    copy: 'If the button does not work, open this address:',
    notYou:
      "If this was you, there is nothing to do. If it wasn't, sign that session out, change your password and turn on two-factor sign-in.",
  },
  takeout: {
    subject: (product) => `Your ${product} data export`,
    intro: (product) =>
      `Here is the link to download your ${product} data: your account, your sessions and your security history.`,
    action: 'Download my data',
    copy: 'If the button does not work, open this address:',
    notYou:
      "If you didn't ask for this, someone signed in to your account did: review your sessions and change your password. Only this inbox gets the link.",
  },
};
