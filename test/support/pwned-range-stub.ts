import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const sha1Hex = (text: string): string =>
  createHash('sha1').update(text, 'utf8').digest('hex').toUpperCase();

export interface SeenRequest {
  url: string;
  headers: IncomingHttpHeaders;
}

/** A Pwned Passwords range API on loopback: it knows some passwords and pads every answer. */
export class PwnedRangeStub {
  readonly requests: SeenRequest[] = [];
  /** What the next requests get instead of a range answer. */
  mode: 'answer' | 'slow' | 'error' | 'huge' = 'answer';
  private server: Server | null = null;

  constructor(private readonly known: ReadonlyMap<string, number>) {}

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      this.requests.push({ url: request.url ?? '', headers: request.headers });
      if (this.mode === 'slow') return; // never answers; the client's timeout must end it
      if (this.mode === 'error') {
        response.writeHead(503).end('down for maintenance');
        return;
      }
      const prefix = /^\/range\/([0-9A-F]{5})$/.exec(request.url ?? '')?.[1];
      if (!prefix) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'text/plain' });
      if (this.mode === 'huge') {
        response.end('0'.repeat(3 * 1024 * 1024));
        return;
      }
      response.end(this.range(prefix, request.headers['add-padding'] === 'true'));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  private range(prefix: string, padded: boolean): string {
    const lines: string[] = [];
    for (const [password, count] of this.known) {
      const hash = sha1Hex(password);
      if (hash.startsWith(prefix)) lines.push(`${hash.slice(5)}:${count}`);
    }
    // Padding: random suffixes with a count of 0, as the real service adds them.
    if (padded) for (let i = 0; i < 800; i++) lines.push(`${sha1Hex(`pad${i}`).slice(5)}:0`);
    return lines.join('\r\n');
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
