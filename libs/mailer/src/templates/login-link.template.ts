import { loginLinkUrl } from './login-link-url';
import {
  expiryBlocks,
  required,
  signOffBlock,
  type MailTemplateFunction,
} from './template-context';

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
      { kind: 'paragraph', text: strings.intro(context.productName, context.device) },
      { kind: 'link', label: strings.action, href, copy: strings.copy },
      ...expiryBlocks(context),
      { kind: 'paragraph', text: strings.ignore },
      signOffBlock(context),
    ],
  };
};
