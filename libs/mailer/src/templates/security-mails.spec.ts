import { renderMail, type MailContent } from './render-mail';

const NOW = Date.UTC(2026, 2, 15, 10, 0);
const SETTINGS = { productName: 'Tangle', publicBaseUrl: 'https://chat.example.org/app/' };

const base: MailContent = {
  template: 'new-sign-in',
  locale: 'en',
  secret: null,
  authId: null,
  matchCode: null,
  requester: null,
  expiresAt: null,
  occurredAt: NOW,
};

describe('renderMail: security mails', () => {
  it('new-sign-in: the device, where and when, a link to the sessions, no secret', () => {
    const mail = renderMail(
      {
        ...base,
        requester: { description: 'Firefox 140 (desktop)', country: 'BR', region: 'SP' },
      },
      SETTINGS,
      NOW,
    );

    expect(mail.subject).toBe('New sign-in to your Tangle account');
    expect(mail.text).toContain('Device: Firefox 140 (desktop)');
    expect(mail.text).toContain('Location: SP, BR');
    expect(mail.text).toContain('Time: 2026-03-15 10:00 UTC');
    expect(mail.text).toContain('https://chat.example.org/app/settings/sessions');
    expect(mail.action).toBeNull();
  });

  it('new-sign-in: a device the client described with markup is text, never HTML', () => {
    const mail = renderMail(
      { ...base, requester: { description: '<a href="x">Bank</a>', country: null, region: null } },
      SETTINGS,
      NOW,
    );
    expect(mail.html).not.toContain('<a href="x">');
    expect(mail.html).toContain('&lt;a href=');
    expect(mail.text).toContain('Location: unknown');
  });

  it('takeout: a link with the token under the configured base, and its expiry', () => {
    const mail = renderMail(
      { ...base, template: 'takeout', secret: 'tgx_42_s3cr3t', expiresAt: NOW + 60 * 60_000 },
      SETTINGS,
      NOW,
    );
    expect(mail.subject).toBe('Your Tangle data export');
    expect(mail.action).toBe(
      'https://chat.example.org/app/v1/settings/takeout?token=tgx_42_s3cr3t',
    );
    expect(mail.text).toContain('It expires in 60 minutes.');
  });

  it('takeout: without its token there is no mail', () => {
    expect(() => renderMail({ ...base, template: 'takeout' }, SETTINGS, NOW)).toThrow(
      /takeout token is missing/,
    );
  });
});
