import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export interface AppProcess {
  port: number;
  dataDir: string;
  url: string;
  httpUrl: string;
  child: ChildProcess;
  output(): string;
  /** SIGTERM (or the given signal) and wait for the exit; returns the exit code or signal. */
  stop(signal?: NodeJS.Signals): Promise<number | string | null>;
  /** SIGKILL: no shutdown hooks run. */
  kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export function tempDataDir(prefix = 'tangle-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Starts the real auth-service (apps/auth-service/src/main.ts) as a child process,
 * from source, on a free port and its own data directory; resolves once it listens.
 */
export async function startApp(
  options: {
    dataDir?: string;
    env?: Record<string, string>;
    port?: number;
    /** Scripts the child loads first (`node -r`), e.g. test/support/controlled-clock.js. */
    preload?: string[];
    /**
     * Another app's entry point, e.g. apps/projector/src/main.ts: it gets the port as HEALTH_PORT
     * and counts as started once its /healthz answers.
     */
    main?: string;
  } = {},
): Promise<AppProcess> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? tempDataDir();
  const child = spawn(
    process.execPath,
    [
      ...(options.preload ?? []).flatMap((script) => ['-r', resolve(ROOT, script)]),
      '-r',
      join(ROOT, 'test/support/register-ts.js'),
      join(ROOT, options.main ?? 'apps/auth-service/src/main.ts'),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORT: String(port),
        ...(options.main ? { HEALTH_PORT: String(port) } : {}),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        // Every suite signs up and in from 127.0.0.1; the limits have their own suite.
        RATE_LIMITS: 'off',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string | null>((done) =>
    child.once('exit', (code, signal) => done(code ?? signal)),
  );

  await waitUntilListening(port, exited, () => output);
  return {
    port,
    dataDir,
    url: `ws://127.0.0.1:${port}/`,
    httpUrl: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
    kill: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

async function waitUntilListening(
  port: number,
  exited: Promise<unknown>,
  output: () => string,
): Promise<void> {
  let done = false;
  const failed = exited.then(() => {
    if (!done) throw new Error(`app exited before listening:\n${output()}`);
  });
  const deadline = Date.now() + 60_000;
  const poll = (async () => {
    while (Date.now() < deadline) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/healthz`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`app did not listen within 60 s:\n${output()}`);
  })();
  try {
    await Promise.race([poll, failed]);
  } finally {
    done = true;
  }
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
