import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { peakRssMb, resetPeakRss } from './proc-memory';

/** The repository root, from dist/bench/src. */
export const ROOT = resolve(__dirname, '../../..');

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export interface ServerProcess {
  readonly pid: number;
  /** ws://127.0.0.1:port/ (the Osmium endpoint). */
  readonly url: string;
  /** http://127.0.0.1:port, the same port over HTTP. */
  readonly httpUrl: string;
  /** Milliseconds from spawning the process to its first successful probe (see AuthServiceOptions.probe). */
  readonly startMs: number;
  peakRssMb(): number | null;
  /** Starts the peak RSS reading afresh (e.g. after the untimed setup). */
  resetPeakRss(): boolean;
  /** SIGTERM, then SIGKILL if it lingers; removes its data directory. */
  stop(): Promise<void>;
  /** After stop(): the .cpuprofile the process wrote, when it ran under --cpu-prof. */
  cpuProfile(): string | undefined;
}

export interface AuthServiceOptions {
  /** Runs the server under --cpu-prof, writing into this directory when it exits. */
  cpuProfileDir?: string;
  /** A port chosen beforehand, e.g. because a setting has to name it; default: a free one. */
  port?: number;
  env?: Record<string, string>;
  /** A data directory to run on, left in place on stop; default: a fresh one, removed on stop. */
  dataDir?: string;
  /**
   * What counts as started: resolves true once the server answers it; default: GET /healthz
   * answers 200. Polled every 10 ms.
   */
  probe?: (port: number) => Promise<boolean>;
  startTimeoutMs?: number;
}

/** The built auth service on 127.0.0.1, a free port and a fresh data directory. */
export async function startAuthService(options: AuthServiceOptions = {}): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tangle-bench-data-'));
  const port = options.port ?? (await freePort());
  const script = join(ROOT, 'dist/apps/auth-service/src/main.js');
  const profile = options.cpuProfileDir;
  const nodeArgs = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : [];
  const start = { probe: options.probe, timeoutMs: options.startTimeoutMs };
  const removeOnStop = options.dataDir === undefined ? dataDir : null;
  return spawnServer([...nodeArgs, script], port, removeOnStop, profile, start, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    // Every load comes from 127.0.0.1: it signs up and in, and holds WebSockets (1,260 in the
    // revocation bench), far beyond what one address may.
    RATE_LIMITS: 'off',
    WS_MAX_CONNECTIONS_PER_ADDRESS: '10000',
    ...options.env,
  });
}

/** The bare node:http server that the HTTP reference runs against (http-reference-server.ts). */
export async function startHttpReferenceServer(): Promise<ServerProcess> {
  const port = await freePort();
  return spawnServer(
    [join(__dirname, 'http-reference-server.js')],
    port,
    null,
    undefined,
    {},
    {
      PORT: String(port),
    },
  );
}

/** The trivial WebSocket echo server that the transport reference runs against. */
export async function startEchoServer(): Promise<ServerProcess> {
  const port = await freePort();
  return spawnServer(
    [join(__dirname, 'echo-server.js')],
    port,
    null,
    undefined,
    {},
    {
      PORT: String(port),
    },
  );
}

async function spawnServer(
  args: string[],
  port: number,
  dataDir: string | null,
  profileDir: string | undefined,
  start: StartOptions,
  env: Record<string, string>,
): Promise<ServerProcess> {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const cleanUp = () => {
    if (dataDir !== null) rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForStart(port, child, exited, () => output, start);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    cleanUp();
    throw error;
  }

  const startMs = performance.now() - spawnedAt;
  const pid = child.pid!;
  return {
    pid,
    startMs,
    url: `ws://127.0.0.1:${port}/`,
    httpUrl: `http://127.0.0.1:${port}`,
    peakRssMb: () => peakRssMb(pid),
    resetPeakRss: () => resetPeakRss(pid),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
      cleanUp();
    },
    cpuProfile: () => {
      if (profileDir === undefined) return undefined;
      const written = readdirSync(profileDir).find(
        (name) => name.endsWith('.cpuprofile') && name.includes(`.${pid}.`),
      );
      return written === undefined ? undefined : join(profileDir, written);
    },
  };
}

interface StartOptions {
  probe?: (port: number) => Promise<boolean>;
  timeoutMs?: number;
}

const healthy = async (port: number) => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok;

async function waitForStart(
  port: number,
  child: ChildProcess,
  exited: Promise<void>,
  output: () => string,
  start: StartOptions,
): Promise<void> {
  const timeoutMs = start.timeoutMs ?? START_TIMEOUT_MS;
  const probe = start.probe ?? healthy;
  const interval = start.probe ? 10 : 50;
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void exited.then(() => (gone = true));
  while (Date.now() < deadline) {
    if (gone) throw new Error(`server exited (${child.exitCode}) before listening:\n${output()}`);
    try {
      if (await probe(port)) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, interval));
  }
  throw new Error(`server did not start within ${timeoutMs} ms:\n${output()}`);
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}
