// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The dependency rule of docs/architecture.md, enforced here:
 * contracts <- domain <- application <- adapters and transports <- apps.
 */
const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: forbidden.map((group) => ({ group: [group], message })) },
    ],
  },
});

const ADAPTERS = [
  '@tangle/event-store',
  '@tangle/read-models',
  '@tangle/limits',
  '@tangle/access-tokens',
  '@tangle/messaging',
  '@tangle/protocol',
  '@tangle/platform',
  '@tangle/mailer',
];
const NO_APPS = ['**/apps/**'];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'var/',
      'coverage/',
      'libs/protocol/src/generated/',
      'libs/messaging/src/generated/',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  layer(
    ['libs/contracts/**/*.ts'],
    ['@tangle/*', '@nestjs/*', ...NO_APPS],
    'contracts import nothing of ours and no framework',
  ),
  layer(
    ['libs/domain/**/*.ts'],
    ['@tangle/application', ...ADAPTERS, '@nestjs/*', 'node:*', 'fs', 'crypto', ...NO_APPS],
    'the domain is pure: contracts only, no Nest, no I/O',
  ),
  layer(
    ['libs/application/**/*.ts'],
    [...ADAPTERS, ...NO_APPS],
    'application code depends on ports, never on adapters or apps',
  ),
  layer(
    [
      'libs/event-store/**/*.ts',
      'libs/read-models/**/*.ts',
      'libs/limits/**/*.ts',
      'libs/access-tokens/**/*.ts',
      'libs/messaging/**/*.ts',
      'libs/platform/**/*.ts',
      'libs/mailer/**/*.ts',
      'libs/protocol/**/*.ts',
    ],
    NO_APPS,
    'libraries never import an app',
  ),
);
