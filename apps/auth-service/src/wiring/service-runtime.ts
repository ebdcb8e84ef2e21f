import { join } from 'node:path';
import {
  Inject,
  Injectable,
  Optional,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import {
  ACCOUNT_CACHE,
  AccountErasure,
  EMAIL_RESERVATION_CACHE,
  EVENT_STORE,
  RATE_LIMIT_STORE,
  QrLoginWaits,
  READ_MODEL_STORE,
  SESSION_CACHE,
  SIGNING_KEY_STORE,
  DATA_KEY_STORE,
  StreamCacheFollower,
  CheckpointPoller,
  type DataKeyStore,
  type AccountCache,
  type EmailReservationCache,
  type EventStore,
  type GlobalPosition,
  type ReadModelProgress,
  type RateLimitStore,
  type ReadModelStore,
  type SessionCache,
  type SigningKeyStore,
  type WriterLease,
  assessReadiness,
  followerLag,
  measureLag,
  withTimeout,
  type FollowerLag,
  type Readiness,
  type ReadinessCheck,
} from '@tangle/application';
import {
  claimOrRefuse,
  INTEGRATION_RELAY,
  leaseHolderName,
  openCheckpointStore,
  READ_MODELS_LEASE,
  RELAY_LEASE,
  type CheckpointAndLeaseStore,
} from '@tangle/messaging';
import type { SigningKeyRing } from '@tangle/access-tokens';
import { ServiceMetrics } from '@tangle/platform';
import { ProjectionRunner } from '@tangle/read-models';
import type { AuthServiceConfig } from '../config/auth-service.config';
import { AUTH_SERVICE_CONFIG, SIGNING_KEY_RING } from './tokens';

/** How long /readyz waits for a store before it counts as unreachable. */
const READINESS_TIMEOUT_MS = 2_000;

const CHECKPOINT_POLL_MS = 20;

/**
 * What runs beside the transports: the $all follower that keeps the session and
 * account caches current (from the end of the log at start-up) and, in embedded mode, the read-model projections.
 * With PROJECTOR=external, read-your-writes polls the projector's checkpoint.
 */
@Injectable()
export class ServiceRuntime
  implements ReadModelProgress, OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('Runtime');
  private readonly follower: StreamCacheFollower;
  private projections: ProjectionRunner | null = null;
  private leaseStore: CheckpointAndLeaseStore | null = null;
  private readonly leases: WriterLease[] = [];
  /** With PROJECTOR=external: one poll of the read-model checkpoint for every waiting query. */
  private readonly checkpointPoller: CheckpointPoller;
  private cachesStartedNow!: () => void;
  /** Resolves once the caches follow $all (from its end at start-up). */
  readonly cachesStarted = new Promise<void>((resolve) => (this.cachesStartedNow = resolve));

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
    qrLoginWaits: QrLoginWaits,
    private readonly erasure: AccountErasure,
    @Optional() private readonly metrics?: ServiceMetrics,
  ) {
    this.checkpointPoller = new CheckpointPoller(
      () => this.readModels.checkpoint(),
      CHECKPOINT_POLL_MS,
    );
    this.follower = new StreamCacheFollower(store)
      .route('session', sessions)
      .route('account', accounts)
      .route('email', holders)
      // Wakes the long polls of QR logins answered on any instance.
      .route('qr', qrLoginWaits);
  }

  /**
   * Embedded, this process writes the read models and runs the relay: it takes both writer
   * leases before anything starts, so a replay or a second process on the same data refuses
   * (or this one does, naming the holder), and it exits if it ever loses them.
   */
  async onModuleInit(): Promise<void> {
    if (this.config.projector !== 'embedded') return;
    this.leaseStore = await openCheckpointStore({
      mongoUrl: this.config.mongoUrl ?? undefined,
      sqliteFile: join(this.config.dataDir, 'relay.sqlite'),
    });
    const holder = leaseHolderName();
    const refuse = (message: string): never => {
      throw new Error(`cannot start: ${message}`);
    };
    const lost = (reason: string) => {
      this.logger.error(`lost a writer lease (${reason}); exiting`);
      process.exit(70);
    };
    for (const name of [READ_MODELS_LEASE, RELAY_LEASE]) {
      this.leases.push(await claimOrRefuse(this.leaseStore, name, holder, lost, refuse));
    }
  }

  /**
   * The caches follow $all from its end: start-up costs the same whatever the log's length, and
   * the caches fill as streams are used. The erasure sweep learns of older deletions from the
   * read models, up to where the subscription began.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.follower.start({
      skippedEvents: this.metrics?.skippedEvents,
      onDropped: (error, attempt) =>
        this.logger.warn(
          `$all subscription of the caches dropped (${attempt}): ${error.message}; subscribing again`,
        ),
    });
    this.erasure.followingFrom(this.follower.startPosition() ?? null);
    this.cachesStartedNow();
    if (this.config.projector === 'embedded') {
      this.projections = new ProjectionRunner(this.store, this.readModels, {
        logger: { error: (obj, msg) => this.logger.error({ ...obj, msg }) },
        skippedEvents: this.metrics?.skippedEvents,
      });
      await this.projections.start();
    }
  }

  /**
   * Ready to serve: the caches follow $all live, the event store answers, and the read models
   * (and, embedded, the relay) trail it by less than READY_MAX_LAG_MS.
   */
  readiness(): Promise<Readiness> {
    const maxLag = this.config.readyMaxLagMs;
    const timed = <T>(work: () => Promise<T>, what: string) =>
      withTimeout(work(), READINESS_TIMEOUT_MS, what);
    const checks: Record<string, () => Promise<ReadinessCheck>> = {
      caches: async () =>
        this.follower.status().live
          ? { ok: true, detail: 'following $all' }
          : { ok: false, detail: 'the $all subscription is down or catching up' },
      eventStore: async () => {
        await timed(() => this.store.lastPosition(), 'the event store');
        return { ok: true, detail: 'reachable' };
      },
      readModels: () =>
        timed(async () => {
          const checkpoint = await this.readModels.checkpoint();
          return followerLag(this.store, checkpoint, maxLag, Date.now());
        }, 'the read models'),
    };
    const leaseStore = this.leaseStore;
    if (leaseStore) {
      checks.relay = () =>
        timed(async () => {
          const checkpoint = await leaseStore.load(INTEGRATION_RELAY);
          return followerLag(this.store, checkpoint, maxLag, Date.now());
        }, 'the relay checkpoint');
    }
    return assessReadiness(checks);
  }

  /** How far the read models (or, embedded, the relay) trail the log; null when not known here. */
  async lag(follower: 'readModels' | 'relay'): Promise<FollowerLag | null> {
    if (follower === 'relay' && !this.leaseStore) return null;
    const checkpoint =
      follower === 'readModels'
        ? await this.readModels.checkpoint()
        : await this.leaseStore!.load(INTEGRATION_RELAY);
    return measureLag(this.store, checkpoint, Date.now());
  }

  async waitFor(position: GlobalPosition, timeoutMs: number): Promise<boolean> {
    if (this.projections) return this.projections.waitFor(position, timeoutMs);
    return this.checkpointPoller.waitFor(position, timeoutMs);
  }

  async onApplicationShutdown(): Promise<void> {
    this.checkpointPoller.stop();
    await this.follower.stop();
    await this.projections?.stop();
    for (const lease of this.leases) await lease.release();
    await this.leaseStore?.close();
    await this.readModels.close();
    await this.limits.close();
    this.signingKeys.stop();
    await this.signingKeyStore.close();
    await this.store.close();
    await this.dataKeys.close();
  }
}
