import {
  expiryBlocks,
  required,
  signOffBlock,
  utcMinute,
  type MailTemplateFunction,
} from './template-context';

/** The code a passwordless account sets its first password with (settings.changePassword). */
export const passwordSetupTemplate: MailTemplateFunction = (context) => {
  const code = required(context.secret, 'the password setup code');
  const strings = context.strings['password-setup'];
  return {
    subject: strings.subject(context.productName),
    action: code,
    blocks: [
      { kind: 'paragraph', text: context.strings.common.greeting },
      { kind: 'paragraph', text: strings.intro(context.productName) },
      { kind: 'code', code },
      ...expiryBlocks(context),
      { kind: 'paragraph', text: strings.ignore },
      signOffBlock(context),
    ],
  };
};

/** The code that moves an account to this (new) address, given back through auth.verifyEmail. */
export const emailChangeTemplate: MailTemplateFunction = (context) => {
  const code = required(context.secret, 'the email change code');
  const strings = context.strings['email-change'];
  return {
    subject: strings.subject(context.productName),
    action: code,
    blocks: [
      { kind: 'paragraph', text: context.strings.common.greeting },
      { kind: 'paragraph', text: strings.intro(context.productName) },
      { kind: 'code', code },
      ...expiryBlocks(context),
      { kind: 'paragraph', text: strings.ignore },
      signOffBlock(context),
    ],
  };
};

/**
 * The notice to the old address of an email change, with the link that undoes it. The link
 * opens a page that asks before it acts, so a mail scanner that follows links undoes nothing.
 */
export const emailChangedTemplate: MailTemplateFunction = (context) => {
  const href = emailUndoUrl(
    context.publicBaseUrl,
    required(context.userId, 'the account id'),
    required(context.secret, 'the undo token'),
  );
  const strings = context.strings['email-changed'];
  return {
    subject: strings.subject(context.productName),
    action: href,
    blocks: [
      { kind: 'paragraph', text: context.strings.common.greeting },
      {
        kind: 'paragraph',
        text: strings.notice(context.productName, utcMinute(context.occurredAt)),
      },
      { kind: 'paragraph', text: strings.undo },
      { kind: 'link', label: strings.action, href, copy: strings.copy },
      ...(context.expiresAt !== null
        ? [{ kind: 'paragraph', text: strings.until(utcMinute(context.expiresAt)) } as const]
        : []),
      signOffBlock(context),
    ],
  };
};

/**
 * `${publicBaseUrl}/settings/email/undo/${userId}?token=${token}`, built from the configured
 * base only (never a request's Host header). A path prefix on the base is kept.
 */
export function emailUndoUrl(publicBaseUrl: string, userId: string, token: string): string {
  const url = new URL(publicBaseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/settings/email/undo/${encodeURIComponent(userId)}`;
  url.search = '';
  url.hash = '';
  url.searchParams.set('token', token);
  return url.toString();
}
