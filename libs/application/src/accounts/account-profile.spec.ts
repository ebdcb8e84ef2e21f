import {
  AccountRegistered,
  AccountSessionLinked,
  type AccountRegisteredData,
} from '@tangle/contracts';
import { applicationHarness, context, DEVICE } from '../testing/application-harness';
import { GetAccountProfileQuery } from './get-account-profile.query';
import { SignInCommand } from './sign-in.command';
import { SignUpCommand, type SignUpFields } from './sign-up.command';
import { VerifyEmailCommand } from './verify-email.command';

const AHMED: SignUpFields = {
  email: 'ahmed@example.com',
  password: 'SecurePass123!',
  firstName: 'Ahmed',
  lastName: 'Mohamed',
  phone: '+20 123 456 7890',
  accountType: 'individual',
};

const signUp = (fields: SignUpFields) => new SignUpCommand(fields, DEVICE, 'en', context());

function registeredData(app: ReturnType<typeof applicationHarness>): AccountRegisteredData {
  return app.store.all.find((e) => e.type === AccountRegistered)!.data as AccountRegisteredData;
}

describe('sign-up with a profile', () => {
  it('names the account after its first and last name and records the profile, phone in E.164', async () => {
    const app = applicationHarness();
    const registeredAt = app.clock.now();

    const result = await app.signUp.execute(signUp({ ...AHMED, referralCode: 'FRIEND-7' }));

    expect(result.user).toEqual({ userId: expect.any(String), name: 'Ahmed Mohamed' });
    expect(registeredData(app)).toMatchObject({
      name: 'Ahmed Mohamed',
      firstName: 'Ahmed',
      lastName: 'Mohamed',
      phone: '+201234567890',
      accountType: 'individual',
      referralCode: 'FRIEND-7',
    });
    expect(await app.profile.execute(new GetAccountProfileQuery(result.user.userId))).toEqual({
      userId: result.user.userId,
      email: 'ahmed@example.com',
      firstName: 'Ahmed',
      lastName: 'Mohamed',
      phone: '+201234567890',
      accountType: 'individual',
      referralCode: 'FRIEND-7',
      emailVerified: false,
      createdAt: registeredAt,
      lastLoginAt: registeredAt,
      name: 'Ahmed Mohamed',
      pendingDeletion: null,
    });
  });

  it('keeps a name that is sent beside first and last name', async () => {
    const app = applicationHarness();
    const result = await app.signUp.execute(signUp({ ...AHMED, name: 'Ahmed M.' }));
    expect(result.user.name).toBe('Ahmed M.');
    expect(registeredData(app)).toMatchObject({ name: 'Ahmed M.', firstName: 'Ahmed' });
  });

  it('takes a business account type', async () => {
    const app = applicationHarness();
    const { user } = await app.signUp.execute(signUp({ ...AHMED, accountType: 'business' }));
    expect(await app.profile.execute(new GetAccountProfileQuery(user.userId))).toMatchObject({
      accountType: 'business',
    });
  });

  it('records the sign-up of the WebSocket (a name only) as before, with the default profile', async () => {
    const app = applicationHarness();
    const { user } = await app.signUp.execute(
      signUp({ name: 'Ada', email: 'ada@example.com', password: 'Correct-Horse-1' }),
    );

    expect(Object.keys(registeredData(app)).sort()).toEqual(
      ['email', 'name', 'passwordHash', 'registeredAt', 'userId'].sort(),
    );
    expect(await app.profile.execute(new GetAccountProfileQuery(user.userId))).toMatchObject({
      name: 'Ada',
      firstName: null,
      lastName: null,
      phone: null,
      accountType: 'individual',
      referralCode: null,
    });
  });

  it.each<[string, SignUpFields, RegExp]>([
    ['no name at all', { ...AHMED, firstName: null, lastName: null }, /name is required/],
    ['a blank first name', { ...AHMED, firstName: ' ' }, /firstName must not be empty/],
    ['an unknown account type', { ...AHMED, accountType: 'vip' }, /accountType must be one of/],
    ['a referral code with a space', { ...AHMED, referralCode: 'a b' }, /referralCode may hold/],
    ['a phone without country code', { ...AHMED, phone: '0123' }, /phone is not a valid/],
    [
      'first and last name too long for a display name',
      { ...AHMED, firstName: 'A'.repeat(40), lastName: 'B'.repeat(40) },
      /firstName and lastName together must be at most 63 characters/,
    ],
  ])('refuses %s before any hashing or writing', async (_, fields, message) => {
    const app = applicationHarness();
    await expect(app.signUp.execute(signUp(fields))).rejects.toMatchObject({
      errorName: 'INVALID_ARGUMENT',
      message,
    });
    expect(app.hasher.hashes).toBe(0);
    expect(app.store.all).toEqual([]);
  });
});

describe('GetAccountProfile', () => {
  it('answers the time of the newest sign-in as lastLoginAt, and a verified email', async () => {
    const app = applicationHarness();
    const { user } = await app.signUp.execute(signUp(AHMED));
    const code = app.secrets.lastCode();
    app.clock.advance(60_000);
    const signedInAt = app.clock.now();

    await app.signIn.execute(
      new SignInCommand({ email: AHMED.email!, password: AHMED.password! }, DEVICE, context()),
    );
    await app.verifyEmail.execute(new VerifyEmailCommand(AHMED.email!, code, context()));

    expect(await app.profile.execute(new GetAccountProfileQuery(user.userId))).toMatchObject({
      lastLoginAt: signedInAt,
      emailVerified: true,
    });
  });

  it('sees a sign-in recorded by another instance once the $all subscription brings it', async () => {
    const app = applicationHarness();
    const { user } = await app.signUp.execute(signUp(AHMED));
    const elsewhere = app.clock.now() + 5_000;
    const revision = BigInt(
      app.store.all.filter((e) => e.streamId === `account-${user.userId}`).length,
    );

    await app.store.append(
      `account-${user.userId}`,
      [
        {
          eventId: '00000000-0000-4000-8000-000000000001',
          type: AccountSessionLinked,
          data: { userId: user.userId, sessionId: '99', at: elsewhere },
          metadata: {
            correlationId: 'c',
            causationId: 'c',
            schemaVersion: 1,
            actorUserId: user.userId,
            actorSessionId: '99',
            serverTime: elsewhere,
          },
        },
      ],
      revision - 1n,
    );
    await new Promise((resolve) => setImmediate(resolve));

    expect(await app.profile.execute(new GetAccountProfileQuery(user.userId))).toMatchObject({
      lastLoginAt: elsewhere,
    });
  });

  it('answers NOT_FOUND for an account that does not exist', async () => {
    const app = applicationHarness();
    await expect(app.profile.execute(new GetAccountProfileQuery('4242'))).rejects.toMatchObject({
      errorName: 'NOT_FOUND',
    });
  });
});
