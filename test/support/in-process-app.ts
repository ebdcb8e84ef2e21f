import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CLOCK } from '@tangle/application';
import { createAuthService } from '../../apps/auth-service/src/create-auth-service';
import { loadConfig } from '../../apps/auth-service/src/config/auth-service.config';

/** A clock the test moves: real time plus an offset. */
export class MovableClock {
  private offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface InProcessApp {
  app: NestFastifyApplication;
  clock: MovableClock;
  url: string;
  httpUrl: string;
  close(): Promise<void>;
}

/**
 * The real auth-service in this process, on a free port and `dataDir`, with a clock the test
 * moves (what a child process cannot offer): for flows that wait days.
 */
export async function startInProcessApp(
  dataDir: string,
  env: Record<string, string> = {},
  clock = new MovableClock(),
): Promise<InProcessApp> {
  // The in-process mailer reads its settings (DATA_DIR: the outbox, the mail key) from the environment.
  process.env.DATA_DIR = dataDir;
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    RATE_LIMITS: 'off',
    GEOIP: 'off',
    LOG_LEVEL: 'error',
    ...env,
  });
  const app = await createAuthService(config, {
    logger: process.env.TEST_APP_LOGS ? undefined : false,
    overrides: [{ provide: CLOCK, useValue: clock }],
  });
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  return {
    app,
    clock,
    url: `ws://127.0.0.1:${port}/`,
    httpUrl: `http://127.0.0.1:${port}`,
    close: () => app.close(),
  };
}
