import type { LoginRequester } from '@tangle/contracts';
import type { MailStrings } from './catalogue/mail-strings';
import type { MailBlock, MailDocument } from './mail-blocks';
import { MalformedMailError } from './malformed-mail-error';

/** What a template function gets: the locale's strings and the request's opened values. */
export interface TemplateContext {
  strings: MailStrings;
  locale: string;
  productName: string;
  publicBaseUrl: string;
  /** The opened code or link token. */
  secret: string | null;
  authId: string | null;
  matchCode: string | null;
  requester: LoginRequester | null;
  /** The account the mail is about (for links that name it). */
  userId: string | null;
  /** When the code or link stops working (or the request falls due), unix ms; null: never. */
  expiresAt: number | null;
  /** Whole minutes left, at least 1; null when the request does not expire. */
  expiresInMinutes: number | null;
  occurredAt: number;
}

export interface TemplateOutput extends MailDocument {
  /** The code or link the recipient acts on; null for notices. */
  action: string | null;
}

export type MailTemplateFunction = (context: TemplateContext) => TemplateOutput;

export function required(value: string | null, what: string): string {
  if (value === null || value === '') throw new MalformedMailError(`${what} is missing`);
  return value;
}

export function expiryBlocks(context: TemplateContext): MailBlock[] {
  return context.expiresInMinutes === null
    ? []
    : [{ kind: 'paragraph', text: context.strings.common.expiresIn(context.expiresInMinutes) }];
}

/** A time as the mails print it: locale-neutral, since a section may fall back to English. */
export function utcMinute(at: number): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export function signOffBlock(context: TemplateContext): MailBlock {
  return { kind: 'paragraph', text: context.strings.common.signOff(context.productName) };
}
