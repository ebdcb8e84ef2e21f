import { errorNameOf, type ErrorName } from '@tangle/contracts';
import { longToDecimal, type updates } from '@tangle/protocol';
import type { TwoSessionUser } from './revocation-users';
import { INITIALIZE, type Answer, type SetupClient } from './setup-client';

/** One user's revocation of session 2, timed on this process's performance.now() clock. */
export interface RevocationOutcome {
  /** core.Initialize on connection A just before the revoke: the reference round trip. */
  roundTripMs: number;
  revokeSentAt: number;
  /** Revoke sent → connection B's session_deleted; null when none came in time. */
  pushMs: number | null;
  pushedAt: number | null;
  /** Revoke sent → connection A's answer. */
  replyMs: number;
  /** What went wrong; empty when every check passed. */
  failures: string[];
}

/**
 * Connection A revokes session 2; connection B must get `Update { session_deleted }` for it,
 * B's next request must be refused UNAUTHORIZED, and session 2's token must be refused
 * INVALID_TOKEN on a connection that was never signed in.
 */
export async function revokeSecondSession(
  user: TwoSessionUser,
  pushTimeoutMs: number,
): Promise<RevocationOutcome> {
  const failures: string[] = [];
  const reference = await user.a.request(INITIALIZE);
  if (reference.result.error) failures.push(`core.Initialize refused (${nameOf(reference)})`);

  const push = nextUpdate(user.b, pushTimeoutMs);
  const revoke = await user.a.request({ authRevokeSessions: { sessionIds: [user.session2.id] } });
  if (revoke.result.error) failures.push(`revoke refused (${nameOf(revoke)})`);
  const pushed = await push;
  const deleted = pushed?.update.sessionDeleted?.sessionId ?? null;
  if (pushed === null) failures.push(`no push to B within ${pushTimeoutMs} ms`);
  else if (deleted === null || longToDecimal(deleted) !== user.session2.decimal) {
    failures.push('push to B other than session_deleted for session 2');
  }

  const [next, fresh] = await Promise.all([
    user.b.request({ authGetSessions: {} }),
    user.probe.request({ authAuthorize: { token: user.session2.token } }),
  ]);
  expectRefusal(next, 'UNAUTHORIZED', 'B’s next request (auth.GetSessions)', failures);
  expectRefusal(fresh, 'INVALID_TOKEN', 'auth.Authorize with session 2’s token', failures);

  return {
    roundTripMs: reference.receivedAt - reference.sentAt,
    revokeSentAt: revoke.sentAt,
    pushMs: pushed === null ? null : pushed.receivedAt - revoke.sentAt,
    pushedAt: pushed?.receivedAt ?? null,
    replyMs: revoke.receivedAt - revoke.sentAt,
    failures,
  };
}

/**
 * Counts every push to the users' connections, so that the run can check afterwards that A got
 * none and B exactly one (a second delivery of the event through $all must not push again).
 */
export function watchPushes(users: readonly TwoSessionUser[]): () => string[] {
  let toA = 0;
  const toB = new Array<number>(users.length).fill(0);
  users.forEach((user, i) => {
    user.a.onUpdate(() => (toA += 1));
    user.b.onUpdate(() => (toB[i] += 1));
  });
  return () => {
    const failures: string[] = [];
    for (let i = 0; i < toA; i += 1) failures.push('push to A, whose session was not revoked');
    for (const pushes of toB) {
      if (pushes > 1) failures.push('more than one push to B');
    }
    return failures;
  };
}

/** Failure → how many times, for the error message and the notes. */
export function tallyFailures(failures: readonly string[]): Record<string, number> {
  const tally: Record<string, number> = {};
  for (const failure of failures) tally[failure] = (tally[failure] ?? 0) + 1;
  return tally;
}

type Pushed = { update: updates.IUpdate; receivedAt: number } | null;

/** The connection's next push, or null when none comes within `timeoutMs`. */
function nextUpdate(client: SetupClient, timeoutMs: number): Promise<Pushed> {
  return new Promise((done) => {
    const finish = (pushed: Pushed) => {
      clearTimeout(timer);
      stop();
      done(pushed);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    const stop = client.onUpdate((update, receivedAt) => finish({ update, receivedAt }));
  });
}

function expectRefusal(answer: Answer, expected: ErrorName, what: string, failures: string[]) {
  const got = answer.result.error ? nameOf(answer) : 'success';
  if (got !== expected) failures.push(`${what}: ${got}, not ${expected}`);
}

function nameOf(answer: Answer): string {
  const code = answer.result.error?.errorCode ?? 0;
  return errorNameOf(code) ?? `error ${code}`;
}
