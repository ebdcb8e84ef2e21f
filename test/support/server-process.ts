import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** A server process started for the test run. */
export interface ServerProcess {
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<number | string | null>;
  /** The last lines the server wrote, for error messages. */
  logTail(lines?: number): string;
  /** Asks it to stop (killed after the grace period) and waits until it has. */
  stop(): Promise<void>;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Starts `command` under guard-server.js, which ends it if this process dies without stopping
 * it. Output goes to `logFile`. Neither the process nor its pipe keeps this one alive.
 */
export function startServerProcess(
  command: string,
  args: readonly string[],
  options: { logFile: string; graceMs: number; cwd?: string },
): ServerProcess {
  const log = openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(
      process.execPath,
      [join(__dirname, 'guard-server.js'), String(options.graceMs), command, ...args],
      { cwd: options.cwd, stdio: ['pipe', log, log] },
    );
  } finally {
    closeSync(log);
  }
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return {
    exited,
    logTail: (lines = 40) => {
      try {
        return readFileSync(options.logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
      } catch {
        return '';
      }
    },
    stop: async () => {
      // Ref'd again: an unref'd child that is all the loop waits for would let node exit first.
      child.ref();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Calls `check` until it resolves true, the process exits (rejects with its log) or `timeoutMs`
 * passes (rejects with the last error and the log).
 */
export async function waitUntilReady(
  name: string,
  server: ServerProcess,
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  let exit: { code: number | string | null } | null = null;
  void server.exited.then((code) => (exit = { code }));
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown = null;
  // The server process is unref'd, and a client waiting for a server that is not listening yet
  // may hold only unref'd timers: without this, node could find nothing left to wait for and
  // end the whole run in the middle of the wait.
  const keepAlive = setInterval(() => undefined, 1_000);
  try {
    await poll();
  } finally {
    clearInterval(keepAlive);
  }

  async function poll(): Promise<void> {
    for (;;) {
      if (exit !== null) {
        throw new Error(
          `${name} exited (${(exit as { code: unknown }).code}) before it was ready:\n${server.logTail()}`,
        );
      }
      try {
        if (await check()) return;
      } catch (error) {
        lastError = error;
      }
      if (Date.now() > deadline) {
        const reason = lastError instanceof Error ? lastError.message : String(lastError);
        throw new Error(
          `${name} was not ready after ${timeoutMs / 1000} s (${reason}):\n${server.logTail()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** A server process that can be stopped and started again on the same ports and files. */
export interface RestartableServer {
  stop(): Promise<void>;
  restart(): Promise<void>;
}

/**
 * Starts a server with `start` and waits until `check` holds (stopping it if it never does);
 * restart() does the same again after a stop().
 */
export async function startRestartable(
  name: string,
  start: () => ServerProcess,
  check: () => Promise<boolean>,
  timeoutMs: number,
): Promise<RestartableServer> {
  const launch = async () => {
    const server = start();
    try {
      await waitUntilReady(name, server, check, timeoutMs);
    } catch (error) {
      await server.stop();
      throw error;
    }
    return server;
  };
  let server = await launch();
  return {
    stop: () => server.stop(),
    restart: async () => {
      server = await launch();
    },
  };
}
