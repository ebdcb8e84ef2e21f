import type { InvitePreviewView } from '@tangle/application';

/**
 * The page behind an invite link (`/i/<code>`): a few lines for a browser and Open Graph tags
 * for the chat apps that unfurl links. Every value is HTML-escaped; nothing in it runs.
 */
export const INVITE_PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  // The URL holds the code: it must not travel on to other sites.
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'x-robots-tag': 'noindex, nofollow',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
};

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char]);
}

/** Title and description of an invite, as plain text (escaped where they are written). */
export function inviteWords(
  view: InvitePreviewView,
  productName: string,
): { title: string; description: string } {
  const creator = view.creator?.name ?? 'Someone';
  switch (view.targetInfo.kind) {
    case 'community':
      return {
        title: `Join ${view.targetInfo.target.name} on ${productName}`,
        description: `${creator} invites you to the community ${view.targetInfo.target.name}.`,
      };
    case 'group':
      return {
        title: `Join ${view.targetInfo.target.name} on ${productName}`,
        description: `${creator} invites you to the group ${view.targetInfo.target.name}.`,
      };
    case 'user':
      return {
        title: `${view.targetInfo.user.name} on ${productName}`,
        description: `${creator} invites you to be friends on ${productName}.`,
      };
  }
}

function page(
  productName: string,
  meta: Record<string, string>,
  title: string,
  body: string,
): string {
  const tags = Object.entries(meta)
    .map(
      ([property, content]) =>
        `<meta property="${escapeHtml(property)}" content="${escapeHtml(content)}">`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
${tags}
<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}
.code{font:1.2rem monospace;letter-spacing:.05em}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}<p><small>${escapeHtml(productName)}</small></p></body></html>`;
}

/** The page of a live invite. */
export function invitePage(view: InvitePreviewView, productName: string, url: string): string {
  const { title, description } = inviteWords(view, productName);
  return page(
    productName,
    {
      'og:type': 'website',
      'og:site_name': productName,
      'og:title': title,
      'og:description': description,
      'og:url': url,
      'twitter:card': 'summary',
      'twitter:title': title,
      'twitter:description': description,
    },
    title,
    `<p>${escapeHtml(description)}</p>
<p>Open ${escapeHtml(productName)} and use the invite code <b class="code">${escapeHtml(view.invite.code)}</b>.</p>`,
  );
}

/** The page of an unknown, deleted, expired or used-up code: the same for all, naming nothing. */
export function deadInvitePage(productName: string): string {
  const title = `Invite not valid · ${productName}`;
  return page(
    productName,
    { 'og:type': 'website', 'og:site_name': productName, 'og:title': title },
    title,
    '<p>This invite does not exist or no longer works. Ask for a new one.</p>',
  );
}

/** The page of a refused lookup (too many from this address). */
export function busyInvitePage(productName: string): string {
  const title = `Too many invite lookups · ${productName}`;
  return page(productName, {}, title, '<p>Try again in a little while.</p>');
}
