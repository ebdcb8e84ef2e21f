import { OpaqueRefreshTokens } from './opaque-refresh-tokens';
import { OpaqueSessionTokens } from './opaque-session-tokens';

describe('opaque refresh tokens', () => {
  const refresh = new OpaqueRefreshTokens();
  const sessions = new OpaqueSessionTokens();

  it('names its session under its own prefix and is never a session token', () => {
    const minted = refresh.mint('42');
    expect(minted.token).toMatch(/^tgr_[A-Za-z0-9_-]{54}$/);
    expect(refresh.parse(minted.token)).toEqual({ sessionId: '42', tokenHash: minted.tokenHash });
    expect(sessions.parse(minted.token)).toBeNull();
    expect(refresh.parse(sessions.mint('42').token)).toBeNull();
  });

  it('opens a sealed successor with the spent token only', () => {
    const spent = refresh.mint('42').token;
    const successor = refresh.mint('42').token;
    const sealed = refresh.sealSuccessor(spent, successor);
    expect(sealed).not.toContain(successor.slice(4));
    expect(refresh.openSuccessor(spent, sealed)).toBe(successor);
    expect(refresh.openSuccessor(refresh.mint('42').token, sealed)).toBeNull();
    expect(refresh.openSuccessor(successor, sealed)).toBeNull();
  });

  it('refuses a tampered or truncated seal', () => {
    const spent = refresh.mint('7').token;
    const sealed = Buffer.from(refresh.sealSuccessor(spent, refresh.mint('7').token), 'base64url');
    sealed[sealed.length - 1] ^= 1;
    expect(refresh.openSuccessor(spent, sealed.toString('base64url'))).toBeNull();
    expect(refresh.openSuccessor(spent, sealed.subarray(0, 20).toString('base64url'))).toBeNull();
    expect(refresh.openSuccessor(spent, '')).toBeNull();
  });
});
