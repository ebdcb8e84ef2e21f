import {
  expiryBlocks,
  required,
  signOffBlock,
  type MailTemplateFunction,
} from './template-context';

/** A link to the export of the account's data; only this inbox gets it, and it expires. */
export const takeoutTemplate: MailTemplateFunction = (context) => {
  const strings = context.strings.takeout;
  const href = takeoutUrl(context.publicBaseUrl, required(context.secret, 'the takeout token'));
  return {
    subject: strings.subject(context.productName),
    action: href,
    blocks: [
      { kind: 'paragraph', text: context.strings.common.greeting },
      { kind: 'paragraph', text: strings.intro(context.productName) },
      { kind: 'link', label: strings.action, href, copy: strings.copy },
      ...expiryBlocks(context),
      { kind: 'paragraph', text: strings.notYou },
      signOffBlock(context),
    ],
  };
};

/** `${publicBaseUrl}/v1/settings/takeout?token=…`, from the configured base only. */
export function takeoutUrl(publicBaseUrl: string, token: string): string {
  const url = new URL(publicBaseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/v1/settings/takeout`;
  url.search = '';
  url.hash = '';
  url.searchParams.set('token', token);
  return url.toString();
}
