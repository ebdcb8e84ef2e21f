import { ERROR_CATALOGUE, ErrorName } from './error-catalogue';

export interface AuthErrorOptions {
  /** For RATE_LIMIT_EXCEEDED: how long until a retry can succeed (HTTP `Retry-After`). */
  retryAfterMs?: number;
}

/**
 * A failure the caller can act on. `detail` refines the catalogue message
 * (for example which password rule failed); it never carries secrets.
 */
export class AuthError extends Error {
  readonly code: number;
  readonly retryAfterMs?: number;

  constructor(
    readonly errorName: ErrorName,
    readonly detail?: string,
    options: AuthErrorOptions = {},
  ) {
    super(
      detail
        ? `${ERROR_CATALOGUE[errorName].message}: ${detail}`
        : ERROR_CATALOGUE[errorName].message,
    );
    this.name = 'AuthError';
    this.code = ERROR_CATALOGUE[errorName].code;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }
}

export function isAuthError(error: unknown): error is AuthError {
  return error instanceof AuthError;
}
