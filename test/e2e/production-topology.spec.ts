import { randomBytes } from 'node:crypto';
import {
  LoopbackSmtpServer,
  type ReceivedMail,
} from '../../libs/mailer/src/testing/loopback-smtp-server';
import { removeDir, startApp, tempDataDir, type AppProcess } from '../support/app-process';
import { OsmiumClient, CODES, rpcFailure } from '../support/osmium-client';
import {
  describeWithServer,
  kafkaBrokersForTests,
  mongoUrlForTests,
} from '../support/test-servers';

const mongoUrl = mongoUrlForTests();
const kafkaBrokers = kafkaBrokersForTests();
const servers = mongoUrl && kafkaBrokers ? { mongoUrl, brokers: kafkaBrokers.join(',') } : null;

/**
 * The production topology as separate processes: two auth-service instances with
 * PROJECTOR=external, apps/projector (read models in the Mongo-wire server, the relay to Kafka)
 * and apps/mailer (the mail topic's consumer group, mail to a real SMTP server on loopback).
 * The event store is the SQLite log, shared by file, so each process follows it as it would
 * follow EventStoreDB's $all.
 */
describeWithServer(
  'the production topology in separate processes',
  {
    what: 'MongoDB server and Kafka broker',
    variable: 'MONGO_URL and KAFKA_BROKERS',
    value: servers,
    placeholder: { mongoUrl: '', brokers: '' },
  },
  ({ mongoUrl, brokers }) => {
    const run = `topology_${process.pid}_${Date.now().toString(36)}`;
    const dataDir = tempDataDir('tangle-topology-');
    const database = new URL(mongoUrl);
    database.pathname = `/${run}`;
    const shared = {
      DATA_DIR: dataDir,
      MONGO_URL: database.toString(),
      KAFKA_BROKERS: brokers,
      JWT_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      DATA_KEY_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      EVENTS_TOPIC: `${run}.events`,
      MAIL_TOPIC: `${run}.mail`,
      MAIL_DEAD_LETTER_TOPIC: `${run}.mail.dlq`,
      MAILER_GROUP: `${run}-mailer`,
      TARGETS_GROUP: `${run}-targets`,
      LOG_LEVEL: 'warn',
    };
    let smtp: LoopbackSmtpServer;
    const processes: AppProcess[] = [];
    const clients: OsmiumClient[] = [];
    let one: AppProcess;
    let two: AppProcess;

    beforeAll(async () => {
      smtp = await LoopbackSmtpServer.start();
      const [projector, mailer] = await Promise.all([
        startApp({ main: 'apps/projector/src/main.ts', dataDir, env: shared }),
        startApp({
          main: 'apps/mailer/src/main.ts',
          dataDir,
          env: { ...shared, SMTP_URL: smtp.url() },
        }),
      ]);
      processes.push(projector, mailer);
      // One after the other: the first creates the shared keys and files the second opens.
      one = await startApp({ dataDir, env: { ...shared, PROJECTOR: 'external', WORKER_ID: '1' } });
      processes.push(one);
      two = await startApp({ dataDir, env: { ...shared, PROJECTOR: 'external', WORKER_ID: '2' } });
      processes.push(two);
    }, 120_000);

    afterAll(async () => {
      await Promise.all(clients.map((client) => client.close()));
      // Every process shuts down cleanly on SIGTERM.
      const exits = await Promise.all(processes.map((p) => p.stop()));
      await smtp?.close();
      removeDir(dataDir);
      expect(exits).toEqual(processes.map(() => 0));
    }, 60_000);

    async function client(app: AppProcess): Promise<OsmiumClient> {
      const c = await OsmiumClient.connect(app.url);
      clients.push(c);
      await c.initialize();
      return c;
    }

    async function mailTo(address: string): Promise<ReceivedMail> {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const mail = smtp.received.find((m) => m.envelopeTo.includes(address));
        if (mail) return mail;
        if (Date.now() > deadline) {
          throw new Error(
            `no mail to ${address}; logs:\n${processes.map((p) => p.output()).join('\n---\n')}`,
          );
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    }

    async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        try {
          return await attempt();
        } catch (error) {
          if (Date.now() > deadline) throw error;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }

    it('signs up on one instance, verifies by the mailed code on the other, and a revoke on one is seen by the other', async () => {
      const email = `topology.${Date.now()}@example.com`;
      const password = 'Topology-Pass-1';
      const onOne = await client(one);
      const signedUp = await onOne.signUp({ name: 'Topology', email, password });

      // The projector's relay published the mail request; the mailer's group sent it.
      const mail = await mailTo(email);
      expect(mail.parsed.subject).toMatch(/verif/i);
      const code = /\b(\d{6})\b/.exec(mail.parsed.text ?? '')?.[1];
      expect(code).toMatch(/^\d{6}$/);

      // The second instance knows the account only through the shared log.
      const onTwo = await client(two);
      const signedIn = await eventually(() => onTwo.signIn(email, password));
      expect(signedIn.userId).toBe(signedUp.userId);
      await onTwo.call({ authVerifyEmail: { email, code: code! } });

      // Sessions are listed from the projector's read model in the Mongo-wire server. A query
      // waits for this instance's own writes only: the other's sign-in shows once projected.
      await eventually(async () => {
        const listed = await onOne.getSessions();
        expect(listed.sessions.map((s) => String(BigInt(s.id!.toString()))).sort()).toEqual(
          [signedUp.sessionId, signedIn.sessionId].sort(),
        );
      });

      // Revoked through the first instance: the second pushes it out and refuses its token.
      await onOne.revokeSessions([signedIn.sessionId]);
      const pushed = await onTwo.waitForUpdate((u) => !!u.sessionDeleted, 10_000);
      expect(String(BigInt(pushed.sessionDeleted!.sessionId!.toString()))).toBe(signedIn.sessionId);
      const fresh = await client(two);
      expect((await rpcFailure(fresh.authorize(signedIn.token))).code).toBe(CODES.INVALID_TOKEN);
      await expect(fresh.authorize(signedUp.token)).resolves.toMatchObject({
        sessionId: signedUp.sessionId,
      });
    }, 90_000);
  },
);
