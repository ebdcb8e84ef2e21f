import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  ACCOUNT_CACHE,
  EMAIL_RESERVATION_CACHE,
  EVENT_STORE,
  RATE_LIMIT_STORE,
  READ_MODEL_STORE,
  SESSION_CACHE,
  SIGNING_KEY_STORE,
  DATA_KEY_STORE,
  StreamCacheFollower,
  type DataKeyStore,
  comparePositions,
  type AccountCache,
  type EmailReservationCache,
  type EventStore,
  type GlobalPosition,
  type ReadModelProgress,
  type RateLimitStore,
  type ReadModelStore,
  type SessionCache,
  type SigningKeyStore,
} from '@tangle/application';
import type { SigningKeyRing } from '@tangle/access-tokens';
import { ProjectionRunner } from '@tangle/read-models';
import type { AuthServiceConfig } from '../config/auth-service.config';
import { AUTH_SERVICE_CONFIG, SIGNING_KEY_RING } from './tokens';

const CHECKPOINT_POLL_MS = 20;

/**
 * What runs beside the transports: the $all follower that keeps the session and
 * account caches current and, in embedded mode, the read-model projections.
 * With PROJECTOR=external, read-your-writes polls the projector's checkpoint.
 */
@Injectable()
export class ServiceRuntime
  implements ReadModelProgress, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('Runtime');
  private readonly follower: StreamCacheFollower;
  private projections: ProjectionRunner | null = null;

  constructor(
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL_STORE) private readonly readModels: ReadModelStore,
    @Inject(SESSION_CACHE) sessions: SessionCache,
    @Inject(ACCOUNT_CACHE) accounts: AccountCache,
    @Inject(EMAIL_RESERVATION_CACHE) holders: EmailReservationCache,
    @Inject(RATE_LIMIT_STORE) private readonly limits: RateLimitStore,
    @Inject(SIGNING_KEY_RING) private readonly signingKeys: SigningKeyRing,
    @Inject(SIGNING_KEY_STORE) private readonly signingKeyStore: SigningKeyStore,
    @Inject(DATA_KEY_STORE) private readonly dataKeys: DataKeyStore,
  ) {
    this.follower = new StreamCacheFollower(store)
      .route('session', sessions)
      .route('account', accounts)
      .route('email', holders);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.follower.start({
      onDropped: (error, attempt) =>
        this.logger.warn(
          `$all subscription of the caches dropped (${attempt}): ${error.message}; subscribing again`,
        ),
    });
    if (this.config.projector === 'embedded') {
      this.projections = new ProjectionRunner(this.store, this.readModels, {
        logger: { error: (obj, msg) => this.logger.error(`${msg} ${JSON.stringify(obj)}`) },
      });
      await this.projections.start();
    }
  }

  async waitFor(position: GlobalPosition, timeoutMs: number): Promise<boolean> {
    if (this.projections) return this.projections.waitFor(position, timeoutMs);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const checkpoint = await this.readModels.checkpoint();
      if (checkpoint && comparePositions(checkpoint, position) >= 0) return true;
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, CHECKPOINT_POLL_MS));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.follower.stop();
    await this.projections?.stop();
    await this.readModels.close();
    await this.limits.close();
    this.signingKeys.stop();
    await this.signingKeyStore.close();
    await this.store.close();
    await this.dataKeys.close();
  }
}
