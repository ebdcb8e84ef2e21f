import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AccountErasure } from '@tangle/application';
import type { AuthServiceConfig } from '../config/auth-service.config';
import { ServiceRuntime } from './service-runtime';
import { AUTH_SERVICE_CONFIG } from './tokens';

/**
 * Runs the account erasure every ACCOUNT_DELETION_SWEEP_INTERVAL_MS in this process, once the
 * caches follow the log (ServiceRuntime starts them, and tells the erasure where they began, so
 * that it reads older deletions from the read models). Every instance sweeps:
 * each step is decided under its stream's expected revision, so instances racing on one account
 * append its events once.
 */
@Injectable()
export class AccountDeletionSweep implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AccountDeletion');
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    @Inject(AUTH_SERVICE_CONFIG) private readonly config: AuthServiceConfig,
    private readonly erasure: AccountErasure,
    private readonly runtime: ServiceRuntime,
  ) {}

  onApplicationBootstrap(): void {
    void this.runtime.cachesStarted.then(() => {
      if (this.stopped) return;
      this.timer = setInterval(
        () => void this.sweep(),
        this.config.accountDeletion.sweepIntervalMs,
      );
      this.timer.unref();
      void this.sweep();
    });
  }

  /** One sweep now; failures are logged and the accounts tried again at the next. */
  async sweep(): Promise<string[]> {
    try {
      const erased = await this.erasure.sweep();
      if (erased.length > 0) this.logger.log(`erased ${erased.length} deleted account(s)`);
      return erased;
    } catch (error) {
      this.logger.error(`account deletion sweep failed: ${(error as Error).message}`);
      return [];
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.erasure.sweep().catch(() => undefined);
  }
}
