import { join } from 'node:path';
import { DATA_KEYS_KEY_FILE, PrintableConsoleLogger, loadOrCreateKey } from '@tangle/platform';
import {
  DataKeyVault,
  PersonalDataEventStore,
  openDataKeyStore,
  openEventStore,
} from '@tangle/event-store';
import {
  DEFAULT_TOPICS,
  ensureKafkaTopics,
  INTEGRATION_RELAY,
  IntegrationRelay,
  KafkaPublisher,
  openCheckpointStore,
  RELAY_ORIGIN,
} from '@tangle/messaging';
import { openReadModelStore, ProjectionRunner } from '@tangle/read-models';
import { loadProjectorConfig } from './projector.config';

const COMMANDS = ['run', 'replay', 'relay-reset'];

/**
 * The projector on its own: follows $all into the read models (MongoDB in
 * production) and, with KAFKA_BROKERS, relays integration events and mail
 * requests to Kafka. `replay` rebuilds the read models from the first event into
 * fresh tables or collections, swaps them in, then keeps following.
 * `relay-reset` moves the relay's checkpoint back to the first event (consumers
 * dedupe by event id, so nothing is mailed twice) and exits.
 */
async function main(argv: string[]): Promise<void> {
  const command = argv[0] ?? 'run';
  if (!COMMANDS.includes(command)) {
    process.stderr.write(`usage: projector [${COMMANDS.join('|')}]\n`);
    process.exit(64);
  }
  const logger = new PrintableConsoleLogger('projector', {
    json: process.env.LOG_FORMAT === 'json',
  });
  const config = loadProjectorConfig();
  const checkpoints = await openCheckpointStore({
    mongoUrl: config.mongoUrl ?? undefined,
    sqliteFile: join(config.dataDir, 'relay.sqlite'),
  });
  if (command === 'relay-reset') {
    await checkpoints.save(INTEGRATION_RELAY, RELAY_ORIGIN);
    await checkpoints.close();
    logger.log('relay checkpoint reset: everything is published again at the next start');
    return;
  }
  // Projections and the relay read personal fields opened, or erased once their key is gone.
  const dataKeys = await openDataKeyStore({
    mongoUrl: config.mongoUrl ?? undefined,
    sqliteFile: join(config.dataDir, 'data-keys.sqlite'),
  });
  const keyEncryptionKey =
    config.dataKeyEncryptionKey ?? loadOrCreateKey(join(config.dataDir, DATA_KEYS_KEY_FILE)).key;
  const store = new PersonalDataEventStore(
    await openEventStore({
      eventstoreUrl: config.eventStoreUrl ?? undefined,
      sqliteFile: join(config.dataDir, 'events.sqlite'),
    }),
    new DataKeyVault(dataKeys, keyEncryptionKey, { now: () => Date.now() }),
  );
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

  let relay: IntegrationRelay | null = null;
  let publisher: KafkaPublisher | null = null;
  if (config.kafkaBrokers.length > 0) {
    const kafka = { brokers: config.kafkaBrokers, clientId: 'tangle-auth-projector' };
    await ensureKafkaTopics(kafka, [DEFAULT_TOPICS.events, DEFAULT_TOPICS.mail]);
    publisher = new KafkaPublisher(kafka);
    relay = new IntegrationRelay(store, publisher, checkpoints, {
      name: INTEGRATION_RELAY,
      logger: { error: (obj, msg) => logger.error(`${msg} ${JSON.stringify(obj)}`) },
    });
    await relay.start();
    logger.log('relaying integration events and mail requests to Kafka');
  }

  const stop = async () => {
    await relay?.stop();
    await publisher?.close();
    await checkpoints.close();
    await runner.stop();
    await readModels.close();
    await store.close();
    await dataKeys.close();
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
