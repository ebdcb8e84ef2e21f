import { Argon2PasswordHasher, OWASP_ARGON2ID } from './argon2-password-hasher';

describe('argon2id password hasher (real argon2)', () => {
  const hasher = new Argon2PasswordHasher();

  it('hashes with argon2id at OWASP parameters and verifies', async () => {
    const hash = await hasher.hash('Correct-Horse-1');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    await expect(hasher.verify(hash, 'Correct-Horse-1')).resolves.toBe(true);
    await expect(hasher.verify(hash, 'Correct-Horse-2')).resolves.toBe(false);
    expect(hasher.needsRehash(hash)).toBe(false);
  });

  it('flags hashes made with other parameters for rehash, and treats garbage as a mismatch', async () => {
    const weaker = new Argon2PasswordHasher({ ...OWASP_ARGON2ID, memoryCost: 8_192 });
    expect(hasher.needsRehash(await weaker.hash('Pw-123456'))).toBe(true);
    await expect(hasher.verify('not a hash', 'x')).resolves.toBe(false);
  });

  it('spends a real verification on unknown accounts', async () => {
    const started = process.hrtime.bigint();
    await hasher.verifyAgainstDummy('whatever');
    // A real argon2id pass at 19 MiB takes milliseconds, never microseconds.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeGreaterThan(1);
  });
});
