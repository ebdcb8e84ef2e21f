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
  it('quotes the printable start of the User-Agent, or names no device', () => {
    expect(describeRequester('curl/8.5.0')).toBe('"curl/8.5.0"');
    expect(describeRequester(`a"b\u0007c\u00e9 ${'x'.repeat(100)}`)).toBe(
      `"abc ${'x'.repeat(60)}"`,
    );
    expect(describeRequester(undefined)).toBe('an unnamed device');
    expect(describeRequester(' \u0001 ')).toBe('an unnamed device');
  });
});
