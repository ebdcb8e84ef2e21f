import type { GlobalPosition } from './event-store.port';

/** One message for a topic. Messages with the same key keep their order. */
export interface OutboundMessage {
  readonly topic: string;
  readonly key: string;
  readonly value: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Publishes to the broker (Kafka) or the in-process bus. `publish` resolves only
 * when every message is acknowledged (Kafka: acks from all in-sync replicas; the
 * in-process bus: every subscriber has handled it).
 */
export interface MessagePublisher {
  publish(messages: readonly OutboundMessage[]): Promise<void>;
  close(): Promise<void>;
}
export const MESSAGE_PUBLISHER = Symbol('MessagePublisher');

export interface InboundMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string;
  readonly value: Uint8Array;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Consumes a topic in a consumer group. The handler's promise settling is what
 * commits the offset: a message is committed only after it was handled, so a
 * crash redelivers at most what was in flight.
 */
export interface MessageConsumer {
  run(
    topic: string,
    group: string,
    handler: (message: InboundMessage) => Promise<void>,
  ): Promise<void>;
  stop(): Promise<void>;
}
export const MESSAGE_CONSUMER = Symbol('MessageConsumer');

/** Where a follower of $all (the relay) keeps its checkpoint. */
export interface CheckpointStore {
  load(name: string): Promise<GlobalPosition | null>;
  save(name: string, position: GlobalPosition): Promise<void>;
  close(): Promise<void>;
}
export const CHECKPOINT_STORE = Symbol('CheckpointStore');

/** A writer lease as it stands: who holds it and until when (unix ms). */
export interface LeaseHolding {
  readonly holder: string;
  readonly expiresAt: number;
}

/**
 * Leases that keep one writer per name (the projector's read models and relay): kept where its
 * checkpoints are, so every process that could write sees the same lease.
 */
export interface WriterLeases {
  /**
   * Takes `name` for `holder` until `now + ttlMs` when it is free, lapsed or already `holder`'s,
   * atomically across processes; answers the lease as it now stands (another holder's when
   * refused).
   */
  claimLease(name: string, holder: string, ttlMs: number, now?: number): Promise<LeaseHolding>;
  /** Lets `name` go at once, if `holder` holds it. */
  releaseLease(name: string, holder: string): Promise<void>;
}

/** Seals secrets for the mailer (AES-256-GCM under the mail key) and opens them again. */
export interface SecretSealer {
  seal(plaintext: string): string;
  open(sealed: string): string;
}
export const SECRET_SEALER = Symbol('SecretSealer');
