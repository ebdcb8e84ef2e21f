import type { LoginRequester } from '@tangle/contracts';
import { escape, PAGE_HEADERS, page } from './confirmation-page';

/** Where a web client on the service's origin keeps its session token, for the page's script. */
export const QR_PAGE_TOKEN_STORAGE_KEY = 'tangle.session_token';
export const QR_PAGE_SCRIPT_PATH = '/auth/qr-page.js';

/** The page's headers: those of the login-link page, and its one script from this origin. */
export const QR_PAGE_HEADERS: Record<string, string> = {
  ...PAGE_HEADERS,
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/**
 * Puts the browser's session token into the form, from where a web client on this origin
 * keeps it; without one, says how to answer instead. Static: it reads nothing from the URL.
 */
export const QR_PAGE_SCRIPT = `'use strict';
(function () {
  var form = document.getElementById('qr-answer');
  var token = null;
  try { token = window.localStorage.getItem(${JSON.stringify(QR_PAGE_TOKEN_STORAGE_KEY)}); } catch (e) {}
  if (form && token) form.elements.namedItem('access_token').value = token;
  else if (form) document.getElementById('qr-no-session').hidden = false;
})();
`;

export interface QrTicketFacts {
  requester: LoginRequester;
  requestedAt: number;
  expiresAt: number;
}

/**
 * The scanned code's page: what asks (device, coarse location, time), the check code to type,
 * approve or deny. The check code is asked for, never shown: only the new device shows it.
 */
export function qrLoginPage(
  productName: string,
  ticketId: string,
  secret: string,
  facts: QrTicketFacts,
): string {
  const where = [facts.requester.region, facts.requester.country].filter(Boolean).join(', ');
  const list = [
    ['Device', facts.requester.description || 'unknown'],
    ['Location', where || 'unknown'],
    [
      'Requested',
      `${new Date(facts.requestedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    ],
  ]
    .map(([term, value]) => `<dt>${term}</dt><dd>${escape(value)}</dd>`)
    .join('');
  const action = `/auth/qr/${encodeURIComponent(ticketId)}`;
  return page(
    productName,
    'Sign in on another device?',
    `<p>A device asks to be signed in to your ${escape(productName)} account.</p>
<dl>${list}</dl>
<form id="qr-answer" method="post" action="${escape(action)}">
<input type="hidden" name="s" value="${escape(secret)}">
<input type="hidden" name="access_token" value="">
<p><label>Type the code the device shows to approve:<br>
<input class="code" name="check_code" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="16" placeholder="K7M-42P"></label></p>
<p>Approve only if you are signing in on that device yourself.</p>
<button class="confirm" name="answer" value="approve">Approve</button>
<button name="answer" value="deny">Deny</button></form>
<p id="qr-no-session" hidden>This browser is not signed in to ${escape(productName)}: open the code with the ${escape(productName)} app, or sign in here first.</p>
<script src="${QR_PAGE_SCRIPT_PATH}"></script>`,
  );
}
