import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileMailTransport } from './file-mail-transport';
import { eraseOutboxMailTo } from './mail-outbox-eraser';

describe('eraseOutboxMailTo', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tangle-outbox-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function send(transport: FileMailTransport, to: string, n: number) {
    await transport.send({
      to,
      subject: `Mail ${n}`,
      text: `Hello Ada Lovelace, mail ${n}`,
      html: `<p>Hello ${n}</p>`,
      messageId: `<m${n}@tangle.local>`,
      headers: {},
      template: 'password-changed',
      action: null,
    });
  }

  it('deletes the mails to one address, in any case, and keeps the others', async () => {
    const transport = new FileMailTransport({
      dir,
      from: 'auth@tangle.local',
      devLog: () => undefined,
    });
    await send(transport, 'Ada@Example.com', 1);
    await send(transport, 'bob@example.com', 2);
    await send(transport, 'ada@example.com', 3);
    expect(readdirSync(dir)).toHaveLength(3);
    expect(await eraseOutboxMailTo(dir, 'ADA@example.com')).toBe(2);
    expect(readdirSync(dir)).toHaveLength(1);
    expect(await eraseOutboxMailTo(dir, 'ada@example.com')).toBe(0);
    await transport.close();
  });

  it('finds nothing in a directory that does not exist', async () => {
    expect(await eraseOutboxMailTo(join(dir, 'none'), 'ada@example.com')).toBe(0);
  });
});
