import WebSocket from 'ws';
import { core } from '@tangle/protocol';
import { measured, type Measured } from './rows';
import { INITIALIZE } from './setup-client';
import { LatencyRecorder, type LatencySummary } from './stats';

type Body = Omit<core.IClientMessage, 'id'>;

export interface LoadOptions {
  url: string;
  connections: number;
  /** Requests kept in flight on each connection (closed loop: a reply sends the next). */
  depth: number;
  warmupMs: number;
  durationMs: number;
  /** The request connection `index` sends, again and again. */
  request(index: number): Body;
  /**
   * Sent once on connection `index` after core.Initialize, untimed, before the load (e.g. an
   * auth.authorize that signs the connection in); an error answer fails the run.
   */
  prelude?(index: number): Body;
  /** Ask `request` again for every request (requests that may not repeat), not once per connection. */
  perRequest?: boolean;
  /**
   * 'server': replies are ServerMessages; 'echo': the frame comes back as sent (a ClientMessage).
   */
  replies: 'server' | 'echo';
}

export interface LoadResult {
  completed: number;
  errors: number;
  /** Error code → count, for the report. */
  errorCodes: Record<string, number>;
  seconds: number;
  throughput: number;
  latency: LatencySummary;
  /** Connections the server closed before the end. */
  droppedConnections: number;
  /** The measured windows, in microseconds of the monotonic clock (as in .cpuprofile files). */
  windowsUs: Array<[number, number]>;
}

/** Adds up the measured windows of one or more runs (e.g. rounds interleaved with a reference). */
export class LoadTally {
  readonly latency = new LatencyRecorder();
  readonly errorCodes: Record<string, number> = {};
  errors = 0;
  seconds = 0;
  droppedConnections = 0;
  /** Throughput of each run added, in order. */
  readonly runs: number[] = [];
  readonly windowsUs: Array<[number, number]> = [];

  result(): LoadResult {
    return {
      completed: this.latency.count,
      errors: this.errors,
      errorCodes: this.errorCodes,
      seconds: this.seconds,
      throughput: this.seconds > 0 ? this.latency.count / this.seconds : 0,
      latency: this.latency.summary(),
      droppedConnections: this.droppedConnections,
      windowsUs: this.windowsUs,
    };
  }
}

const CONNECT_TIMEOUT_MS = 15_000;
const DRAIN_TIMEOUT_MS = 5_000;

interface Reply {
  reqId: number;
  errorCode: number | null;
}

function decodeServerReply(data: Buffer): Reply | null {
  const result = core.ServerMessage.decode(data).result;
  if (!result) return null;
  return {
    reqId: result.reqId ?? 0,
    errorCode: result.error ? (result.error.errorCode ?? 0) : null,
  };
}

function decodeEchoReply(data: Buffer): Reply {
  return { reqId: core.ClientMessage.decode(data).id ?? 0, errorCode: null };
}

/**
 * Closed-loop load over real WebSockets with the generated protobuf code. Every connection
 * sends core.Initialize first, then keeps `depth` requests in flight until the window ends.
 * Completions are counted by the time they arrive: warm-up ones are discarded, those in the
 * measured window are counted and their latency recorded.
 */
export async function runLoad(
  options: LoadOptions,
  tally: LoadTally = new LoadTally(),
): Promise<LoadResult> {
  const decode = options.replies === 'server' ? decodeServerReply : decodeEchoReply;
  const sockets = await Promise.all(
    Array.from({ length: options.connections }, () => openSocket(options.url)),
  );
  const { latency, errorCodes } = tally;
  const countBefore = latency.count;
  let inFlight = 0;
  let onIdle: (() => void) | null = null;
  let measureFrom = Infinity;
  let measureUntil = Infinity;
  let sending = true;

  const connections = sockets.map((socket, index) => {
    const sentAt = new Map<number, number>();
    const fixed = options.perRequest ? null : options.request(index);
    const next = () => fixed ?? options.request(index);
    let nextId = 1;
    let ready = false;
    let preludeSent = false;
    let markReady: () => void = () => undefined;
    let failReady: (error: Error) => void = () => undefined;
    const initialized = new Promise<void>((done, fail) => {
      markReady = done;
      failReady = fail;
    });

    const send = (payload: Body) => {
      const id = nextId++;
      sentAt.set(id, performance.now());
      inFlight += 1;
      socket.send(core.ClientMessage.encode({ id, ...payload }).finish());
    };
    socket.on('message', (data: Buffer) => {
      const now = performance.now();
      const reply = decode(data);
      if (reply === null) return;
      const started = sentAt.get(reply.reqId);
      if (started === undefined) return;
      sentAt.delete(reply.reqId);
      inFlight -= 1;
      if (!ready) {
        if (options.prelude && !preludeSent) {
          preludeSent = true;
          send(options.prelude(index));
          return;
        }
        if (preludeSent && reply.errorCode !== null) {
          failReady(new Error(`prelude of connection ${index} refused: error ${reply.errorCode}`));
          return;
        }
        ready = true;
        markReady();
        return;
      }
      if (now >= measureFrom && now < measureUntil) {
        if (reply.errorCode === null) {
          latency.record(now - started);
        } else {
          tally.errors += 1;
          errorCodes[reply.errorCode] = (errorCodes[reply.errorCode] ?? 0) + 1;
        }
      }
      if (sending && now < measureUntil) send(next());
      else if (inFlight === 0) onIdle?.();
    });
    socket.on('close', () => {
      if (sending) tally.droppedConnections += 1;
      inFlight -= sentAt.size;
      sentAt.clear();
      if (inFlight === 0) onIdle?.();
    });
    socket.on('error', () => undefined);
    send(INITIALIZE);
    return {
      initialized,
      start: () => {
        for (let i = 0; i < options.depth; i += 1) send(next());
      },
    };
  });

  try {
    await withTimeout(
      Promise.all(connections.map((c) => c.initialized)),
      CONNECT_TIMEOUT_MS,
      'Initialize',
    );
    const started = performance.now();
    const startedUs = Number(process.hrtime.bigint() / 1000n);
    measureFrom = started + options.warmupMs;
    measureUntil = measureFrom + options.durationMs;
    const fromUs = startedUs + options.warmupMs * 1000;
    tally.windowsUs.push([fromUs, fromUs + options.durationMs * 1000]);
    for (const connection of connections) connection.start();
    await new Promise((done) => setTimeout(done, measureUntil - performance.now()));
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
    for (const socket of sockets) socket.terminate();
  }

  const seconds = options.durationMs / 1000;
  tally.seconds += seconds;
  tally.runs.push((latency.count - countBefore) / seconds);
  return tally.result();
}

function openSocket(url: string): Promise<WebSocket> {
  const socket = new WebSocket(url, { perMessageDeflate: false });
  return withTimeout(
    new Promise((done, fail) => {
      socket.once('open', () => done(socket));
      socket.once('error', fail);
    }),
    CONNECT_TIMEOUT_MS,
    'connect',
  );
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_done, fail) => {
    timer = setTimeout(() => fail(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface LoadRowFields {
  id: string;
  name: string;
  peakRssMb: number | null;
  rssOf: Measured['rssOf'];
  referenceId?: string;
  notes?: string[];
  rounds?: number[];
  concurrency?: Measured['concurrency'];
}

export function rowFromLoad(result: LoadResult, fields: LoadRowFields): Measured {
  const notes = [...(fields.notes ?? [])];
  if (result.errors > 0) notes.push(`errors by code: ${JSON.stringify(result.errorCodes)}`);
  if (result.droppedConnections > 0) {
    notes.push(`${result.droppedConnections} connections closed by the server`);
  }
  return measured({
    id: fields.id,
    name: fields.name,
    throughput: result.throughput,
    unit: 'ops/s',
    p50Ms: result.latency.p50Ms,
    p99Ms: result.latency.p99Ms,
    peakRssMb: fields.peakRssMb,
    rssOf: fields.rssOf,
    referenceId: fields.referenceId ?? null,
    errors: result.errors,
    notes,
    rounds: fields.rounds,
    concurrency: fields.concurrency,
  });
}
