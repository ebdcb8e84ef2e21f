import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import { removeDir, startApp, type AppProcess } from '../support/app-process';
import { findChromium } from '../support/chromium';
import { httpPost } from '../support/http-post';

const executablePath = findChromium();
if (!executablePath) {
  console.warn(
    'passkeys in a browser: SKIPPED, no Chromium found (set CHROMIUM_PATH or install chromium)',
  );
}
const describeInBrowser = executablePath ? describe : describe.skip;

/**
 * The /account/passkeys page in a real Chromium, headless, with a CDP virtual authenticator
 * (CTAP2, internal, resident keys, user verification): a person signs in with a password,
 * adds a passkey, signs out, signs in with the passkey alone, and removes it.
 */
describeInBrowser('passkeys in a browser', () => {
  let app: AppProcess;
  let browser: Browser;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId: string;
  let pageUrl: string;

  beforeAll(async () => {
    app = await startApp();
    pageUrl = `http://localhost:${app.port}/account/passkeys`;
    browser = await chromium.launch({
      executablePath: executablePath!,
      headless: true,
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
    const context = await browser.newContext();
    page = await context.newPage();
    cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    }));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    if (app) {
      expect(await app.stop()).toBe(0);
      removeDir(app.dataDir);
    }
  });

  const status = () => page.locator('#status');

  it('adds a passkey after a password sign-in, then signs in with it alone, then removes it', async () => {
    const registered = await httpPost(app.httpUrl, '/auth/register', {
      email: 'browser@example.com',
      password: 'SecurePass123!',
      firstName: 'Grace',
      lastName: 'Hopper',
    });
    expect(registered.status).toBe(201);

    const served = await page.goto(pageUrl);
    expect(served?.status()).toBe(200);
    expect(served?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.fill('#email', 'browser@example.com');
    await page.fill('#password', 'SecurePass123!');
    await page.click('#password-sign-in');
    await page.waitForSelector('#signed-in:not([hidden])');
    expect(await status().textContent()).toBe('Signed in with your password.');
    expect(await page.locator('#passkey-list li').count()).toBe(0);

    await page.fill('#passkey-name', 'Test laptop');
    await page.click('#add-passkey');
    await page.waitForSelector('#passkey-list li .passkey-name');
    expect(await page.locator('#passkey-list li .passkey-name').allTextContents()).toEqual([
      'Test laptop',
    ]);
    expect(await status().textContent()).toBe('Passkey added.');
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0]).toMatchObject({ isResidentCredential: true, rpId: 'localhost' });

    // A fresh page: nothing of the password session is left.
    await page.goto(pageUrl);
    await page.click('#passkey-sign-in');
    await page.waitForSelector('#signed-in:not([hidden])');
    expect(await status().textContent()).toBe('Signed in with a passkey.');
    expect(await page.locator('#user-name').textContent()).toBe('Grace Hopper');
    expect(await page.locator('#passkey-list li small').textContent()).toContain('last used');
    const after = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(after.credentials[0].signCount).toBeGreaterThan(credentials[0].signCount);

    await page.click('#passkey-list li .remove');
    await page.waitForSelector('#passkey-list li', { state: 'detached' });
    expect(await status().textContent()).toBe('Passkey removed.');

    await page.click('#sign-out');
    await page.click('#passkey-sign-in');
    await page.waitForSelector('#status.error');
    expect(await status().textContent()).toMatch(/passkey not recognised/);
    expect(await page.locator('#signed-in').isHidden()).toBe(true);
  }, 60_000);
});
