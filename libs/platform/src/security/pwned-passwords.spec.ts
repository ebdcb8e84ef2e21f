import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PwnedRangeStub, sha1Hex } from '@tangle/testing/pwned-range-stub';
import { PwnedPasswordsRangeClient } from './pwned-passwords';

describe('PwnedPasswordsRangeClient', () => {
  const stub = new PwnedRangeStub(
    new Map([
      ['Password123!', 421_000],
      ['pad0-collision', 0],
    ]),
  );
  let client: PwnedPasswordsRangeClient;

  beforeAll(async () => {
    client = new PwnedPasswordsRangeClient({ baseUrl: await stub.start(), timeoutMs: 500 });
  });
  afterAll(() => stub.stop());
  beforeEach(() => {
    stub.mode = 'answer';
    stub.requests.length = 0;
  });

  it('finds a breached password by the suffix of its SHA-1, with its count', async () => {
    expect(await client.timesSeen('Password123!')).toBe(421_000);
  });

  it('answers 0 for a password the service does not know', async () => {
    expect(await client.timesSeen('Zq7-vortex-plinth-2')).toBe(0);
  });

  it('sends only the first 5 hex characters of the hash, and asks for padding', async () => {
    await client.timesSeen('Password123!');
    const hash = sha1Hex('Password123!');
    expect(stub.requests).toHaveLength(1);
    const [request] = stub.requests;
    expect(request.url).toBe(`/range/${hash.slice(0, 5)}`);
    expect(request.headers['add-padding']).toBe('true');
    const sent = JSON.stringify(request);
    expect(sent).not.toContain(hash.slice(5, 15));
    expect(sent).not.toContain('Password123!');
  });

  it('counts a padding entry (count 0) as not seen', async () => {
    // The stub lists this password with a count of 0, as a padding line would carry.
    expect(await client.timesSeen('pad0-collision')).toBe(0);
  });

  it('gives up after its timeout when the service does not answer', async () => {
    stub.mode = 'slow';
    const started = performance.now();
    await expect(client.timesSeen('Password123!')).rejects.toThrow(
      'no answer from the range service within 500 ms',
    );
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('rejects an error answer and an oversized one', async () => {
    stub.mode = 'error';
    await expect(client.timesSeen('Password123!')).rejects.toThrow(
      'the range service answered HTTP 503',
    );
    stub.mode = 'huge';
    await expect(client.timesSeen('Password123!')).rejects.toThrow(/range answer is over/);
  });

  it('rejects when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const unreachable = new PwnedPasswordsRangeClient({
      baseUrl: `http://127.0.0.1:${port}`,
      timeoutMs: 500,
    });
    await expect(unreachable.timesSeen('Password123!')).rejects.toThrow(
      'the range service is unreachable (ECONNREFUSED)',
    );
  });
});
