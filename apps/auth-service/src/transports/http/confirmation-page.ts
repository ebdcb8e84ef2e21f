/**
 * The small page behind a login link: confirm or deny, then a result. Served
 * with headers that keep it out of frames, caches and referrers (the URL holds
 * the link's secret).
 */
export const PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
};

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export function page(productName: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} · ${escape(productName)}</title>
<style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}
button{font:inherit;padding:.6rem 1.2rem;margin-right:.5rem;border-radius:.4rem;border:1px solid #888;cursor:pointer}
.confirm{background:#1f6feb;color:#fff;border-color:#1f6feb}
dt{font-weight:bold}dd{margin:0 0 .5rem}.code{font:1.4rem monospace;letter-spacing:.1em}</style></head>
<body><h1>${escape(title)}</h1>${body}</body></html>`;
}

/** What the page shows of the asking device: only what the server itself knows. */
export interface LinkFacts {
  matchCode: string | null;
  requester: { description: string; country: string | null; region: string | null } | null;
  requestedAt: number;
}

/**
 * The choice. The requester's own text (`session_platform`) is never shown: the page names
 * the device as the server described it, where and when it asked, and the code the asking
 * device shows, which the user must see on their own screen before confirming.
 */
export function confirmationPage(
  productName: string,
  authId: string,
  token: string,
  link: LinkFacts,
): string {
  const action = `/auth/confirm/${encodeURIComponent(authId)}`;
  const hidden = `<input type="hidden" name="token" value="${escape(token)}">`;
  const where = link.requester
    ? [link.requester.region, link.requester.country].filter(Boolean).join(', ')
    : '';
  const facts = [
    ['Device', link.requester?.description || 'unknown'],
    ['Location', where || 'unknown'],
    ['Requested', `${new Date(link.requestedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`],
  ]
    .map(([term, value]) => `<dt>${term}</dt><dd>${escape(value)}</dd>`)
    .join('');
  const check = link.matchCode
    ? `Confirm only if your device shows <b class="code">${escape(link.matchCode)}</b>.`
    : 'Confirm only if it was you.';
  return page(
    productName,
    'Sign in on another device?',
    `<p>A device asked to sign in to your ${escape(productName)} account.</p>
<dl>${facts}</dl>
<p>${check}</p>
<form method="post" action="${escape(action)}">${hidden}
<button class="confirm" name="answer" value="confirm">Confirm</button>
<button name="answer" value="deny">Deny</button></form>`,
  );
}

export function resultPage(productName: string, title: string, message: string): string {
  return page(productName, title, `<p>${escape(message)}</p>`);
}
