import {
  expiryBlocks,
  required,
  signOffBlock,
  type MailTemplateFunction,
} from './template-context';

export const passwordResetTemplate: MailTemplateFunction = (context) => {
  const code = required(context.secret, 'the reset code');
  const strings = context.strings['password-reset'];
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
