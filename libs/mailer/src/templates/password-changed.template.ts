import { signOffBlock, utcMinute, type MailTemplateFunction } from './template-context';

/** A security notice: it carries no secret, so a leaked copy gives nothing away. */
export const passwordChangedTemplate: MailTemplateFunction = (context) => {
  const strings = context.strings['password-changed'];
  const when = utcMinute(context.occurredAt);
  return {
    subject: strings.subject(context.productName),
    action: null,
    blocks: [
      { kind: 'paragraph', text: context.strings.common.greeting },
      { kind: 'paragraph', text: strings.notice(context.productName, when) },
      { kind: 'paragraph', text: strings.notYou },
      signOffBlock(context),
    ],
  };
};
