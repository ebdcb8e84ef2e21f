import { join } from 'node:path';
import {
  DATA_KEYS_KEY_FILE,
  createServiceLogger,
  NestServiceLogger,
  ServiceMetrics,
  loadOrCreateKey,
  startHealthServer,
} from '@tangle/platform';
import {
  DataKeyVault,
  PersonalDataEventStore,
  openDataKeyStore,
  openEventStore,
} from '@tangle/event-store';
import {
  assessReadiness,
  followerLag,
  withTimeout,
  WriterLease,
  type ReadinessCheck,
} from '@tangle/application';
import {
  claimOrRefuse,
  ensureKafkaTopics,
  EXIT_LEASE_HELD,
  leaseHolderName,
  READ_MODELS_LEASE,
  RELAY_LEASE,
  INTEGRATION_RELAY,
  IntegrationRelay,
  KafkaPublisher,
  openCheckpointStore,
  RELAY_ORIGIN,
} from '@tangle/messaging';
import { openReadModelStore, ProjectionRunner } from '@tangle/read-models';
import { loadProjectorConfig } from './projector.config';
import { ReplayProgress } from './replay-progress';

const COMMANDS = ['run', 'replay', 'relay-reset'];

/**
 * The projector on its own: follows $all into the read models (MongoDB in
 * production) and, with KAFKA_BROKERS, relays integration events and mail
 * requests to Kafka. `replay` rebuilds the read models from the first event into
 * fresh tables or collections, swaps them in, then keeps following.
 * `relay-reset` moves the relay's checkpoint back to the first event (consumers
 * dedupe by event id, so nothing is mailed twice) and exits.
 *
 * One writer at a time: `run` waits in standby for the read-model (and relay) lease and exits when
 * it loses one; `replay` and `relay-reset` refuse (exit 75) while another process holds theirs.
 */
async function main(argv: string[]): Promise<void> {
  const command = argv[0] ?? 'run';
  if (!COMMANDS.includes(command)) {
    process.stderr.write(`usage: projector [${COMMANDS.join('|')}]\n`);
    process.exit(64);
  }
  const root = createServiceLogger({ service: 'projector', level: process.env.LOG_LEVEL });
  const logger = new NestServiceLogger(root.child({ context: 'Projector' }));
  const config = loadProjectorConfig();
  const checkpoints = await openCheckpointStore({
    mongoUrl: config.mongoUrl ?? undefined,
    sqliteFile: join(config.dataDir, 'relay.sqlite'),
  });
  const holder = leaseHolderName();
  const refuse = (message: string): never => {
    logger.error(message);
    process.exit(EXIT_LEASE_HELD);
  };
  const lost = (reason: string) => {
    // Another process may be writing now: stop at once, the supervisor starts us in standby.
    logger.error(`lost the writer lease (${reason}); exiting`);
    process.exit(70);
  };
  if (command === 'relay-reset') {
    const lease = await claimOrRefuse(checkpoints, RELAY_LEASE, holder, lost, refuse);
    await checkpoints.save(INTEGRATION_RELAY, RELAY_ORIGIN);
    await lease.release();
    await checkpoints.close();
    logger.log('relay checkpoint reset: everything is published again at the next start');
    return;
  }
  const leases: WriterLease[] = [];
  // Served on HEALTH_PORT: the events the projections and the relay passed by, process figures.
  const metrics = new ServiceMetrics();
  const checks: Record<string, () => Promise<ReadinessCheck>> = {
    leases: async () =>
      leases.length > 0 && leases.every((lease) => lease.held)
        ? { ok: true, detail: 'writing' }
        : { ok: false, detail: 'standby: another process holds the writer lease' },
  };
  if (config.healthPort !== null) {
    await startHealthServer(config.healthPort, '0.0.0.0', () => assessReadiness(checks), metrics);
  }
  if (command === 'replay') {
    leases.push(await claimOrRefuse(checkpoints, READ_MODELS_LEASE, holder, lost, refuse));
  } else {
    const lease = new WriterLease(checkpoints, READ_MODELS_LEASE, holder, lost);
    await lease.waitFor((held) => logger.log(`standby: ${held.message}`));
    leases.push(lease);
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
  checks.readModels = () =>
    withTimeout(
      readModels
        .checkpoint()
        .then((at) => followerLag(store, at, config.readyMaxLagMs, Date.now())),
      2_000,
      'the read models',
    );
  const runner = new ProjectionRunner(store, readModels, {
    batchSize: config.batchSize,
    logger: root.child({ context: 'Projections' }),
    skippedEvents: metrics.skippedEvents,
  });
  if (command === 'replay') {
    const started = Date.now();
    logger.log('replaying every event into fresh read models');
    const progress = new ReplayProgress(await store.lastPosition(), (line) => logger.log(line));
    let last: Parameters<ReplayProgress['update']>[0] | null = null;
    await runner.replay((step) => {
      last = step;
      progress.update(step);
    });
    if (last) progress.update(last, true);
    logger.log(`replay done in ${Date.now() - started} ms; following live`);
  } else {
    await runner.start();
    logger.log('following $all');
  }

  let relay: IntegrationRelay | null = null;
  let publisher: KafkaPublisher | null = null;
  if (config.kafkaBrokers.length > 0) {
    const relayLease = new WriterLease(checkpoints, RELAY_LEASE, holder, lost);
    await relayLease.waitFor((held) => logger.log(`relay standby: ${held.message}`));
    leases.push(relayLease);
    const kafka = {
      brokers: config.kafkaBrokers,
      clientId: 'tangle-auth-projector',
      logger: root.child({ context: 'Kafka' }),
    };
    await ensureKafkaTopics(kafka, [
      config.integrationTopics.events,
      config.integrationTopics.mail,
    ]);
    publisher = new KafkaPublisher(kafka);
    relay = new IntegrationRelay(store, publisher, checkpoints, {
      name: INTEGRATION_RELAY,
      logger: root.child({ context: 'Relay' }),
      topics: config.integrationTopics,
      skippedEvents: metrics.skippedEvents,
    });
    await relay.start();
    checks.relay = () =>
      withTimeout(
        checkpoints
          .load(INTEGRATION_RELAY)
          .then((at) => followerLag(store, at, config.readyMaxLagMs, Date.now())),
        2_000,
        'the relay checkpoint',
      );
    logger.log('relaying integration events and mail requests to Kafka');
  }

  const stop = async () => {
    await relay?.stop();
    await publisher?.close();
    await runner.stop();
    for (const lease of leases) await lease.release();
    await checkpoints.close();
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
