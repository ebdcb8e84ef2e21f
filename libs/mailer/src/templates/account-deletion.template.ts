import { signOffBlock, utcMinute, type MailTemplateFunction } from './template-context';

/** The account will be deleted: when, what that means, and how to keep it. No secret. */
export const accountDeletionTemplate: MailTemplateFunction = (context) => {
  const strings = context.strings['account-deletion'];
  const when = utcMinute(context.expiresAt ?? context.occurredAt);
  return {
    subject: strings.subject(context.productName),
    action: null,
    blocks: [
      { kind: 'paragraph', text: context.strings.common.greeting },
      { kind: 'paragraph', text: strings.notice(context.productName, when) },
      { kind: 'paragraph', text: strings.erased },
      { kind: 'paragraph', text: strings.cancel },
      signOffBlock(context),
    ],
  };
};
