import type { InboundMessage } from '@tangle/application';

/**
 * - `new`: nobody has this mail; the caller now holds it and must `markSent` or `release` it.
 * - `sent`: it went out already.
 * - `in-flight`: someone holds it and their lease has not run out.
 */
export type ClaimResult = 'new' | 'sent' | 'in-flight';

/**
 * Which mails went out, by event id, so a redelivered request is not sent again. A claim that is
 * never marked (the holder crashed mid-send) lapses after `leaseMs` and the mail may be claimed
 * again: at most the one mail that was in flight is sent twice, none is lost.
 */
export interface SentMailLog {
  readonly leaseMs: number;
  claim(eventId: string): Promise<ClaimResult>;
  markSent(eventId: string): Promise<void>;
  /** Gives up a claim (the send failed); a mail already marked sent stays sent. */
  release(eventId: string): Promise<void>;
  /**
   * Sets a mail whose claim someone else holds aside, durably, until that claim's lease lapses
   * (from now, when there is no claim): the message is stored whole, so the consumer may commit
   * it and move on. Deferring a mail already set aside moves its due time.
   */
  defer(eventId: string, message: InboundMessage): Promise<void>;
  /** Up to `limit` mails set aside whose due time has come, earliest first. */
  dueDeferred(limit: number): Promise<DeferredMail[]>;
  /** Forgets a mail set aside: it was sent, found sent, expired or dead-lettered. */
  undefer(eventId: string): Promise<void>;
  close(): Promise<void>;
}

/** A mail set aside by `defer`, with the message as the consumer handed it over. */
export interface DeferredMail {
  eventId: string;
  /** unix ms */
  dueAt: number;
  message: InboundMessage;
}

export interface SentMailLogOptions {
  /** How long a claim protects a send in progress; default 60 s. */
  leaseMs?: number;
  /** How long a sent entry is remembered; default 30 days. */
  retentionMs?: number;
  /** unix ms; defaults to Date.now. */
  now?: () => number;
}

export const DEFAULT_CLAIM_LEASE_MS = 60_000;
export const DEFAULT_SENT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;
