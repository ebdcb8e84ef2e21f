import {
  LoginLinkRequested,
  MfaTicketIssued,
  SecondFactorUsed,
  TotpEnabled,
  TotpSetupStarted,
} from '@tangle/contracts';
import { SignInCommand } from '../accounts/sign-in.command';
import { SignUpCommand } from '../accounts/sign-up.command';
import { defaultRateLimitRules } from '../limits/rate-limit-rules';
import {
  AnswerEmailLinkCommand,
  CollectEmailLinkSessionCommand,
  StartEmailLinkLoginCommand,
} from '../login/email-link-login.commands';
import { RegisterCommand } from '../login/register.command';
import {
  applicationHarness,
  context,
  DEVICE,
  readableSealer,
} from '../testing/application-harness';
import { CompleteMfaSignInCommand } from './complete-mfa-sign-in.command';
import type { MfaChallenge } from '../accounts/sign-in.handler';
import { SetupTotpCommand } from './setup-totp.command';

const PASSWORD = 'Correct-Horse-1';
const fields = { name: 'Ada', email: 'ada@example.com', password: PASSWORD };
const PAIR = { kind: 'token-pair', remembered: true } as const;
const here = { ip: '127.0.0.1', geo: null };

type App = ReturnType<typeof applicationHarness>;

/** A signed-up account with TOTP on; its backup codes. */
async function withTotp(options: Parameters<typeof applicationHarness>[0] = {}) {
  const app = applicationHarness({
    rateLimits: { enabled: false, rules: defaultRateLimitRules() },
    ...options,
  });
  const signedUp = await app.signUp.execute(new SignUpCommand(fields, DEVICE, 'en', context()));
  const userId = signedUp.user.userId;
  const setup = (enabled: boolean, code?: string) =>
    app.setupTotp.execute(new SetupTotpCommand({ enabled, code }, userId, context()));
  const started = await setup(true);
  const enabled = await setup(true, app.totp.codeAt(app.clock.now()));
  return { app, userId, setup, started, backupCodes: enabled.backupCodes! };
}

const signIn = (app: App, totp?: string) =>
  app.signInHandler.execute(new SignInCommand({ ...fields, totp }, DEVICE, context()));
/** A code of the next time step: the current one was spent turning TOTP on. */
const nextCode = (app: App) => app.totp.codeAt(app.clock.now(), 1);

describe('settings.setupTotp', () => {
  it('starts with a sealed secret and its URL, enables with a valid code, and answers ten backup codes once', async () => {
    const app = applicationHarness();
    const { user } = await app.signUp.execute(new SignUpCommand(fields, DEVICE, 'en', context()));
    const setup = (enabled: boolean, code?: string) =>
      app.setupTotp.execute(new SetupTotpCommand({ enabled, code }, user.userId, context()));

    const started = await setup(true);
    expect(started).toEqual({ enabled: false, url: expect.stringMatching(/^otpauth:\/\/totp\//) });
    const secret = new URL(started.url!).searchParams.get('secret')!;
    const event = app.store.all.find((e) => e.type === TotpSetupStarted)!;
    expect(JSON.stringify(event.data)).not.toContain(`"${secret}"`);
    expect(event.data).toMatchObject({ sealedSecret: `sealed:${secret}` });

    await expect(setup(true, '000000')).rejects.toMatchObject({ errorName: 'INVALID_CODE' });
    const enabled = await setup(true, app.totp.codeAt(app.clock.now()));
    expect(enabled.enabled).toBe(true);
    expect(enabled.backupCodes).toHaveLength(10);
    expect(new Set(enabled.backupCodes).size).toBe(10);
    for (const code of enabled.backupCodes!) expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    const on = app.store.all.find((e) => e.type === TotpEnabled)!;
    // Kept only as keyed hashes (the harness's keyed hash is readable: h(purpose:subject:secret)).
    expect(on.data).toMatchObject({
      backupCodeHashes: enabled.backupCodes!.map(
        (code) => `h(backup-code:${user.userId}:${code.replace('-', '')})`,
      ),
    });
    expect(await app.accounts.get(user.userId)).toMatchObject({ totpEnabled: true });
    // On already: a new setup is refused (turn it off first).
    await expect(setup(true)).rejects.toMatchObject({ errorName: 'INVALID_ARGUMENT' });
  });

  it('refuses a code after the setup expired', async () => {
    const app = applicationHarness();
    const { user } = await app.signUp.execute(new SignUpCommand(fields, DEVICE, 'en', context()));
    const setup = (enabled: boolean, code?: string) =>
      app.setupTotp.execute(new SetupTotpCommand({ enabled, code }, user.userId, context()));
    await setup(true);
    app.clock.advance(16 * 60_000);
    await expect(setup(true, app.totp.codeAt(app.clock.now()))).rejects.toMatchObject({
      errorName: 'INVALID_CODE',
    });
  });

  it('turns off only with a valid code, which is then spent', async () => {
    const { app, userId, setup, backupCodes } = await withTotp();
    await expect(setup(false)).rejects.toMatchObject({ errorName: 'MFA_REQUIRED' });
    await expect(setup(false, '999999')).rejects.toMatchObject({ errorName: 'INVALID_CODE' });
    await expect(setup(false, backupCodes[3].toLowerCase())).resolves.toEqual({ enabled: false });
    expect(await app.accounts.get(userId)).toMatchObject({ totpEnabled: false });
    // Off: a password alone signs in again.
    await expect(signIn(app)).resolves.toMatchObject({ user: { userId } });
    await expect(setup(false)).resolves.toEqual({ enabled: false });
  });
});

describe('sign-in with TOTP on', () => {
  it('asks for the factor only after the password was right', async () => {
    const { app } = await withTotp();
    await expect(
      app.signInHandler.execute(
        new SignInCommand(
          { ...fields, password: 'Wrong-Horse-1', totp: nextCode(app) },
          DEVICE,
          context(),
        ),
      ),
    ).rejects.toMatchObject({ errorName: 'INVALID_CREDENTIALS' });
    await expect(signIn(app)).rejects.toMatchObject({ errorName: 'MFA_REQUIRED' });
    await expect(signIn(app, '123')).rejects.toMatchObject({ errorName: 'INVALID_CODE' });
  });

  it('accepts a TOTP code once: its replay, and earlier steps, are refused', async () => {
    const { app, userId } = await withTotp();
    const code = nextCode(app);
    const first = await signIn(app, code);
    expect(first).toMatchObject({ user: { userId } });
    await expect(signIn(app, code)).rejects.toMatchObject({ errorName: 'INVALID_CODE' });
    // The step before is older than the spent one.
    await expect(signIn(app, app.totp.codeAt(app.clock.now()))).rejects.toMatchObject({
      errorName: 'INVALID_CODE',
    });
    app.clock.advance(30_000);
    await expect(signIn(app, nextCode(app))).resolves.toMatchObject({ user: { userId } });
  });

  it('lets one of fifty parallel sign-ins with the same code through', async () => {
    const { app } = await withTotp();
    const code = nextCode(app);
    const outcomes = await Promise.allSettled(Array.from({ length: 50 }, () => signIn(app, code)));
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const lost of outcomes.filter((o) => o.status === 'rejected')) {
      expect(['INVALID_CODE', 'CONFLICT']).toContain(
        (lost as PromiseRejectedResult).reason.errorName,
      );
    }
    expect(app.store.all.filter((e) => e.type === SecondFactorUsed)).toHaveLength(1);
  });

  it('accepts each backup code once, in any case and with or without its dash', async () => {
    const { app, backupCodes } = await withTotp();
    await expect(signIn(app, backupCodes[0])).resolves.toBeDefined();
    await expect(signIn(app, backupCodes[0])).rejects.toMatchObject({ errorName: 'INVALID_CODE' });
    await expect(signIn(app, backupCodes[1].replace('-', '').toLowerCase())).resolves.toBeDefined();
    await expect(signIn(app, backupCodes[1])).rejects.toMatchObject({ errorName: 'INVALID_CODE' });
    await expect(signIn(app, 'ABCDE-FGHJK')).rejects.toMatchObject({ errorName: 'INVALID_CODE' });
  });

  it('limits code guesses per account (a right code clears the count)', async () => {
    const { app } = await withTotp({
      rateLimits: { enabled: true, rules: defaultRateLimitRules() },
    });
    for (let i = 0; i < 5; i++) {
      await expect(signIn(app, '000000')).rejects.toMatchObject({ errorName: 'INVALID_CODE' });
    }
    // The sixth try is refused before any check, even with the right code.
    await expect(signIn(app, nextCode(app))).rejects.toMatchObject({
      errorName: 'RATE_LIMIT_EXCEEDED',
    });
    app.clock.advance(15 * 60_000);
    await expect(signIn(app, nextCode(app))).resolves.toBeDefined();
  });

  it('refuses a session link without a factor whatever opened it', async () => {
    const { app, userId } = await withTotp();
    await expect(
      app.starter.start(userId, 'password', DEVICE, context(), { verifiedPasswordHash: null }),
    ).rejects.toMatchObject({ errorName: 'MFA_REQUIRED' });
  });
});

describe('MFA tickets (the gateway API)', () => {
  const challenge = async (app: App) =>
    (await app.signInHandler.execute(
      new SignInCommand(fields, DEVICE, context(), PAIR, 'ticket'),
    )) as MfaChallenge;
  const complete = (app: App, ticket: string, code: string) =>
    app.completeMfa.execute(new CompleteMfaSignInCommand({ ticket, code }, here, context()));

  it('answers a ticket for a right password, keeping only its hash, and completes it once with a code', async () => {
    const { app, userId } = await withTotp();
    const issued = await challenge(app);
    expect(issued).toEqual({
      mfaRequired: true,
      ticket: expect.stringMatching(/^tgm_[0-9a-f-]{36}\.\S+$/),
      expiresAt: app.clock.now() + 5 * 60_000,
      expiresIn: 300,
    });
    const event = app.store.all.find((e) => e.type === MfaTicketIssued)!;
    expect(JSON.stringify(event.data)).not.toContain(issued.ticket);
    expect(event.data).toMatchObject({
      ticketHash: `h(mfa-ticket:${issued.ticket.slice(4).replace('.', ':')})`,
    });

    await expect(complete(app, issued.ticket, '000000')).rejects.toMatchObject({
      errorName: 'INVALID_CODE',
    });
    const session = await complete(app, issued.ticket, nextCode(app));
    expect(session).toMatchObject({ user: { userId }, access: { expiresIn: 3600 } });
    expect(app.sessions.peek(session.sessionId)).toMatchObject({ status: 'active' });
    // Single use, even with a fresh code.
    app.clock.advance(30_000);
    await expect(complete(app, issued.ticket, nextCode(app))).rejects.toMatchObject({
      errorName: 'INVALID_TOKEN',
    });
  });

  it('refuses an expired, forged or malformed ticket', async () => {
    const { app } = await withTotp();
    const issued = await challenge(app);
    await expect(complete(app, `${issued.ticket}x`, nextCode(app))).rejects.toMatchObject({
      errorName: 'INVALID_TOKEN',
    });
    await expect(complete(app, 'tgm_nope', nextCode(app))).rejects.toMatchObject({
      errorName: 'INVALID_TOKEN',
    });
    app.clock.advance(5 * 60_000);
    await expect(complete(app, issued.ticket, nextCode(app))).rejects.toMatchObject({
      errorName: 'INVALID_TOKEN',
    });
  });

  it('dies after five wrong codes', async () => {
    const { app } = await withTotp();
    const issued = await challenge(app);
    for (let i = 0; i < 5; i++) {
      await expect(complete(app, issued.ticket, '000000')).rejects.toMatchObject({
        errorName: 'INVALID_CODE',
      });
    }
    await expect(complete(app, issued.ticket, nextCode(app))).rejects.toMatchObject({
      errorName: 'INVALID_TOKEN',
    });
  });

  it('opens one session for fifty parallel completions', async () => {
    const { app } = await withTotp();
    const issued = await challenge(app);
    const code = nextCode(app);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, () => complete(app, issued.ticket, code)),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
  });
});

describe('email-link login with TOTP on', () => {
  it('asks the polling device for the code before spending the confirmed login', async () => {
    const app = applicationHarness({
      rateLimits: { enabled: false, rules: defaultRateLimitRules() },
    });
    const curl = { ...DEVICE, deviceType: 'cURL' };
    const first = await app.register.execute(
      new RegisterCommand({ username: 'Ada', email: 'ada@example.com' }, curl, 'en', context()),
    );
    const userId = first.user.userId;
    const setup = (code?: string) =>
      app.setupTotp.execute(new SetupTotpCommand({ enabled: true, code }, userId, context()));
    await setup();
    await setup(app.totp.codeAt(app.clock.now()));

    const started = await app.startLogin.execute(
      new StartEmailLinkLoginCommand(
        { username: 'ada', email: 'ada@example.com' },
        curl,
        'curl',
        'en',
        context(),
      ),
    );
    const collect = (totp?: string) =>
      app.collectSession.execute(
        new CollectEmailLinkSessionCommand(started.authId, here, context(), totp),
      );
    // Not confirmed yet: nothing tells that the account has TOTP.
    await expect(collect()).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
    const requested = app.store.all.find((e) => e.type === LoginLinkRequested)!;
    const token = readableSealer.open(
      (requested.data as { sealedLinkToken: string }).sealedLinkToken,
    );
    await app.answerLink.execute(
      new AnswerEmailLinkCommand(started.authId, token, 'confirm', context()),
    );
    await expect(collect()).rejects.toMatchObject({ errorName: 'MFA_REQUIRED' });
    await expect(collect('000000')).rejects.toMatchObject({ errorName: 'INVALID_CODE' });
    const session = await collect(nextCode(app));
    expect(session).toMatchObject({ user: { userId } });
    await expect(collect(nextCode(app))).rejects.toMatchObject({ errorName: 'INVALID_TOKEN' });
  });
});
