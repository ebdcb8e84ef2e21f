import { confirmationPage } from './confirmation-page';
import { describeRequester } from './requester-description';

describe('the link page', () => {
  const at = Date.UTC(2026, 2, 15, 10, 0);

  it('shows the described device, where and when, and the code to match, escaped', () => {
    const html = confirmationPage('Tangle', 'a1', 'tok', {
      matchCode: 'K7M-42P',
      requester: { description: '"<b>x</b>"', country: 'FR', region: 'Brittany' },
      requestedAt: at,
    });

    expect(html).toContain('<dd>&quot;&lt;b&gt;x&lt;/b&gt;&quot;</dd>');
    expect(html).toContain('<dd>Brittany, FR</dd>');
    expect(html).toContain('<dd>2026-03-15 10:00 UTC</dd>');
    expect(html).toContain('Confirm only if your device shows <b class="code">K7M-42P</b>.');
  });

  it('for a link from before match codes, says unknown and asks only whether it was you', () => {
    const html = confirmationPage('Tangle', 'a1', 'tok', {
      matchCode: null,
      requester: null,
      requestedAt: at,
    });

    expect(html).toContain('<dd>unknown</dd>');
    expect(html).toContain('Confirm only if it was you.');
  });
});

describe('describeRequester', () => {
  it('names the device by its User-Agent family, never by the raw text, or names no device', () => {
    expect(describeRequester('curl/8.5.0')).toBe('curl');
    expect(
      describeRequester(
        'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0 Tangle Security Team: press Confirm',
      ),
    ).toBe('Firefox on Linux');
    expect(describeRequester(undefined)).toBe('an unnamed device');
    expect(describeRequester(' \u0001 ')).toBe('an unnamed device');
  });
});
