import {
  expiryBlocks,
  required,
  signOffBlock,
  type MailTemplateFunction,
} from './template-context';

export const emailVerificationTemplate: MailTemplateFunction = (context) => {
  const code = required(context.secret, 'the verification code');
  const strings = context.strings['email-verification'];
  return {
    subject: strings.subject(context.productName),
    action: code,
    blocks: [
      { kind: 'paragraph', text: context.strings.common.greeting },
      { kind: 'paragraph', text: strings.intro(context.productName) },
      { kind: 'code', code },
      ...expiryBlocks(context),
      signOffBlock(context),
    ],
  };
};
