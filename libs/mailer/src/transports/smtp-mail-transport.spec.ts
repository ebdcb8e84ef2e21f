import { LoopbackSmtpServer } from '../testing/loopback-smtp-server';
import type { OutgoingMail } from './mail-transport';
import { messageIdFor } from './mail-transport';
import { SmtpMailTransport } from './smtp-mail-transport';

function outgoing(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    to: 'ada@example.org',
    subject: 'Verify your email address for Tangle',
    text: 'Enter this code:\n\n    493817\n',
    html: '<p>Enter this code:</p><p>493817</p>',
    messageId: messageIdFor('7311'),
    headers: { 'X-Tangle-Event-Id': '7311' },
    template: 'email-verification',
    action: '493817',
    ...overrides,
  };
}

describe('SmtpMailTransport against a loopback SMTP server', () => {
  let server: LoopbackSmtpServer;
  let transport: SmtpMailTransport | undefined;

  afterEach(async () => {
    await transport?.close();
    transport = undefined;
    await server.close();
  });

  it('delivers subject, text, HTML, Message-ID and headers, authenticating from the URL', async () => {
    server = await LoopbackSmtpServer.start({ auth: { user: 'mailer', pass: 's3cr:t' } });
    transport = new SmtpMailTransport({ url: server.url(), from: 'Tangle <no-reply@example.org>' });

    const result = await transport.send(outgoing());

    expect(result.accepted).toBe(true);
    expect(result.id).toContain('queued as loopback');
    const [received] = await server.waitFor(1);
    expect(received.envelopeTo).toEqual(['ada@example.org']);
    expect(received.parsed.subject).toBe('Verify your email address for Tangle');
    expect(received.parsed.text).toContain('493817');
    expect(received.parsed.html).toContain('<p>493817</p>');
    expect(received.parsed.messageId).toBe('<7311@tangle-auth>');
    expect(received.parsed.from?.value).toEqual([
      { name: 'Tangle', address: 'no-reply@example.org' },
    ]);
    expect(received.parsed.headers.get('x-tangle-event-id')).toBe('7311');
  });

  it('sends several mails over the pool', async () => {
    server = await LoopbackSmtpServer.start();
    transport = new SmtpMailTransport({ url: server.url(), from: 'no-reply@example.org' });

    await Promise.all(
      ['1', '2', '3'].map((id) => transport!.send(outgoing({ messageId: messageIdFor(id) }))),
    );

    const received = await server.waitFor(3);
    expect(received.map((mail) => mail.parsed.messageId).sort()).toEqual([
      '<1@tangle-auth>',
      '<2@tangle-auth>',
      '<3@tangle-auth>',
    ]);
  });

  it('rejects when the server refuses the credentials', async () => {
    server = await LoopbackSmtpServer.start({ auth: { user: 'mailer', pass: 'right' } });
    transport = new SmtpMailTransport({
      url: server.url({ user: 'mailer', pass: 'wrong' }),
      from: 'no-reply@example.org',
    });

    await expect(transport.send(outgoing())).rejects.toThrow(/Invalid username or password/);
    expect(server.received).toHaveLength(0);
  });

  it('rejects when the server answers DATA with a temporary failure', async () => {
    server = await LoopbackSmtpServer.start({ failWith: 451 });
    transport = new SmtpMailTransport({ url: server.url(), from: 'no-reply@example.org' });

    await expect(transport.send(outgoing())).rejects.toThrow(/451/);
  });

  it('rejects within its timeout when nothing listens', async () => {
    server = await LoopbackSmtpServer.start();
    const url = server.url();
    await server.close();
    server = await LoopbackSmtpServer.start(); // for afterEach
    transport = new SmtpMailTransport({
      url,
      from: 'no-reply@example.org',
      connectionTimeoutMs: 500,
    });

    await expect(transport.send(outgoing())).rejects.toThrow(/ECONNREFUSED|timeout/i);
  });
});

describe('messageIdFor', () => {
  it('derives a stable Message-ID from the event id', () => {
    expect(messageIdFor('123456789')).toBe('<123456789@tangle-auth>');
    expect(messageIdFor('123456789')).toBe(messageIdFor('123456789'));
    expect(messageIdFor('a b>c')).toBe('<a_b_c@tangle-auth>');
  });
});
