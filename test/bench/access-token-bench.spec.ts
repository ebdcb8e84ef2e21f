import {
  accessTokenSetup,
  accessTokenVerifyBench,
  measureVerificationsPerSecond,
  verifySignatureOnly,
} from '../../bench/src/access-token.bench';

describe('access-token verification bench', () => {
  it('counts verifications of one token for the time given', async () => {
    const setup = await accessTokenSetup();
    try {
      const rate = await measureVerificationsPerSecond(
        (token) => setup.tokens.verify(token),
        setup.token,
        200,
      );
      expect(rate.verifications).toBeGreaterThan(0);
      expect(rate.seconds).toBeGreaterThanOrEqual(0.2);
      expect(rate.perSecond).toBeCloseTo(rate.verifications / rate.seconds);
      expect(rate.latency.samples).toBe(rate.verifications);
      expect(verifySignatureOnly(setup.token, setup.publicKey)).toBe(true);
      // One signature character changed for another (the last ones may hold padding bits only,
      // or already be the replacement).
      const at = setup.token.length - 10;
      const forged = `${setup.token.slice(0, at)}${setup.token[at] === 'A' ? 'B' : 'A'}${setup.token.slice(at + 1)}`;
      expect(verifySignatureOnly(forged, setup.publicKey)).toBe(false);
    } finally {
      await setup.close();
    }
  });

  it('refuses to measure a token that does not verify', async () => {
    const setup = await accessTokenSetup();
    try {
      await expect(
        measureVerificationsPerSecond((token) => setup.tokens.verify(token), 'a.b.c', 50),
      ).rejects.toThrow('the token was refused');
    } finally {
      await setup.close();
    }
  });

  it('gives the adapter row and its reference', async () => {
    const { rows } = await accessTokenVerifyBench({ rounds: 1, roundMs: 100 });
    expect(rows.map((row) => [row.id, row.referenceId])).toEqual([
      ['ed25519-verify-reference', null],
      ['access-token-verify', 'ed25519-verify-reference'],
    ]);
    for (const row of rows) expect(row.throughput).toBeGreaterThan(0);
  });
});
