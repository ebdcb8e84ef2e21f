import { ERROR_CATALOGUE, ErrorName } from './error-catalogue';

/**
 * A failure the caller can act on. `detail` refines the catalogue message
 * (for example which password rule failed); it never carries secrets.
 */
export class AuthError extends Error {
  readonly code: number;

  constructor(
    readonly errorName: ErrorName,
    readonly detail?: string,
  ) {
    super(
      detail
        ? `${ERROR_CATALOGUE[errorName].message}: ${detail}`
        : ERROR_CATALOGUE[errorName].message,
    );
    this.name = 'AuthError';
    this.code = ERROR_CATALOGUE[errorName].code;
  }
}

export function isAuthError(error: unknown): error is AuthError {
  return error instanceof AuthError;
}
