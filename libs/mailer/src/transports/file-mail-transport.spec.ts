import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { FileMailTransport } from './file-mail-transport';
import { messageIdFor, type OutgoingMail } from './mail-transport';

function outgoing(overrides: Partial<OutgoingMail> = {}): OutgoingMail {
  return {
    to: 'ada@example.org',
    subject: 'Reset your Tangle password',
    text: 'Enter this code:\n\n    493817\n',
    html: '<p>493817</p>',
    messageId: messageIdFor('9001'),
    headers: { 'X-Tangle-Event-Id': '9001' },
    template: 'password-reset',
    action: '493817',
    ...overrides,
  };
}

describe('FileMailTransport', () => {
  let dir: string;
  let lines: string[];
  let transport: FileMailTransport;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-mail-files-'));
    lines = [];
    transport = new FileMailTransport({
      dir: join(dir, 'mail'),
      from: 'Tangle <no-reply@localhost>',
      devLog: (line) => lines.push(line),
    });
  });

  afterEach(async () => {
    await transport.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a parseable .eml file, owner-readable only', async () => {
    const result = await transport.send(outgoing());

    expect(result.accepted).toBe(true);
    expect(readdirSync(join(dir, 'mail'))).toEqual([expect.stringMatching(/9001.*\.eml$/)]);
    expect(result.id.endsWith('.eml')).toBe(true);
    expect(statSync(result.id).mode & 0o777).toBe(0o600);
    const parsed = await simpleParser(readFileSync(result.id));
    expect(parsed.subject).toBe('Reset your Tangle password');
    expect(parsed.text).toContain('493817');
    expect(parsed.html).toContain('<p>493817</p>');
    expect(parsed.messageId).toBe('<9001@tangle-auth>');
    expect(parsed.headers.get('x-tangle-event-id')).toBe('9001');
    expect(parsed.from?.value).toEqual([{ name: 'Tangle', address: 'no-reply@localhost' }]);
  });

  it('logs one line with the recipient and the template, but no code or link by default', async () => {
    await transport.send(outgoing());
    await transport.send(
      outgoing({
        template: 'login-link',
        action: 'http://localhost:3000/auth/confirm/1?token=t0k3n',
        messageId: messageIdFor('9002'),
      }),
    );

    expect(lines).toEqual([
      'mail to ada@example.org: password-reset (code or link not logged: MAIL_LOG_SECRETS=on)',
      'mail to ada@example.org: login-link (code or link not logged: MAIL_LOG_SECRETS=on)',
    ]);
    expect(lines.join('\n')).not.toMatch(/493817|t0k3n|confirm/);
  });

  it('with logSecrets, logs the code or link too', async () => {
    await transport.close();
    transport = new FileMailTransport({
      dir: join(dir, 'mail'),
      from: 'Tangle <no-reply@localhost>',
      devLog: (line) => lines.push(line),
      logSecrets: true,
    });
    await transport.send(outgoing());
    await transport.send(
      outgoing({
        template: 'login-link',
        action: 'http://localhost:3000/auth/confirm/1?token=t',
        messageId: messageIdFor('9002'),
      }),
    );
    await transport.send(
      outgoing({ template: 'password-changed', action: null, messageId: messageIdFor('9003') }),
    );

    expect(lines).toEqual([
      'mail to ada@example.org: password-reset 493817',
      'mail to ada@example.org: login-link http://localhost:3000/auth/confirm/1?token=t',
      'mail to ada@example.org: password-changed',
    ]);
    expect(readdirSync(join(dir, 'mail')).filter((name) => name.endsWith('.eml'))).toHaveLength(3);
  });

  it('keeps both files when the same event is sent twice', async () => {
    await transport.send(outgoing());
    await transport.send(outgoing());

    expect(readdirSync(join(dir, 'mail'))).toHaveLength(2);
  });
});
