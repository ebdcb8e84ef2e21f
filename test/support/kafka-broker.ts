import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { cachedBuild, requireCommand, runStep } from './server-cache';
import { freePort, startRestartable, startServerProcess } from './server-process';

/** The broker version; deploy/docker-compose.yml runs the same one. */
export const KAFKA_VERSION = '3.9.0';
const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

export interface KafkaBroker {
  /** `host:port`, for KAFKA_BROKERS. */
  readonly brokers: string;
  stop(): Promise<void>;
  /** Starts it again after stop(), on the same ports and log: a broker restart. */
  restart(): Promise<void>;
}

/**
 * The broker's jars (org.apache.kafka:kafka_2.13 and its runtime dependencies, plus a log4j
 * binding) from Maven Central, fetched once into the cache.
 */
export function kafkaJars(): Promise<string> {
  return cachedBuild(`kafka-${KAFKA_VERSION}`, async (into) => {
    requireCommand('mvn', '-v', `Fetching Kafka ${KAFKA_VERSION} from Maven Central needs Maven`);
    writeFileSync(join(into, 'pom.xml'), brokerPom());
    const repository = join(into, 'maven-repository');
    await runStep('mvn', [
      '-B',
      '-q',
      '-f',
      join(into, 'pom.xml'),
      `-Dmaven.repo.local=${repository}`,
      `${DEPENDENCY_PLUGIN}:copy-dependencies`,
      '-DincludeScope=runtime',
      `-DoutputDirectory=${join(into, 'libs')}`,
    ]);
    // Only the copied jars are used; the local repository would double the cache's size.
    rmSync(repository, { recursive: true, force: true });
  });
}

/**
 * A single-node KRaft broker (broker and controller in one process) on free loopback ports,
 * its log in `dataDir`; resolves once kafkajs can describe the cluster.
 */
export async function startKafkaBroker(dataDir: string): Promise<KafkaBroker> {
  requireCommand('java', '-version', `The Kafka broker for the contract suites needs Java 17+`);
  const jars = await kafkaJars();
  const [port, controllerPort] = [await freePort(), await freePort()];
  const logDir = join(dataDir, 'log');
  mkdirSync(logDir, { recursive: true });
  const properties = join(dataDir, 'server.properties');
  const log4j = join(dataDir, 'log4j.properties');
  writeFileSync(properties, serverProperties(port, controllerPort, logDir));
  writeFileSync(log4j, LOG4J);
  const java = [
    '-Xms128m',
    '-Xmx512m',
    '-XX:+UseSerialGC',
    // C1 only: the broker starts in half the CPU time, and tests need no peak throughput.
    '-XX:TieredStopAtLevel=1',
    '-Djava.awt.headless=true',
    `-Dlog4j.configuration=file:${log4j}`,
    `-Dkafka.logs.dir=${dataDir}`,
    '-cp',
    join(jars, 'libs', '*'),
  ];
  // Any 16 random bytes in base64url make a cluster id.
  const clusterId = randomBytes(16).toString('base64url');
  await runStep('java', [
    ...java,
    'kafka.tools.StorageTool',
    'format',
    '-t',
    clusterId,
    '-c',
    properties,
  ]);
  const brokers = `127.0.0.1:${port}`;
  const server = await startRestartable(
    `Kafka ${KAFKA_VERSION}`,
    () =>
      startServerProcess('java', [...java, 'kafka.Kafka', properties], {
        logFile: join(dataDir, 'broker.log'),
        graceMs: 5_000,
      }),
    () => describesCluster(brokers),
    120_000,
  );
  return { brokers, ...server };
}

async function describesCluster(brokers: string): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'test-servers',
    brokers: [brokers],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    retry: { retries: 0 },
  }).admin();
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && cluster.controller !== null;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function serverProperties(port: number, controllerPort: number, logDir: string): string {
  return [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${logDir}`,
    // As in deploy/docker-compose.yml: topics are created by the services, never on first use.
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    // One broker for a test run: small internal topics, no wait for more group members.
    'offsets.topic.num.partitions=1',
    'transaction.state.log.num.partitions=1',
    'group.initial.rebalance.delay.ms=0',
    'num.network.threads=2',
    'num.io.threads=2',
    '',
  ].join('\n');
}

const LOG4J = [
  'log4j.rootLogger=WARN, stderr',
  'log4j.appender.stderr=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stderr.Target=System.err',
  'log4j.appender.stderr.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stderr.layout.ConversionPattern=[%d] %p %m (%c)%n',
  '',
].join('\n');

function brokerPom(): string {
  return `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>tangle-auth.test</groupId>
  <artifactId>kafka-broker</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>${KAFKA_VERSION}</version>
    </dependency>
    <!-- kafka_2.13 leaves the slf4j binding to the distribution. -->
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-reload4j</artifactId>
      <version>1.7.36</version>
    </dependency>
  </dependencies>
</project>
`;
}
