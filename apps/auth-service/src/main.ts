import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createServiceLogger, ensurePrivateDir, NestServiceLogger } from '@tangle/platform';
import { ConfigError, loadConfig, usesDataDir } from './config/auth-service.config';
import { createAuthService } from './create-auth-service';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = new NestServiceLogger(
    createServiceLogger({ service: 'auth-service', level: config.logLevel }),
  );
  if (usesDataDir(config)) ensurePrivateDir(config.dataDir);
  const app = await createAuthService(config, { logger });
  const server = app.getHttpServer() as Server;
  await app.listen(config.port, config.host);
  const { port } = server.address() as AddressInfo;
  const mode = config.eventStoreUrl ? 'production' : 'embedded';
  logger.log(
    `Tangle Auth (${mode}) listening: Osmium WebSocket ws://localhost:${port}/ , HTTP http://localhost:${port}/`,
  );
  logger.log(`data: ${config.eventStoreUrl ? 'EventStoreDB' : config.dataDir}`);
  if (!usesDataDir(config)) logger.log('no local files: DATA_DIR is not used');

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: closing connections, stopping projections, closing stores`);
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`shutdown failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`configuration error: ${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  process.stderr.write(
    `failed to start: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
