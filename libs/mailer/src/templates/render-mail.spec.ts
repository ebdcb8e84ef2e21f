import type { MailTemplate } from '@tangle/contracts';
import { stringsFor } from './catalogue/catalogue';
import { en } from './catalogue/en';
import { MalformedMailError } from './malformed-mail-error';
import { renderMail, type MailContent } from './render-mail';

const NOW = Date.UTC(2026, 2, 15, 10, 0);
const SETTINGS = { productName: 'Tangle', publicBaseUrl: 'https://chat.example.org' };

function content(template: MailTemplate, overrides: Partial<MailContent> = {}): MailContent {
  return {
    template,
    locale: 'en',
    secret: template === 'password-changed' ? null : '493817',
    authId: template === 'login-link' ? '7311' : null,
    matchCode: template === 'login-link' ? 'K7M-42P' : null,
    requester:
      template === 'login-link'
        ? { description: 'Firefox on Linux', country: 'FR', region: 'Brittany' }
        : null,
    expiresAt: template === 'password-changed' ? null : NOW + 15 * 60_000,
    occurredAt: NOW,
    ...overrides,
  };
}

describe('renderMail', () => {
  it('email-verification: the code and its expiry, in text and HTML', () => {
    const mail = renderMail(content('email-verification'), SETTINGS, NOW);

    expect(mail.subject).toBe('Verify your email address for Tangle');
    expect(mail.text).toContain('493817');
    expect(mail.text).toContain('It expires in 15 minutes.');
    expect(mail.html).toContain('>493817</p>');
    expect(mail.html).toContain('It expires in 15 minutes.');
    expect(mail.html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(mail.action).toBe('493817');
  });

  it('password-reset: the code, its expiry and what to do if it was not you', () => {
    const mail = renderMail(
      content('password-reset', { expiresAt: NOW + 60 * 60_000 }),
      SETTINGS,
      NOW,
    );

    expect(mail.subject).toBe('Reset your Tangle password');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('493817');
      expect(part).toContain('It expires in 60 minutes.');
      expect(part).toMatch(/If this wasn(’|'|&#39;)t you, ignore this email/);
    }
  });

  it('counts the minutes left when the request arrives late', () => {
    const mail = renderMail(content('email-verification'), SETTINGS, NOW + 11 * 60_000);

    expect(mail.text).toContain('It expires in 4 minutes.');
  });

  it('login-link: a link under the configured base, the device, where and when, the match code, the expiry', () => {
    const mail = renderMail(
      content('login-link', { secret: 'tok_AbC-123', authId: '7311' }),
      SETTINGS,
      NOW,
    );

    const link = 'https://chat.example.org/auth/confirm/7311?token=tok_AbC-123';
    expect(mail.subject).toBe('Sign in to Tangle');
    expect(mail.action).toBe(link);
    expect(mail.text).toContain(link);
    expect(mail.text).toContain('Device: Firefox on Linux');
    expect(mail.text).toContain('Location: Brittany, FR');
    expect(mail.text).toContain('Requested: 2026-03-15 10:00 UTC');
    expect(mail.text).toContain('Confirm only if your device shows this code:\n\n    K7M-42P');
    expect(mail.html).toContain('>K7M-42P</p>');
    expect(mail.text).toContain('It expires in 15 minutes.');
    expect(mail.html).toContain(`<a href="${link}"`);
    expect(mail.html).toContain('Confirm sign-in</a>');
  });

  it('login-link: keeps a path prefix of the base and encodes the attempt id', () => {
    const mail = renderMail(
      content('login-link', { authId: 'a/b?c', secret: 't+k' }),
      { ...SETTINGS, publicBaseUrl: 'https://example.org/tangle/?x=1#frag' },
      NOW,
    );

    expect(mail.action).toBe('https://example.org/tangle/auth/confirm/a%2Fb%3Fc?token=t%2Bk');
  });

  it('login-link: says unknown for a location it does not know', () => {
    const requester = { description: 'an app', country: null, region: null };
    const mail = renderMail(content('login-link', { requester }), SETTINGS, NOW);

    expect(mail.text).toContain('Location: unknown');
  });

  it('login-link: a link from before match codes has neither code nor device', () => {
    const mail = renderMail(
      content('login-link', { matchCode: null, requester: null }),
      SETTINGS,
      NOW,
    );

    expect(mail.text).toContain('A device asked to sign in to your Tangle account.');
    expect(mail.text).not.toMatch(/Device:|Location:|this code/);
    expect(mail.text).toContain('Requested: 2026-03-15 10:00 UTC');
  });

  it('login-link: in French', () => {
    const mail = renderMail(content('login-link', { locale: 'fr' }), SETTINGS, NOW);

    expect(mail.text).toContain('Appareil : Firefox on Linux');
    expect(mail.text).toContain('Lieu : Brittany, FR');
    expect(mail.text).toContain('Ne confirmez que si votre appareil affiche ce code :');
    expect(mail.text).toContain('K7M-42P');
  });

  it('password-changed: a notice with the time and no secret', () => {
    const mail = renderMail(content('password-changed', { secret: null }), SETTINGS, NOW);

    expect(mail.subject).toBe('Your Tangle password was changed');
    expect(mail.text).toContain('was changed on 2026-03-15 10:00 UTC');
    expect(mail.html).toContain('reset your password right away');
    expect(mail.action).toBeNull();
    expect(mail.text).not.toMatch(/expires/);
  });

  it('takes the product name from the settings', () => {
    const mail = renderMail(
      content('email-verification'),
      { ...SETTINGS, productName: 'Osmium' },
      NOW,
    );

    expect(mail.subject).toBe('Verify your email address for Osmium');
    expect(mail.text).toContain('The Osmium team');
  });

  it('HTML-escapes every interpolated value, and leaves the text part alone', () => {
    const mail = renderMail(
      content('login-link', {
        requester: { description: '<script>alert("x")</script>', country: null, region: null },
        secret: '"><img src=x>',
      }),
      { ...SETTINGS, productName: 'Tom & Jerry <Chat>' },
      NOW,
    );

    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).not.toContain('Tom & Jerry');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(mail.html).toContain('<title>Sign in to Tom &amp; Jerry &lt;Chat&gt;</title>');
    expect(mail.text).toContain('<script>alert("x")</script>');
    expect(mail.subject).toBe('Sign in to Tom & Jerry <Chat>');
  });

  it('escapes a code in the HTML part', () => {
    const mail = renderMail(content('email-verification', { secret: '<b>1&2</b>' }), SETTINGS, NOW);

    expect(mail.html).toContain('&lt;b&gt;1&amp;2&lt;/b&gt;');
    expect(mail.html).not.toContain('<b>1');
  });

  it('renders French for fr and its regional variants', () => {
    for (const locale of ['fr', 'fr-CA', 'FR_be']) {
      const mail = renderMail(content('email-verification', { locale }), SETTINGS, NOW);

      expect(mail.subject).toBe('Vérifiez votre adresse e-mail pour Tangle');
      expect(mail.text).toContain('Il expire dans 15 minutes.');
      expect(mail.html).toContain('<html lang="fr">');
    }
  });

  it('falls back to English for an unknown or empty locale', () => {
    for (const locale of ['de', '', 'xx-YY', '__proto__', 'constructor']) {
      const mail = renderMail(content('password-reset', { locale }), SETTINGS, NOW);

      expect(mail.subject).toBe('Reset your Tangle password');
      expect(mail.html).toContain('<html lang="en">');
    }
  });

  it('falls back to English for the sections a locale does not translate', () => {
    const mail = renderMail(content('password-changed', { locale: 'fr' }), SETTINGS, NOW);

    expect(mail.subject).toBe('Your Tangle password was changed');
    expect(mail.text).toContain('Bonjour,');
    expect(mail.text).toContain('L’équipe Tangle');
  });

  it('fails as malformed when a required value is missing or the template is unknown', () => {
    expect(() =>
      renderMail(content('email-verification', { secret: null }), SETTINGS, NOW),
    ).toThrow(MalformedMailError);
    expect(() => renderMail(content('login-link', { authId: null }), SETTINGS, NOW)).toThrow(
      MalformedMailError,
    );
    expect(() => renderMail(content('nonsense' as MailTemplate), SETTINGS, NOW)).toThrow(
      /unknown mail template nonsense/,
    );
  });

  it('omits the expiry sentence when the request does not expire', () => {
    const mail = renderMail(content('email-verification', { expiresAt: null }), SETTINGS, NOW);

    expect(mail.text).toContain('493817');
    expect(mail.text).not.toContain('expires');
  });
});

describe('stringsFor', () => {
  it('completes a partial catalogue from English, section by section', () => {
    const partial = { common: { ...en.common, greeting: 'Hej,' } };

    const { locale, strings } = stringsFor('sv-SE', { sv: partial });

    expect(locale).toBe('sv');
    expect(strings.common.greeting).toBe('Hej,');
    expect(strings['password-reset']).toBe(en['password-reset']);
  });
});

describe('renderMail: account settings', () => {
  it('password-setup and email-change: the code and its expiry', () => {
    const setup = renderMail(content('password-setup'), SETTINGS, NOW);
    expect(setup.subject).toBe('Set a password for your Tangle account');
    expect(setup.text).toContain('493817');
    expect(setup.text).toContain('15 minutes');
    const change = renderMail(content('email-change'), SETTINGS, NOW);
    expect(change.subject).toBe('Confirm your new email address for Tangle');
    expect(change.html).toContain('493817');
  });

  it('email-changed: the undo link from the configured base, and until when it works', () => {
    const mail = renderMail(
      content('email-changed', {
        userId: '386015308038537216',
        secret: 'undo-token_1',
        expiresAt: NOW + 7 * 86_400_000,
      }),
      { ...SETTINGS, publicBaseUrl: 'https://chat.example.org/auth-api/' },
      NOW,
    );
    const href =
      'https://chat.example.org/auth-api/settings/email/undo/386015308038537216?token=undo-token_1';
    expect(mail.action).toBe(href);
    expect(mail.text).toContain(href);
    expect(mail.text).toContain('2026-03-22 10:00 UTC');
    expect(mail.subject).toMatch(/email address .* was changed/);
    expect(() => renderMail(content('email-changed', { userId: null }), SETTINGS, NOW)).toThrow(
      MalformedMailError,
    );
  });
});
