import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CommandBus } from '@nestjs/cqrs';
import {
  PASSWORD_HASHER,
  RevokeSessionsCommand,
  SignInCommand,
  SignUpCommand,
  type AuthorizationResult,
  type ClientDevice,
  type PasswordHasher,
  type RequestContext,
} from '@tangle/application';
import { Argon2PasswordHasher, ensurePrivateDir } from '@tangle/platform';
import { loadConfig } from '../../apps/auth-service/src/config/auth-service.config';
import { createAuthService } from '../../apps/auth-service/src/create-auth-service';
import {
  HEAVY_PAST_SESSIONS,
  HISTORY_FORMAT,
  HISTORY_PASSWORD,
  HISTORY_WRITERS,
  type HistoryManifest,
} from './history-data';

const DEVICE: ClientDevice = {
  clientId: 1,
  deviceType: 'desktop',
  deviceVersion: 'Linux 6.8',
  appName: 'Tangle',
  appVersion: '2.4.1',
  ip: '127.0.0.1',
  geo: null,
};
/** Ordinary accounts written concurrently while building. */
const WORKERS = HISTORY_WRITERS;
/** Sessions of an ordinary account: sign-up's and these sign-ins; all but the last revoked. */
const SIGN_INS_PER_ACCOUNT = 3;
const MAX_OLD_TOKENS = 100_000;

/**
 * Builds the history through the service's own code: the auth service's Nest application in
 * this process (no listener), its command bus running SignUp, SignIn and RevokeSessions as
 * the transports do, so every event, personal-data seal and reservation is the service's own.
 * Only argon2id is spared: the hasher is the real one, each distinct password hashed and each
 * (hash, password) verified once for real, then remembered.
 */
export async function buildHistory(
  dir: string,
  events: number,
  log: (line: string) => void,
): Promise<HistoryManifest> {
  const started = performance.now();
  ensurePrivateDir(dir);
  const config = loadConfig({
    ...process.env,
    DATA_DIR: dir,
    PORT: '0',
    LOG_LEVEL: 'error',
    RATE_LIMITS: 'off',
    SQLITE_SYNCHRONOUS: 'normal',
  });
  const app = await createAuthService(config, {
    logger: false,
    overrides: [{ provide: PASSWORD_HASHER, useValue: new RememberingHasher() }],
  });
  await app.init();
  const commands = app.get(CommandBus);
  const db = new Database(join(dir, 'events.sqlite'), { readonly: true });
  const written = () =>
    (db.prepare('SELECT COALESCE(MAX(position), 0) AS n FROM events').get() as { n: number }).n;
  const run = randomUUID().slice(0, 8);
  let accounts = 0;
  const oldTokens: string[] = [];

  const signUp = (email: string) =>
    commands.execute<SignUpCommand, AuthorizationResult>(
      new SignUpCommand(
        { name: 'History account', email, password: HISTORY_PASSWORD },
        DEVICE,
        config.defaultLocale,
        context(),
      ),
    );
  const signIn = (email: string) =>
    commands.execute<SignInCommand, AuthorizationResult>(
      new SignInCommand({ email, password: HISTORY_PASSWORD }, DEVICE, context()),
    );
  const revoke = (session: AuthorizationResult) =>
    commands.execute(
      new RevokeSessionsCommand(
        [session.sessionId],
        session.user.userId,
        session.sessionId,
        context(session),
      ),
    );

  /** An ordinary account: sign-up, sign-ins, every session but the last revoked. */
  const ordinaryAccount = async () => {
    const email = `history-${run}-${accounts++}@example.org`;
    const sessions = [await signUp(email)];
    for (let i = 0; i < SIGN_INS_PER_ACCOUNT; i++) sessions.push(await signIn(email));
    for (const session of sessions.slice(0, -1)) await revoke(session);
    if (oldTokens.length < MAX_OLD_TOKENS) oldTokens.push(sessions[sessions.length - 1].token);
  };
  const fillTo = async (target: number) => {
    let reached = written() >= target;
    let checked = 0;
    await Promise.all(
      Array.from({ length: WORKERS }, async () => {
        while (!reached) {
          await ordinaryAccount();
          if (++checked % 200 === 0) {
            const now = written();
            reached = now >= target;
            if (checked % 4_000 === 0 || reached)
              log(
                `history: ${now.toLocaleString('en-US')} of ${target.toLocaleString('en-US')} events`,
              );
          }
        }
      }),
    );
  };

  try {
    // Ordinary accounts first, then the two measured ones, both well before the end of the log.
    await fillTo(Math.floor(events * 0.05));
    const heavyEmail = `history-${run}-heavy@example.org`;
    await signUp(heavyEmail);
    accounts += 1;
    // One at a time: sign-ins to one account at once conflict on its stream.
    for (let i = 0; i < HEAVY_PAST_SESSIONS; i++) await revoke(await signIn(heavyEmail));
    const fewActiveEmail = `history-${run}-few@example.org`;
    const fewActive = [await signUp(fewActiveEmail)];
    accounts += 1;
    for (let i = 0; i < 2; i++) fewActive.push(await signIn(fewActiveEmail));
    await fillTo(events);
    return {
      format: HISTORY_FORMAT,
      events: written(),
      builtAt: new Date().toISOString(),
      buildSeconds: (performance.now() - started) / 1000,
      accounts,
      password: HISTORY_PASSWORD,
      heavyEmail,
      fewActiveEmail,
      fewActiveTokens: fewActive.map((session) => session.token),
      oldTokens,
    };
  } finally {
    db.close();
    await app.close();
  }
}

function context(session?: AuthorizationResult): RequestContext {
  return {
    correlationId: randomUUID(),
    actorUserId: session?.user.userId ?? null,
    actorSessionId: session?.sessionId ?? null,
    clientIp: '127.0.0.1',
  };
}

/**
 * The service's argon2id hasher, each distinct password hashed once and each (hash, password)
 * verified once for real, the answers remembered: a history of a million events would
 * otherwise take hours of argon2id.
 */
class RememberingHasher implements PasswordHasher {
  private readonly real = new Argon2PasswordHasher();
  private readonly hashes = new Map<string, Promise<string>>();
  private readonly verified = new Map<string, Promise<boolean>>();

  hash(password: string): Promise<string> {
    let hash = this.hashes.get(password);
    if (!hash) this.hashes.set(password, (hash = this.real.hash(password)));
    return hash;
  }

  verify(hash: string, password: string): Promise<boolean> {
    const key = `${hash}\n${password}`;
    let ok = this.verified.get(key);
    if (!ok) this.verified.set(key, (ok = this.real.verify(hash, password)));
    return ok;
  }

  needsRehash(hash: string): boolean {
    return this.real.needsRehash(hash);
  }

  verifyAgainstDummy(password: string): Promise<void> {
    return this.real.verifyAgainstDummy(password);
  }
}
