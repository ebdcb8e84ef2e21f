import { join } from 'node:path';
import { ConsoleLogger } from '@nestjs/common';
import { openEventStore } from '@tangle/event-store';
import { openReadModelStore, ProjectionRunner } from '@tangle/read-models';
import { loadProjectorConfig } from './projector.config';

/**
 * The projector on its own: follows $all into the read models (MongoDB in
 * production). `projector replay` rebuilds the read models from the first event
 * into fresh tables or collections, swaps them in, then keeps following.
 */
async function main(argv: string[]): Promise<void> {
  const command = argv[0] ?? 'run';
  if (command !== 'run' && command !== 'replay') {
    process.stderr.write('usage: projector [run|replay]\n');
    process.exit(64);
  }
  const logger = new ConsoleLogger('projector', { json: process.env.LOG_FORMAT === 'json' });
  const config = loadProjectorConfig();
  const store = await openEventStore({
    eventstoreUrl: config.eventStoreUrl ?? undefined,
    sqliteFile: join(config.dataDir, 'events.sqlite'),
  });
  const readModels = await openReadModelStore({
    mongoUrl: config.mongoUrl ?? undefined,
    sqliteFile: join(config.dataDir, 'read-models.sqlite'),
  });
  const runner = new ProjectionRunner(store, readModels, {
    batchSize: config.batchSize,
    logger: { error: (obj, msg) => logger.error(`${msg} ${JSON.stringify(obj)}`) },
  });
  if (command === 'replay') {
    const started = Date.now();
    logger.log('replaying every event into fresh read models');
    await runner.replay();
    logger.log(`replay done in ${Date.now() - started} ms; following live`);
  } else {
    await runner.start();
    logger.log('following $all');
  }

  const stop = async () => {
    await runner.stop();
    await readModels.close();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(
    `projector failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(1);
});
