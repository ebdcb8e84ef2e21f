import type { MailBlock } from './mail-blocks';
import { loginLinkUrl } from './login-link-url';
import {
  expiryBlocks,
  required,
  signOffBlock,
  utcMinute,
  type MailTemplateFunction,
  type TemplateContext,
} from './template-context';

/**
 * A link that signs another device in. The mail shows only what the service knows of the
 * asking device (its description, coarse location, the time) and the code that device shows;
 * a link from before match codes is mailed without them.
 */
export const loginLinkTemplate: MailTemplateFunction = (context) => {
  const href = loginLinkUrl(
    context.publicBaseUrl,
    required(context.authId, 'the login attempt id'),
    required(context.secret, 'the link token'),
  );
  const strings = context.strings['login-link'];
  return {
    subject: strings.subject(context.productName),
    action: href,
    blocks: [
      { kind: 'paragraph', text: context.strings.common.greeting },
      { kind: 'paragraph', text: strings.intro(context.productName) },
      ...requesterBlocks(context),
      ...(context.matchCode
        ? [
            { kind: 'paragraph', text: strings.matchCode } as const,
            { kind: 'code', code: context.matchCode } as const,
          ]
        : []),
      { kind: 'link', label: strings.action, href, copy: strings.copy },
      ...expiryBlocks(context),
      { kind: 'paragraph', text: strings.ignore },
      signOffBlock(context),
    ],
  };
};

function requesterBlocks(context: TemplateContext): MailBlock[] {
  const strings = context.strings['login-link'];
  const requester = context.requester;
  const place = requester ? [requester.region, requester.country].filter(Boolean).join(', ') : '';
  return [
    ...(requester ? [strings.device(requester.description || strings.unknown)] : []),
    ...(requester ? [strings.location(place || strings.unknown)] : []),
    strings.requestedAt(utcMinute(context.occurredAt)),
  ].map((text) => ({ kind: 'paragraph', text }));
}
