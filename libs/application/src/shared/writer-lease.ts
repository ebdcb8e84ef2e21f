import type { LeaseHolding, WriterLeases } from '../ports';

export interface WriterLeaseOptions {
  /** How long a claim lasts without renewal; a dead holder's lease lapses after it. Default 15 s. */
  ttlMs?: number;
  /** How often the holder renews, and a waiting claimant tries again. Default a third of ttlMs. */
  renewEveryMs?: number;
  now?: () => number;
}

/** Thrown by `claim` when another holder has the lease: who, and until when. */
export class LeaseHeldError extends Error {
  constructor(
    readonly leaseName: string,
    readonly holding: LeaseHolding,
  ) {
    super(
      `the ${leaseName} lease is held by ${holding.holder} until ` +
        `${new Date(holding.expiresAt).toISOString()}`,
    );
    this.name = 'LeaseHeldError';
  }
}

/**
 * One writer per name among processes (the projector's read models and relay): `claim` takes the
 * lease or fails, `waitFor` takes it once it is free, and while held it is renewed on a timer. A
 * renewal that finds another holder, or that cannot reach the store until the lease has lapsed,
 * counts as lost: `onLost` runs once and the caller must stop writing (the process exits).
 */
export class WriterLease {
  private readonly ttlMs: number;
  private readonly renewEveryMs: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private expiresAt = 0;
  private lost = false;

  constructor(
    private readonly leases: WriterLeases,
    readonly name: string,
    readonly holder: string,
    private readonly onLost: (reason: string) => void,
    options: WriterLeaseOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 15_000;
    this.renewEveryMs = options.renewEveryMs ?? Math.max(1, Math.floor(this.ttlMs / 3));
    this.now = options.now ?? Date.now;
  }

  get held(): boolean {
    return this.timer !== null && !this.lost;
  }

  /** Takes the lease now, or throws LeaseHeldError. */
  async claim(): Promise<void> {
    const holding = await this.leases.claimLease(this.name, this.holder, this.ttlMs, this.now());
    if (holding.holder !== this.holder) throw new LeaseHeldError(this.name, holding);
    this.expiresAt = holding.expiresAt;
    this.keepRenewing();
  }

  /** Takes the lease once it is free, telling `onWaiting` who holds it meanwhile. */
  async waitFor(onWaiting: (error: LeaseHeldError) => void, signal?: AbortSignal): Promise<void> {
    let told: string | null = null;
    for (;;) {
      try {
        await this.claim();
        return;
      } catch (error) {
        if (!(error instanceof LeaseHeldError)) throw error;
        if (told !== error.holding.holder) onWaiting(error);
        told = error.holding.holder;
      }
      if (signal?.aborted) throw new Error(`gave up waiting for the ${this.name} lease`);
      await new Promise((resolve) => setTimeout(resolve, this.renewEveryMs));
    }
  }

  async release(): Promise<void> {
    this.stopRenewing();
    if (!this.lost) await this.leases.releaseLease(this.name, this.holder);
  }

  private keepRenewing(): void {
    this.stopRenewing();
    this.timer = setInterval(() => void this.renew(), this.renewEveryMs);
    this.timer.unref();
  }

  private stopRenewing(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async renew(): Promise<void> {
    if (this.lost) return;
    let reason: string;
    try {
      const now = this.now();
      const holding = await this.leases.claimLease(this.name, this.holder, this.ttlMs, now);
      if (holding.holder === this.holder) {
        this.expiresAt = holding.expiresAt;
        return;
      }
      reason = new LeaseHeldError(this.name, holding).message;
    } catch (error) {
      // Unreachable store: still ours until it lapses; past that another may hold it.
      if (this.now() < this.expiresAt) return;
      reason = `could not renew the ${this.name} lease before it lapsed: ${(error as Error).message}`;
    }
    if (this.lost) return;
    this.lost = true;
    this.stopRenewing();
    this.onLost(reason);
  }
}
