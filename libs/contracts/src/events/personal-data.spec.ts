import * as contracts from '../index';
import { EVENT_TYPE_PATTERN, PERSONAL_DATA, personalFieldsOf } from './personal-data';

/** Every `category.name.vN` string the contracts export: the event types. */
function exportedEventTypes(): string[] {
  return Object.values(contracts as Record<string, unknown>).filter(
    (value): value is string => typeof value === 'string' && EVENT_TYPE_PATTERN.test(value),
  );
}

describe('personal data registry', () => {
  it('finds the event types the contracts export', () => {
    const types = exportedEventTypes();
    expect(types).toContain('account.registered.v1');
    expect(types).toContain('session.started.v1');
    expect(types).toContain('account.deleted.v1');
  });

  it.each(exportedEventTypes())('declares the personal fields of %s', (type) => {
    expect(personalFieldsOf(type)).toBeDefined();
  });

  it('declares no type the contracts do not export', () => {
    expect(Object.keys(PERSONAL_DATA).filter((t) => !exportedEventTypes().includes(t))).toEqual([]);
  });

  it('declares the address, names and phone of a registration, and device strings of a session', () => {
    expect(personalFieldsOf('account.registered.v1')).toEqual(
      expect.arrayContaining(['email', 'name', 'firstName', 'lastName', 'phone']),
    );
    expect(personalFieldsOf('session.started.v1')).toEqual(
      expect.arrayContaining(['deviceType', 'deviceVersion']),
    );
    expect(personalFieldsOf('email.reserved.v1')).toEqual(['email']);
  });

  it('knows no undeclared type', () => {
    expect(personalFieldsOf('account.unknown.v1')).toBeUndefined();
    expect(personalFieldsOf('toString')).toBeUndefined();
  });
});
