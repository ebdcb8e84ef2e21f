import type { LoginRequester, MailTemplate } from '@tangle/contracts';
import { stringsFor } from './catalogue/catalogue';
import { accountDeletionTemplate } from './account-deletion.template';
import { emailVerificationTemplate } from './email-verification.template';
import { loginLinkTemplate } from './login-link.template';
import { renderHtml, renderText } from './mail-blocks';
import { MalformedMailError } from './malformed-mail-error';
import { passwordChangedTemplate } from './password-changed.template';
import { passwordResetTemplate } from './password-reset.template';
import {
  emailChangedTemplate,
  emailChangeTemplate,
  passwordSetupTemplate,
} from './account-settings.templates';
import { newSignInTemplate } from './new-sign-in.template';
import { takeoutTemplate } from './takeout.template';
import type { MailTemplateFunction } from './template-context';

const TEMPLATES: Readonly<Record<MailTemplate, MailTemplateFunction>> = {
  'email-verification': emailVerificationTemplate,
  'password-reset': passwordResetTemplate,
  'login-link': loginLinkTemplate,
  'password-changed': passwordChangedTemplate,
  'account-deletion': accountDeletionTemplate,
  'password-setup': passwordSetupTemplate,
  'email-change': emailChangeTemplate,
  'email-changed': emailChangedTemplate,
  'new-sign-in': newSignInTemplate,
  takeout: takeoutTemplate,
};

export interface MailContent {
  template: MailTemplate;
  /** The account the mail is about; links that name it need it (the email-change undo link). */
  userId?: string | null;
  locale: string;
  /** The opened code or link token; null for notices. */
  secret: string | null;
  authId: string | null;
  /** For login links: the code the asking device shows. */
  matchCode: string | null;
  /** For login links: the asking device as the service saw it; for new sign-ins, the device. */
  requester: LoginRequester | null;
  expiresAt: number | null;
  occurredAt: number;
}

export interface TemplateSettings {
  productName: string;
  publicBaseUrl: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
  /** The code or link, for the file transport's developer line only; null for notices. */
  action: string | null;
}

/** Renders one mail; throws MalformedMailError when the content cannot make one. */
export function renderMail(
  content: MailContent,
  settings: TemplateSettings,
  now: number,
): RenderedMail {
  const template = Object.prototype.hasOwnProperty.call(TEMPLATES, content.template)
    ? TEMPLATES[content.template]
    : undefined;
  if (!template) throw new MalformedMailError(`unknown mail template ${content.template}`);
  const { locale, strings } = stringsFor(content.locale);
  const output = template({
    strings,
    locale,
    productName: settings.productName,
    publicBaseUrl: settings.publicBaseUrl,
    secret: content.secret,
    authId: content.authId,
    matchCode: content.matchCode,
    requester: content.requester,
    userId: content.userId ?? null,
    expiresAt: content.expiresAt,
    expiresInMinutes:
      content.expiresAt === null
        ? null
        : Math.max(1, Math.round((content.expiresAt - now) / 60_000)),
    occurredAt: content.occurredAt,
  });
  return {
    subject: output.subject,
    text: renderText(output.blocks),
    html: renderHtml(output, locale),
    action: output.action,
  };
}
