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
