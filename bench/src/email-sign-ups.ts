import { setTimeout as sleep } from 'node:timers/promises';
import { SetupClient } from './setup-client';

/** One passwordless sign-up with an email, on this process's performance.now() clock. */
export interface SignUpTiming {
  email: string;
  sentAt: number;
  /** When its Authorization reply arrived. */
  ackedAt: number;
}

/** `count` addresses no earlier run of the server has seen (its data directory is fresh). */
export function benchAddresses(run: string, phase: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `bench-${run}-${phase}-${i}@example.org`);
}

export function connectClients(url: string, count: number): Promise<SetupClient[]> {
  return Promise.all(Array.from({ length: count }, () => SetupClient.connect(url)));
}

/**
 * Open loop: sign-up i is sent at start + i / perSecond on connection i mod n, whether or not
 * the earlier ones have been answered, so a slow answer does not lower the offered rate.
 */
export async function signUpAtRate(
  clients: SetupClient[],
  emails: readonly string[],
  perSecond: number,
): Promise<SignUpTiming[]> {
  const intervalMs = 1000 / perSecond;
  const start = performance.now();
  const pending: Array<Promise<SignUpTiming>> = [];
  for (let i = 0; i < emails.length; i += 1) {
    const waitMs = start + i * intervalMs - performance.now();
    if (waitMs > 0) await sleep(waitMs);
    pending.push(signUp(clients[i % clients.length], emails[i]));
  }
  return Promise.all(pending);
}

/** Closed loop: each connection signs up the next address as soon as its last one is answered. */
export async function signUpBurst(
  clients: SetupClient[],
  emails: readonly string[],
): Promise<SignUpTiming[]> {
  const timings = new Array<SignUpTiming>(emails.length);
  let next = 0;
  await Promise.all(
    clients.map(async (client) => {
      for (let i = next++; i < emails.length; i = next++) {
        timings[i] = await signUp(client, emails[i]);
      }
    }),
  );
  return timings;
}

/** No password: argon2id is not involved, so the sign-up costs its appends only. */
async function signUp(client: SetupClient, email: string): Promise<SignUpTiming> {
  const sentAt = performance.now();
  await client.call({ authSignUp: { name: 'Bench mail', email } });
  return { email, sentAt, ackedAt: performance.now() };
}
