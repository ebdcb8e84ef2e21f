import { connect, type Socket } from 'node:net';
import { HttpResponseReader, type HttpAnswer } from './http-response-reader';
import { LoadTally, type LoadResult } from './osmium-load';
import { cpuSeconds } from './proc-cpu';

export interface HttpRequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpLoadOptions {
  /** http://host:port */
  baseUrl: string;
  /** Keep-alive connections, each with one request at a time (no pipelining). */
  connections: number;
  warmupMs: number;
  durationMs: number;
  /** The request connection `index` sends, again and again (its first, when `follow` is set). */
  request(index: number): HttpRequestSpec;
  /**
   * For a chain of requests: connection `index`'s next request, made from the body of its last
   * answer with the expected status (a refresh token spent for the next one). Answers with
   * another status leave the request as it was.
   */
  follow?(index: number, body: Buffer): HttpRequestSpec;
  /** Answers with another status count as errors (by status, in errorCodes). */
  expectStatus: number;
  /** Checks the first answer's body on every connection (untimed); throws when it is wrong. */
  checkFirstAnswer?(body: Buffer): void;
  /** The server's process: its CPU time over the measured window is read from /proc. */
  serverPid?: number;
}

export interface HttpLoadResult extends LoadResult {
  /** CPU time (user + system) the server used per answer in the measured window, in µs. */
  serverCpuUsPerAnswer: number | null;
  /** The same for this process, the load generator. */
  clientCpuUsPerAnswer: number | null;
}

const CONNECT_TIMEOUT_MS = 15_000;
const DRAIN_TIMEOUT_MS = 5_000;

/**
 * Closed-loop HTTP/1.1 load: `connections` keep-alive TCP connections, each sending its next
 * request once the previous answer has fully arrived (one in flight per connection: no
 * pipelining). Each request is encoded once and written in one call; answers are framed by
 * HttpResponseReader. Node's own http client spends ~130 µs of CPU per request on this machine,
 * which on the one core a client gets caps it below the rates to measure; this costs a tenth.
 * Every connection sends one untimed request first (its answer checked), so the connections
 * are open before the clock starts; completions are counted by arrival, as in runLoad.
 */
export async function runHttpLoad(
  options: HttpLoadOptions,
  tally: LoadTally = new LoadTally(),
): Promise<HttpLoadResult> {
  const base = new URL(options.baseUrl);
  const port = Number(base.port || 80);
  const { latency, errorCodes } = tally;
  const countBefore = latency.count;
  let sending = true;
  let measureFrom = Infinity;
  let measureUntil = Infinity;
  let inFlight = 0;
  let onIdle: (() => void) | null = null;
  const sockets: Socket[] = [];
  // Every answer in the window, errors included, for the server's CPU per answer.
  let answeredInWindow = 0;
  let cpuAtStart: number | null = null;
  let cpuAtEnd: number | null = null;
  let clientCpuAtStart: NodeJS.CpuUsage | null = null;
  let clientCpu: NodeJS.CpuUsage | null = null;

  const countError = (status: number) => {
    tally.errors += 1;
    errorCodes[status] = (errorCodes[status] ?? 0) + 1;
  };

  const open = (index: number) =>
    new Promise<{ start(): void }>((opened, fail) => {
      let frame = encodeRequest(base.host, options.request(index));
      const reader = new HttpResponseReader();
      const socket = connect({ host: base.hostname, port, noDelay: true });
      sockets.push(socket);
      let sentAt = 0;
      let first = true;
      let waiting = false;
      const send = () => {
        inFlight += 1;
        waiting = true;
        sentAt = performance.now();
        socket.write(frame);
      };
      const onAnswer = ({ status, body }: HttpAnswer) => {
        const now = performance.now();
        inFlight -= 1;
        waiting = false;
        if (options.follow && status === options.expectStatus) {
          frame = encodeRequest(base.host, options.follow(index, body));
        }
        if (first) {
          first = false;
          if (status !== options.expectStatus) {
            fail(new Error(`first answer ${status}: ${body.toString('utf8', 0, 200)}`));
            return;
          }
          try {
            options.checkFirstAnswer?.(body);
          } catch (error) {
            fail(error);
            return;
          }
          opened({ start: send });
          return;
        }
        if (now >= measureFrom && now < measureUntil) {
          answeredInWindow += 1;
          if (status === options.expectStatus) latency.record(now - sentAt);
          else countError(status);
        }
        if (sending && now < measureUntil) send();
        else if (inFlight === 0) onIdle?.();
      };
      socket.on('data', (chunk: Buffer) => {
        try {
          reader.push(chunk, onAnswer);
        } catch (error) {
          socket.destroy(error as Error);
        }
      });
      socket.on('error', (error) => fail(error));
      socket.once('close', () => {
        if (first) fail(new Error('connection closed before its first answer'));
        if (sending) tally.droppedConnections += 1;
        if (waiting) {
          // The request in flight will not be answered.
          waiting = false;
          inFlight -= 1;
          if (inFlight === 0) onIdle?.();
        }
      });
      socket.once('connect', send);
    });

  try {
    const connections = await withTimeout(
      Promise.all(Array.from({ length: options.connections }, (_, index) => open(index))),
      CONNECT_TIMEOUT_MS,
      'first requests',
    );
    const started = performance.now();
    const startedUs = Number(process.hrtime.bigint() / 1000n);
    measureFrom = started + options.warmupMs;
    measureUntil = measureFrom + options.durationMs;
    const fromUs = startedUs + options.warmupMs * 1000;
    tally.windowsUs.push([fromUs, fromUs + options.durationMs * 1000]);
    const serverCpu = () =>
      options.serverPid === undefined ? null : cpuSeconds(options.serverPid);
    const cpuStart = setTimeout(() => {
      cpuAtStart = serverCpu();
      clientCpuAtStart = process.cpuUsage();
    }, options.warmupMs);
    for (const connection of connections) connection.start();
    await new Promise((done) => setTimeout(done, measureUntil - performance.now()));
    cpuAtEnd = serverCpu();
    if (clientCpuAtStart) clientCpu = process.cpuUsage(clientCpuAtStart);
    clearTimeout(cpuStart);
    sending = false;
    if (inFlight > 0) {
      await withTimeout(
        new Promise<void>((done) => (onIdle = done)),
        DRAIN_TIMEOUT_MS,
        'drain',
      ).catch(() => undefined);
    }
  } finally {
    sending = false;
    for (const socket of sockets) socket.destroy();
  }

  const seconds = options.durationMs / 1000;
  tally.seconds += seconds;
  tally.runs.push((latency.count - countBefore) / seconds);
  const serverCpuUsPerAnswer =
    cpuAtStart !== null && cpuAtEnd !== null && answeredInWindow > 0
      ? ((cpuAtEnd - cpuAtStart) * 1e6) / answeredInWindow
      : null;
  const clientCpuUsPerAnswer =
    clientCpu !== null && answeredInWindow > 0
      ? (clientCpu.user + clientCpu.system) / answeredInWindow
      : null;
  return { ...tally.result(), serverCpuUsPerAnswer, clientCpuUsPerAnswer };
}

/** The request's bytes: HTTP/1.1, keep-alive (the default), a Content-Length for a body. */
export function encodeRequest(host: string, spec: HttpRequestSpec): Buffer {
  const body = spec.body === undefined ? null : Buffer.from(spec.body);
  const headers: Record<string, string> = { host, ...spec.headers };
  if (body) headers['content-length'] = String(body.length);
  const head =
    `${spec.method} ${spec.path} HTTP/1.1\r\n` +
    Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('') +
    '\r\n';
  return body ? Buffer.concat([Buffer.from(head, 'latin1'), body]) : Buffer.from(head, 'latin1');
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_done, fail) => {
    timer = setTimeout(() => fail(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
