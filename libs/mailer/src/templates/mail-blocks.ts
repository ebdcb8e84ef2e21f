import { escapeHtml } from './html-escape';

/** What a template is made of; the layout turns the same blocks into text and HTML. */
export type MailBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'code'; code: string }
  | { kind: 'link'; label: string; href: string; copy: string };

export interface MailDocument {
  subject: string;
  blocks: MailBlock[];
}

export function renderText(blocks: readonly MailBlock[]): string {
  const parts = blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return block.text;
      case 'code':
        return `    ${block.code}`;
      case 'link':
        return `${block.label}: ${block.href}`;
    }
  });
  return `${parts.join('\n\n')}\n`;
}

export function renderHtml(document: MailDocument, lang: string): string {
  const body = document.blocks.map((block) => {
    switch (block.kind) {
      case 'paragraph':
        return `<p>${escapeHtml(block.text)}</p>`;
      case 'code':
        return (
          '<p style="font-size:24px;font-weight:bold;letter-spacing:4px;font-family:monospace">' +
          `${escapeHtml(block.code)}</p>`
        );
      case 'link':
        return [
          `<p><a href="${escapeHtml(block.href)}" style="display:inline-block;padding:10px 16px;` +
            'background:#2b59c3;color:#ffffff;text-decoration:none;border-radius:4px">' +
            `${escapeHtml(block.label)}</a></p>`,
          `<p>${escapeHtml(block.copy)}<br>${escapeHtml(block.href)}</p>`,
        ].join('\n');
    }
  });
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(lang)}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(document.subject)}</title>`,
    '</head>',
    '<body style="font-family:sans-serif;line-height:1.5">',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
