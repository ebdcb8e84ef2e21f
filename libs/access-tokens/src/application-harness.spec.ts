import {
  DEVICE,
  applicationHarness,
  context,
} from '../../application/src/testing/application-harness';
import { SignUpCommand } from '../../application/src/accounts/sign-up.command';
import { JoseAccessTokens } from './jose-access-tokens';
import { inMemoryAccessTokens } from './testing/access-token-fixture';

// The application's tests can run on the real signer: the harness takes the port from here.
describe('the application harness with JoseAccessTokens on an in-memory key ring', () => {
  it('issues and verifies tokens for a session it started, on the harness clock', async () => {
    const app = applicationHarness({ accessTokens: inMemoryAccessTokens });
    expect(app.accessTokens).toBeInstanceOf(JoseAccessTokens);
    const { user, sessionId } = await app.signUp.execute(
      new SignUpCommand({ name: 'Ada', password: 'Correct-Horse-1' }, DEVICE, 'en', context()),
    );
    const issued = await app.accessTokens.issue({ userId: user.userId, sessionId });
    expect(await app.accessTokens.verify(issued.token)).toEqual({
      userId: user.userId,
      sessionId,
      tokenId: expect.any(String),
      issuedAt: app.clock.now(),
      expiresAt: app.clock.now() + 3_600_000,
    });
    app.clock.advance(3_600_000 + 30_000);
    expect(await app.accessTokens.verify(issued.token)).toBeNull();
  });
});
