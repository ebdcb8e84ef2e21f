import { ReadableAccessTokens } from './readable-access-tokens';

describe('ReadableAccessTokens (the harness default)', () => {
  it('verifies its own tokens until they expire, and nothing else', async () => {
    let now = 1_800_000_000_000;
    const tokens = new ReadableAccessTokens({ now: () => now }, 60);
    const issued = await tokens.issue({ userId: '1', sessionId: '2' });
    expect(issued).toMatchObject({ expiresIn: 60, expiresAt: now + 60_000 });
    expect(tokens.looksLikeAccessToken(issued.token)).toBe(true);
    expect(await tokens.verify(issued.token)).toEqual({
      userId: '1',
      sessionId: '2',
      tokenId: 'token-1',
      issuedAt: now,
      expiresAt: now + 60_000,
    });
    expect(await tokens.verify('at.bm90IGpzb24.unsigned')).toBeNull();
    expect(await tokens.verify('tgl_abc')).toBeNull();
    now += 60_000;
    expect(await tokens.verify(issued.token)).toBeNull();
  });
});
