import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFerretDb, FERRETDB_VERSION } from './ferretdb-server';
import { startKafkaBroker, KAFKA_VERSION } from './kafka-broker';

/**
 * Starts the servers of the contract suites for the whole run (see test-servers.ts): FerretDB
 * unless MONGO_URL is given, a Kafka broker unless KAFKA_BROKERS is given, both at once, and
 * only when the run selected a suite that uses them. A server that cannot be started fails the
 * run, unless TEST_SERVERS=off, which starts none.
 */

interface StartedServers {
  dataDir: string;
  stops: (() => Promise<void>)[];
}

export const STARTED_SERVERS = Symbol.for('tangle-auth.test-servers');

interface JestGlobalConfig {
  rootDir: string;
  onlyChanged?: boolean;
  findRelatedTests?: boolean;
  changedSince?: string;
  lastCommit?: boolean;
  testPathPatterns?: {
    isSet(): boolean;
    toExecutor(options: { rootDir: string }): { isMatch(path: string): boolean };
  };
}

export default async function globalSetup(globalConfig: JestGlobalConfig): Promise<void> {
  if (process.env.TEST_SERVERS === 'off') return;
  const needed = selectedSuitesNeed(globalConfig);
  const mongo = needed.mongo && !process.env.MONGO_URL;
  const kafka = needed.kafka && !process.env.KAFKA_BROKERS;
  if (!mongo && !kafka) return;

  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'tangle-test-servers-'));
  const state: StartedServers = { dataDir, stops: [] };
  (globalThis as Record<symbol, unknown>)[STARTED_SERVERS] = state;
  const [ferret, broker] = await Promise.allSettled([
    mongo ? startFerretDb(join(dataDir, 'ferretdb')) : Promise.resolve(null),
    kafka ? startKafkaBroker(join(dataDir, 'kafka')) : Promise.resolve(null),
  ]);
  for (const result of [ferret, broker]) {
    if (result.status === 'fulfilled' && result.value) state.stops.push(result.value.stop);
  }
  const failures = [ferret, broker].flatMap((result) =>
    result.status === 'rejected'
      ? [String((result.reason as Error)?.message ?? result.reason)]
      : [],
  );
  if (failures.length > 0) {
    await stopStartedServers();
    throw new Error(
      `The contract suites' servers did not start (TEST_SERVERS=off skips those suites):\n` +
        failures.join('\n\n'),
    );
  }

  const lines: string[] = [];
  if (ferret.status === 'fulfilled' && ferret.value) {
    process.env.TEST_MONGO_URL = ferret.value.url;
    lines.push(`FerretDB ${FERRETDB_VERSION} on ${ferret.value.url}`);
  }
  if (broker.status === 'fulfilled' && broker.value) {
    process.env.TEST_KAFKA_BROKERS = broker.value.brokers;
    lines.push(`Kafka ${KAFKA_VERSION} on ${broker.value.brokers}`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stderr.write(`\ntest servers: ${lines.join(', ')} (ready in ${seconds} s)\n`);
}

/** Stops what globalSetup started and deletes its data; safe to call twice. */
export async function stopStartedServers(): Promise<void> {
  const state = (globalThis as Record<symbol, unknown>)[STARTED_SERVERS] as
    StartedServers | undefined;
  if (state === undefined) return;
  delete (globalThis as Record<symbol, unknown>)[STARTED_SERVERS];
  await Promise.all(state.stops.map((stop) => stop().catch(() => undefined)));
  rmSync(state.dataDir, { recursive: true, force: true });
}

/** Which servers the spec files that this run selected use. */
function selectedSuitesNeed(config: JestGlobalConfig): { mongo: boolean; kafka: boolean } {
  const everything = { mongo: true, kafka: true };
  if (config.onlyChanged || config.findRelatedTests || config.changedSince || config.lastCommit) {
    return everything;
  }
  const patterns = config.testPathPatterns;
  if (!patterns?.isSet()) return everything;
  const executor = patterns.toExecutor({ rootDir: config.rootDir });
  const need = { mongo: false, kafka: false };
  for (const file of specFiles(config.rootDir)) {
    if (!executor.isMatch(file)) continue;
    const source = readFileSync(file, 'utf8');
    need.mongo ||= source.includes('describeWithMongo');
    need.kafka ||= source.includes('describeWithKafka');
  }
  return need;
}

function specFiles(rootDir: string): string[] {
  return ['apps', 'libs', 'test'].flatMap((top) =>
    (readdirSync(join(rootDir, top), { recursive: true }) as string[])
      .filter((path) => path.endsWith('.spec.ts') && !path.includes('node_modules'))
      .map((path) => join(rootDir, top, path)),
  );
}
