import { Logger } from '@nestjs/common';
import { AuthError } from '@tangle/contracts';
import { passwordPolicy } from '@tangle/domain';
import { FakePwnedPasswords, InMemoryCommonPasswordList } from '../testing/password-lists';
import { PasswordScreening } from './password-screening';

async function refusal(check: Promise<void>): Promise<AuthError> {
  const error = await check.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

describe('PasswordScreening', () => {
  const list = new InMemoryCommonPasswordList(['password', 'sunflower', 'iloveyou2']);

  it('applies the length and composition rules before the list', async () => {
    const screening = new PasswordScreening(passwordPolicy('standard'), list);
    expect((await refusal(screening.assertAcceptable('password'))).detail).toMatch(/^uppercase:/);
  });

  it.each(['Password123!', 'Password-2024', '!!Sunflower77', 'ILoveYou2'])(
    'refuses %j from the offline list (any case, digits and symbols around a common one)',
    async (password) => {
      const screening = new PasswordScreening(passwordPolicy('standard'), list);
      const error = await refusal(screening.assertAcceptable(password));
      expect(error.errorName).toBe('WEAK_PASSWORD');
      expect(error.detail).toMatch(/^breached: too common or known from data breaches/);
      expect(error.message).not.toContain(password);
    },
  );

  it('accepts a password whose letters are no common password', async () => {
    const screening = new PasswordScreening(passwordPolicy('standard'), list);
    await expect(screening.assertAcceptable('Sunflower-Garden-7')).resolves.toBeUndefined();
  });

  it('applies the NIST profile: 15 characters, no composition, the whole password listed', async () => {
    const screening = new PasswordScreening(
      passwordPolicy('nist'),
      new InMemoryCommonPasswordList(['password', 'passwordpassword']),
    );
    await expect(screening.assertAcceptable('tall lamps hum quietly')).resolves.toBeUndefined();
    expect((await refusal(screening.assertAcceptable('Short-Pass-12!'))).detail).toMatch(
      /^min_length: needs at least 15/,
    );
    expect((await refusal(screening.assertAcceptable('PasswordPassword'))).detail).toMatch(
      /^breached:/,
    );
    // The entire password is compared, not the common word inside it.
    await expect(screening.assertAcceptable('Password1234567!')).resolves.toBeUndefined();
  });

  it('does nothing remote when no range service is configured', async () => {
    const screening = new PasswordScreening(passwordPolicy('standard'), list);
    await expect(screening.assertNotPwned('Seen-Before-1')).resolves.toBeUndefined();
  });

  it('refuses a password the range service has seen, and accepts one it has not', async () => {
    const pwned = new FakePwnedPasswords(new Map([['Seen-Before-1', 12]]));
    const screening = new PasswordScreening(passwordPolicy('standard'), list, pwned);
    expect((await refusal(screening.assertNotPwned('Seen-Before-1'))).detail).toMatch(/^breached:/);
    await expect(screening.assertNotPwned('Never-Seen-1')).resolves.toBeUndefined();
    expect(pwned.asked).toEqual(['Seen-Before-1', 'Never-Seen-1']);
  });

  it('fails open with a warning when the range service does not answer', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      const pwned = new FakePwnedPasswords(new Map(), new Error('timed out after 1500 ms'));
      const screening = new PasswordScreening(passwordPolicy('standard'), list, pwned);
      await expect(screening.assertNotPwned('Seen-Before-1')).resolves.toBeUndefined();
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(/unavailable, password accepted without it: timed out after 1500 ms/),
      );
      expect(String(warn.mock.calls[0][0])).not.toContain('Seen-Before-1');
    } finally {
      warn.mockRestore();
    }
  });
});
