import { join } from 'node:path';
import {
  Inject,
  Injectable,
  Logger,
  Optional,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { EVENT_STORE, type CheckpointStore, type EventStore } from '@tangle/application';
import {
  createMailWorker,
  describeMailTransport,
  loadMailerConfig,
  type MailerRuntime,
} from '@tangle/mailer';
import {
  decodeMailRequest,
  ensureKafkaTopics,
  INTEGRATION_RELAY,
  IntegrationRelay,
  openCheckpointStore,
  openMessaging,
  type Messaging,
  type MessagingLogger,
} from '@tangle/messaging';
import { ServiceMetrics } from '@tangle/platform';
import type { AuthServiceConfig } from '../config/auth-service.config';
import { AUTH_SERVICE_CONFIG } from './tokens';

export /**
 * Events out of the service. In embedded mode this process runs the relay
 * ($all → integration events and mail requests) and, with no Kafka, the mailer
 * on the in-process bus: a relay checkpoint advances only after the mailer has
 * handled the mail. With PROJECTOR=external the projector app runs the relay and
 * the mailer app consumes Kafka.
 */
@Injectable()
class MailPipeline implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Relay');
  private messaging: Messaging | null = null;
  private checkpoints: CheckpointStore | null = null;
  private relay: IntegrationRelay | null = null;
  private mailer: MailerRuntime | null = null;

  constructor(
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() private readonly metrics?: ServiceMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.projector !== 'embedded') return;
    const log = messagingLogger(this.logger);
    this.messaging = openMessaging({
      kafkaBrokers: this.config.kafkaBrokers.length > 0 ? this.config.kafkaBrokers : undefined,
      clientId: 'tangle-auth-service',
      logger: log,
    });
    if (this.config.kafkaBrokers.length === 0) {
      await this.startMailer(this.messaging);
    } else {
      // The relay's topics exist before it publishes: brokers run without auto-creation.
      const { events, mail } = this.config.integrationTopics;
      await ensureKafkaTopics(
        { brokers: this.config.kafkaBrokers, clientId: 'tangle-auth-service' },
        [events, mail],
      );
    }
    this.checkpoints = await openCheckpointStore({
      mongoUrl: this.config.mongoUrl ?? undefined,
      sqliteFile: join(this.config.dataDir, 'relay.sqlite'),
    });
    this.relay = new IntegrationRelay(this.store, this.messaging.publisher, this.checkpoints, {
      name: INTEGRATION_RELAY,
      logger: log,
      defaultLocale: this.config.defaultLocale,
      topics: this.config.integrationTopics,
      skippedEvents: this.metrics?.skippedEvents,
    });
    await this.relay.start();
  }

  /** The mailer must consume before the relay publishes: the in-process bus drops unconsumed topics. */
  private async startMailer(messaging: Messaging): Promise<void> {
    const mailLogger = new Logger('Mailer');
    // The links must point where this service says it is, whatever PORT it chose.
    const config = loadMailerConfig({ ...process.env, PUBLIC_BASE_URL: this.config.publicBaseUrl });
    this.mailer = await createMailWorker({
      config,
      consumer: messaging.consumer,
      decode: (message) => decodeMailRequest(message.value),
      deadLetter: async (message, error) => {
        mailLogger.error(
          `mail ${message.headers['event-id'] ?? message.key} dead-lettered: ${error.message}`,
        );
        await messaging.publisher.publish([
          {
            topic: config.deadLetterTopic,
            key: message.key,
            value: message.value,
            headers: message.headers,
          },
        ]);
      },
      logger: mailLogger,
    });
    await this.mailer.worker.start();
    mailLogger.log(`mail goes to ${describeMailTransport(config)}`);
  }

  /** Before the stores close: the relay and the mailer still use them. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
    await this.mailer?.close();
    await this.messaging?.publisher.close();
    await this.checkpoints?.close();
  }
}

function messagingLogger(logger: Logger): MessagingLogger {
  return {
    error: (obj, msg) => logger.error({ ...obj, msg }),
    warn: (obj, msg) => logger.warn({ ...obj, msg }),
    info: (obj, msg) => logger.log({ ...obj, msg }),
  };
}
