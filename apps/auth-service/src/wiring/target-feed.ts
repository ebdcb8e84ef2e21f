import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RecordTargetFactCommand, type InboundMessage } from '@tangle/application';
import { AuthError } from '@tangle/contracts';
import {
  decodeTargetChanged,
  ensureKafkaTopics,
  openMessaging,
  toTargetChange,
  type Messaging,
} from '@tangle/messaging';
import type { AuthServiceConfig } from '../config/auth-service.config';
import { AUTH_SERVICE_CONFIG } from './tokens';

/**
 * Consumes the communities' and groups' TargetChanged messages from Kafka (TARGET_TOPICS) and
 * records each as a fact on its target's stream. Off without KAFKA_BROKERS: then the owning
 * services post to /internal/targets. A message that can never be recorded (it does not
 * decode, or a field is out of bounds) is logged and skipped; any other failure is retried.
 */
@Injectable()
export class TargetFeed implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Targets');
  private messaging: Messaging | null = null;

  constructor(
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    private readonly commands: CommandBus,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { kafkaBrokers, invites } = this.config;
    if (kafkaBrokers.length === 0 || invites.targetTopics.length === 0) return;
    const logger = {
      error: (obj: object, msg: string) => this.logger.error({ ...obj, msg }),
      warn: (obj: object, msg: string) => this.logger.warn({ ...obj, msg }),
      info: (obj: object, msg: string) => this.logger.log({ ...obj, msg }),
    };
    await ensureKafkaTopics(
      { brokers: kafkaBrokers, clientId: 'tangle-auth-targets', logger },
      invites.targetTopics,
    );
    this.messaging = openMessaging({ kafkaBrokers, clientId: 'tangle-auth-targets', logger });
    for (const topic of invites.targetTopics) {
      await this.messaging.consumer.run(topic, invites.targetsGroup, (message) =>
        this.handle(message),
      );
    }
  }

  /** Records one message; resolves when it is recorded or skipped (the offset may be committed). */
  async handle(message: InboundMessage): Promise<void> {
    const where = `${message.topic}/${message.partition}@${message.offset}`;
    try {
      const change = toTargetChange(decodeTargetChanged(message.value));
      await this.commands.execute(
        new RecordTargetFactCommand(
          change.targetType,
          change.targetId,
          change.version,
          change.fact,
          {
            // The same message redelivered makes the same event ids.
            correlationId: message.headers['event-id'] || `target:${where}`,
            actorUserId: null,
            actorSessionId: null,
            clientIp: null,
          },
        ),
      );
    } catch (error) {
      if (error instanceof AuthError && error.errorName === 'INVALID_ARGUMENT') {
        this.logger.warn(`skipped TargetChanged ${where}: ${error.message}`);
        return;
      }
      if (error instanceof RangeError || error instanceof TypeError || isDecodeError(error)) {
        this.logger.warn(`skipped undecodable TargetChanged ${where}: ${(error as Error).message}`);
        return;
      }
      throw error;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.messaging?.consumer.stop();
  }
}

function isDecodeError(error: unknown): boolean {
  return error instanceof Error && /index out of range|invalid wire type/i.test(error.message);
}
