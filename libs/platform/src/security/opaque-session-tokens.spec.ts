import { OpaqueSessionTokens } from './opaque-session-tokens';

describe('opaque session tokens', () => {
  const tokens = new OpaqueSessionTokens();
  const sessionId = '18446744073709551615'; // 2^64 - 1: the largest fixed64

  it('names its session and hashes its secret', () => {
    const minted = tokens.mint(sessionId);
    expect(minted.token).toMatch(/^tgl_[A-Za-z0-9_-]{54}$/);
    const parsed = tokens.parse(minted.token);
    expect(parsed).toEqual({ sessionId, tokenHash: minted.tokenHash });
    expect(minted.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(minted.token).not.toContain(minted.tokenHash);
  });

  it('mints a different secret every time', () => {
    const a = tokens.mint('42');
    const b = tokens.mint('42');
    expect(a.token).not.toBe(b.token);
    expect(a.tokenHash).not.toBe(b.tokenHash);
  });

  it('refuses anything that is not a well-formed token', () => {
    const good = tokens.mint('42').token;
    for (const bad of [
      '',
      'tgl_',
      good.slice(0, -1),
      `${good}A`,
      good.replace('tgl_', 'xxx_'),
      `tgl_${'!'.repeat(54)}`,
      `tgl_${'A'.repeat(54)}`,
    ]) {
      expect(tokens.parse(bad)).toBeNull();
    }
    expect(tokens.parse(123 as unknown as string)).toBeNull();
  });

  it('accepts no other spelling of the last character for the same session', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (let round = 0; round < 8; round += 1) {
      const minted = tokens.mint(String(1000 + round));
      const head = minted.token.slice(0, -1);
      // A substitute that decodes to other bytes fails the hash check; one that decodes to the
      // same bytes (the unused low bits) must not parse at all.
      const accepted = [...alphabet].filter(
        (last) => tokens.parse(head + last)?.tokenHash === minted.tokenHash,
      );
      expect(accepted).toEqual([minted.token.slice(-1)]);
    }
  });

  it('refuses padding and the standard base64 alphabet', () => {
    const good = tokens.mint('42').token;
    expect(tokens.parse(`${good}=`)).toBeNull();
    expect(tokens.parse(`${good.slice(0, -1)}=`)).toBeNull();
    const body = Buffer.from(good.slice(4), 'base64url').toString('base64').replace(/=+$/, '');
    if (body !== good.slice(4)) expect(tokens.parse(`tgl_${body}`)).toBeNull();
    expect(tokens.parse(`tgl_${'+'.repeat(53)}A`)).toBeNull();
    expect(tokens.parse(`tgl_${'/'.repeat(53)}A`)).toBeNull();
  });

  it('compares hashes exactly', () => {
    const { tokenHash } = tokens.mint('7');
    expect(tokens.matches(tokenHash, tokenHash)).toBe(true);
    expect(
      tokens.matches(
        tokenHash,
        tokenHash.replace(/.$/, (c) => (c === '0' ? '1' : '0')),
      ),
    ).toBe(false);
    expect(tokens.matches(tokenHash, '')).toBe(false);
  });
});
