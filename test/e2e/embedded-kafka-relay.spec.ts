import { Kafka, logLevel } from 'kafkajs';
import { removeDir, startApp, type AppProcess } from '../support/app-process';
import { describeWithKafka } from '../support/kafka-test-brokers';
import { OsmiumClient } from '../support/osmium-client';

/**
 * An embedded service (PROJECTOR=embedded) given KAFKA_BROKERS runs the relay itself: it creates
 * its topics on a broker that does not create them on first use (as the test broker and the
 * compose broker are set up), then publishes to them.
 */
describeWithKafka('the embedded relay on Kafka', (brokers) => {
  const run = `embedded_${process.pid}_${Date.now().toString(36)}`;
  const topics = { events: `${run}.events`, mail: `${run}.mail` };
  let app: AppProcess;
  let client: OsmiumClient | undefined;
  const admin = new Kafka({ brokers, clientId: run, logLevel: logLevel.NOTHING }).admin();

  beforeAll(async () => {
    await admin.connect();
    app = await startApp({
      env: {
        KAFKA_BROKERS: brokers.join(','),
        EVENTS_TOPIC: topics.events,
        MAIL_TOPIC: topics.mail,
        TARGETS_GROUP: `${run}-targets`,
      },
    });
  }, 90_000);

  afterAll(async () => {
    await client?.close();
    expect(await app.stop()).toBe(0);
    await admin.deleteTopics({ topics: [topics.events, topics.mail] }).catch(() => undefined);
    await admin.disconnect();
    removeDir(app.dataDir);
  });

  async function messagesOn(topic: string): Promise<number> {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, partition) => sum + Number(partition.high), 0);
  }

  it('creates the relay topics at start and publishes a sign-up to both', async () => {
    expect(await admin.listTopics()).toEqual(expect.arrayContaining([topics.events, topics.mail]));

    client = await OsmiumClient.connect(app.url);
    await client.initialize();
    await client.signUp({ name: 'Relayed', email: `relayed.${Date.now()}@example.com` });

    const deadline = Date.now() + 20_000;
    let counts = { events: 0, mail: 0 };
    while (Date.now() < deadline) {
      counts = { events: await messagesOn(topics.events), mail: await messagesOn(topics.mail) };
      if (counts.events > 0 && counts.mail > 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // account.registered on the events topic; the verification code's mail request on the other.
    expect(counts.events).toBeGreaterThan(0);
    expect(counts.mail).toBeGreaterThan(0);
  }, 60_000);
});
