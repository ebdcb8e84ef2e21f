/**
 * The passkeys page (`GET /account/passkeys`): sign in (password or passkey), then add, rename
 * and remove passkeys. Plain HTML and one script of our own (no framework, no inline script:
 * the CSP allows only scripts from this origin). Tokens live in the script's memory only.
 */
export const PASSKEYS_PAGE_HEADERS: Record<string, string> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; " +
    "form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
};

export const PASSKEYS_SCRIPT_HEADERS: Record<string, string> = {
  'content-type': 'text/javascript; charset=utf-8',
  'cache-control': 'public, max-age=300',
  'x-content-type-options': 'nosniff',
};

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function passkeysPage(productName: string): string {
  const name = productName.replace(/[&<>"']/g, (c) => ESCAPES[c]);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Passkeys · ${name}</title>
<style>body{font:16px system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#222}
button{font:inherit;padding:.5rem 1rem;margin:.25rem .5rem .25rem 0;border-radius:.4rem;border:1px solid #888;cursor:pointer}
.primary{background:#1f6feb;color:#fff;border-color:#1f6feb}input{font:inherit;padding:.45rem;margin:.25rem 0}
li{margin:.5rem 0}small{color:#666}[hidden]{display:none}#status{min-height:1.5rem;color:#0a5}
#status.error{color:#b00}</style></head>
<body><h1>Passkeys</h1>
<p id="status" role="status"></p>
<section id="signed-out">
<h2>Sign in</h2>
<p><button id="passkey-sign-in" class="primary" type="button">Sign in with a passkey</button></p>
<p>or with your password:</p>
<p><input id="email" type="email" autocomplete="username" placeholder="Email" aria-label="Email">
<input id="password" type="password" autocomplete="current-password" placeholder="Password" aria-label="Password">
<button id="password-sign-in" type="button">Sign in</button></p>
</section>
<section id="signed-in" hidden>
<p>Signed in as <strong id="user-name"></strong>. <button id="sign-out" type="button">Sign out</button></p>
<h2>Your passkeys</h2>
<ul id="passkey-list"></ul>
<p><input id="passkey-name" maxlength="64" placeholder="Name, e.g. Work laptop" aria-label="Passkey name">
<button id="add-passkey" class="primary" type="button">Add a passkey</button></p>
</section>
<script src="/account/passkeys/passkeys.js"></script>
</body></html>`;
}

/** The page's script: the WebAuthn calls, base64url in and out, and the passkey API. */
export const PASSKEYS_SCRIPT = `'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  let session = null; // { accessToken, name }

  const toBytes = (text) => {
    const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
    const raw = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return Uint8Array.from(raw, (c) => c.charCodeAt(0));
  };
  const toText = (buffer) =>
    btoa(String.fromCharCode(...new Uint8Array(buffer)))
      .replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
  const descriptors = (list) => (list || []).map((c) => ({ ...c, id: toBytes(c.id) }));

  function show(message, isError) {
    $('status').textContent = message;
    $('status').className = isError ? 'error' : '';
  }

  async function api(method, path, body) {
    const headers = { 'content-type': 'application/json' };
    if (session) headers.authorization = 'Bearer ' + session.accessToken;
    const answer = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await answer.text();
    const json = text ? JSON.parse(text) : null;
    if (!answer.ok) throw new Error((json && json.error && json.error.message) || answer.statusText);
    return json;
  }

  function credentialJSON(credential) {
    const r = credential.response;
    const response = { clientDataJSON: toText(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toText(r.attestationObject);
      response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      response.authenticatorData = toText(r.authenticatorData);
      response.signature = toText(r.signature);
      if (r.userHandle) response.userHandle = toText(r.userHandle);
    }
    return {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      response,
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
    };
  }

  async function signedIn(data) {
    session = {
      accessToken: data.tokens.accessToken,
      name: data.user.name || data.user.email || '',
    };
    $('user-name').textContent = session.name;
    $('signed-out').hidden = true;
    $('signed-in').hidden = false;
    await refresh();
  }

  async function refresh() {
    const { passkeys } = await api('GET', '/auth/passkeys');
    const list = $('passkey-list');
    list.replaceChildren();
    for (const passkey of passkeys) {
      const item = document.createElement('li');
      item.dataset.id = passkey.id;
      const label = document.createElement('span');
      label.className = 'passkey-name';
      label.textContent = passkey.name;
      const facts = document.createElement('small');
      facts.textContent = ' added ' + new Date(passkey.createdAt).toLocaleString() +
        (passkey.lastUsedAt ? ', last used ' + new Date(passkey.lastUsedAt).toLocaleString() : '') +
        (passkey.backedUp ? ', synced' : '');
      const rename = document.createElement('button');
      rename.type = 'button';
      rename.textContent = 'Rename';
      rename.className = 'rename';
      rename.onclick = () => run(async () => {
        const name = prompt('New name', passkey.name);
        if (!name) return;
        await api('PATCH', '/auth/passkeys/' + encodeURIComponent(passkey.id), { name });
        await refresh();
        show('Passkey renamed.');
      });
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = 'Remove';
      remove.className = 'remove';
      remove.onclick = () => run(async () => {
        await api('DELETE', '/auth/passkeys/' + encodeURIComponent(passkey.id));
        await refresh();
        show('Passkey removed.');
      });
      item.append(label, facts, ' ', rename, remove);
      list.append(item);
    }
  }

  async function run(action) {
    try {
      await action();
    } catch (error) {
      show(error.name === 'NotAllowedError' ? 'Cancelled.' : error.message, true);
    }
  }

  $('password-sign-in').onclick = () => run(async () => {
    const answer = await api('POST', '/auth/login', {
      email: $('email').value,
      password: $('password').value,
    });
    await signedIn(answer.data);
    show('Signed in with your password.');
  });

  $('passkey-sign-in').onclick = () => run(async () => {
    const { options } = await api('POST', '/auth/passkeys/sign-in/options');
    const credential = await navigator.credentials.get({
      publicKey: {
        ...options,
        challenge: toBytes(options.challenge),
        allowCredentials: descriptors(options.allowCredentials),
      },
    });
    const answer = await api('POST', '/auth/passkeys/sign-in', {
      response: credentialJSON(credential),
    });
    await signedIn(answer.data);
    show('Signed in with a passkey.');
  });

  $('add-passkey').onclick = () => run(async () => {
    const { options } = await api('POST', '/auth/passkeys/registration/options');
    const credential = await navigator.credentials.create({
      publicKey: {
        ...options,
        challenge: toBytes(options.challenge),
        user: { ...options.user, id: toBytes(options.user.id) },
        excludeCredentials: descriptors(options.excludeCredentials),
      },
    });
    await api('POST', '/auth/passkeys/registration', {
      response: credentialJSON(credential),
      name: $('passkey-name').value || undefined,
    });
    $('passkey-name').value = '';
    await refresh();
    show('Passkey added.');
  });

  $('sign-out').onclick = () => {
    session = null;
    $('signed-in').hidden = true;
    $('signed-out').hidden = false;
    show('Signed out.');
  };

  if (!window.PublicKeyCredential) show('This browser does not support passkeys.', true);
})();
`;
