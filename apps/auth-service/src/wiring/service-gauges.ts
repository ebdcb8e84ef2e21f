import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  ACCOUNT_CACHE,
  PASSWORD_HASHER,
  SESSION_CACHE,
  type AccountCache,
  type PasswordHasher,
  type SessionCache,
} from '@tangle/application';
import { BoundedPasswordHasher, ServiceMetrics } from '@tangle/platform';
import { OsmiumGateway } from '../transports/ws/osmium-gateway';
import { ServiceRuntime } from './service-runtime';

/** The figures /metrics reads at each scrape, besides the request histogram. */
@Injectable()
export class ServiceGauges implements OnModuleInit {
  constructor(
    private readonly metrics: ServiceMetrics,
    private readonly gateway: OsmiumGateway,
    private readonly runtime: ServiceRuntime,
    @Inject(PASSWORD_HASHER) private readonly hasher: PasswordHasher,
    @Inject(SESSION_CACHE) private readonly sessions: SessionCache,
    @Inject(ACCOUNT_CACHE) private readonly accounts: AccountCache,
  ) {}

  onModuleInit(): void {
    const { metrics, gateway, runtime, hasher } = this;
    metrics.gauge(
      'tangle_open_connections',
      'Open Osmium WebSockets',
      () => gateway.openConnections,
    );
    if (hasher instanceof BoundedPasswordHasher) {
      metrics.gauge(
        'tangle_password_hash_queue',
        'Password hashes waiting for a slot (beyond the ones running)',
        () => hasher.queued,
      );
      metrics.gauge('tangle_password_hash_active', 'Password hashes running', () => hasher.active);
    }
    for (const [name, cache] of [
      ['session', this.sessions],
      ['account', this.accounts],
    ] as const) {
      metrics.gauge(
        `tangle_${name}_cache_entries`,
        `Live ${name} states held in memory (at most CACHE_MAX_ENTRIES; tombstones not counted)`,
        () => cache.size,
      );
    }
    for (const follower of ['readModels', 'relay'] as const) {
      const name = follower === 'readModels' ? 'projection' : 'relay';
      metrics.gauge(
        `tangle_${name}_lag_events`,
        `Events of the log the ${name === 'projection' ? 'read models' : 'relay'} have not applied yet (counted up to 100)`,
        async () => (await runtime.lag(follower))?.events ?? null,
      );
      metrics.gauge(
        `tangle_${name}_lag_seconds`,
        `Age of the oldest event the ${name === 'projection' ? 'read models' : 'relay'} have not applied (0 when caught up)`,
        async () => (await runtime.lag(follower))?.seconds ?? null,
      );
    }
  }
}
