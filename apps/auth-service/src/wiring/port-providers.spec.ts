import type { Provider } from '@nestjs/common';
import { PHONE_NUMBER_PARSER, type PhoneNumberParser } from '@tangle/application';
import { loadConfig } from '../config/auth-service.config';
import { portProviders } from './port-providers';

function phoneParser(env: Record<string, string>): PhoneNumberParser {
  const provider = portProviders(loadConfig(env)).find(
    (p: Provider): p is { provide: symbol; useValue: PhoneNumberParser } =>
      typeof p === 'object' && 'provide' in p && p.provide === PHONE_NUMBER_PARSER,
  );
  if (!provider) throw new Error('no PHONE_NUMBER_PARSER provider');
  return provider.useValue;
}

describe('port providers: phone numbers', () => {
  it('reads national numbers in PHONE_DEFAULT_REGION', () => {
    expect(phoneParser({ PHONE_DEFAULT_REGION: 'EG' }).toE164('01234567890')).toBe('+201234567890');
  });

  it('accepts only international format without it', () => {
    const parser = phoneParser({});
    expect(parser.toE164('+1 213 373 4253')).toBe('+12133734253');
    expect(() => parser.toE164('01234567890')).toThrow(/international format/);
  });
});
