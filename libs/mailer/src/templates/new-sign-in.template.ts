import { signOffBlock, utcMinute, type MailTemplateFunction } from './template-context';

/**
 * A notice of a sign-in from a device class and country the account had not used. It carries
 * no secret; its link leads to the session list, where the owner can sign the session out.
 */
export const newSignInTemplate: MailTemplateFunction = (context) => {
  const strings = context.strings['new-sign-in'];
  const requester = context.requester;
  const place = requester ? [requester.region, requester.country].filter(Boolean).join(', ') : '';
  const href = sessionsReviewUrl(context.publicBaseUrl);
  return {
    subject: strings.subject(context.productName),
    action: null,
    blocks: [
      { kind: 'paragraph', text: context.strings.common.greeting },
      { kind: 'paragraph', text: strings.intro(context.productName) },
      { kind: 'paragraph', text: strings.device(requester?.description || strings.unknown) },
      { kind: 'paragraph', text: strings.location(place || strings.unknown) },
      { kind: 'paragraph', text: strings.signedInAt(utcMinute(context.occurredAt)) },
      { kind: 'link', label: strings.action, href, copy: strings.copy },
      { kind: 'paragraph', text: strings.notYou },
      signOffBlock(context),
    ],
  };
};

/** `${publicBaseUrl}/settings/sessions`: where the web app lists the account's sessions. */
export function sessionsReviewUrl(publicBaseUrl: string): string {
  const url = new URL(publicBaseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/settings/sessions`;
  url.search = '';
  url.hash = '';
  return url.toString();
}
