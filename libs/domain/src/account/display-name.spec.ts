import { AuthError } from '@tangle/contracts';
import { composeDisplayName, normalizeDisplayName } from './display-name';

const detailOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return (error as AuthError).detail;
  }
  return undefined;
};

describe('display name', () => {
  it('is built from first and last name', () => {
    expect(composeDisplayName('Ahmed', 'Mohamed')).toBe('Ahmed Mohamed');
    expect(composeDisplayName('Ahmed', null)).toBe('Ahmed');
    expect(composeDisplayName(null, 'Mohamed')).toBe('Mohamed');
  });

  it('needs at least one of them', () => {
    expect(detailOf(() => composeDisplayName(null, null))).toBe('name is required');
  });

  it('refuses first and last names that together exceed the display name', () => {
    expect(composeDisplayName('A'.repeat(31), 'B'.repeat(32))).toHaveLength(64);
    expect(detailOf(() => composeDisplayName('A'.repeat(32), 'B'.repeat(32)))).toMatch(
      /^firstName and lastName together must be at most 63 characters/,
    );
  });

  it('keeps the rules of a display name typed as one', () => {
    expect(normalizeDisplayName('  Ada ')).toBe('Ada');
    expect(detailOf(() => normalizeDisplayName(' '))).toBe('name is required');
    expect(detailOf(() => normalizeDisplayName('x'.repeat(65)))).toBe(
      'name must be at most 64 characters',
    );
  });
});
